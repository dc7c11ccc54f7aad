import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS } from '../server/demo/demo-accounts.ts';
import { formatQuantity } from '../web/src/components/format.ts';
import { startJourney } from './support/journey.ts';
import { mainHeading } from './support/page-checks.ts';
import { logInAsStaffWithEnrolment } from './support/staff-login.ts';

/**
 * Heating at equal climate: a staff admin imports a degree-day file in the back office and ties
 * the seed residence to its station; claire.fabre's heating page then shows last month's heating
 * raw and climate-corrected, with the degree days.
 */
const RESIDENT_EMAIL = 'claire.fabre@demo.example';
const STAFF_EMAIL = 'staff.admin@demo.example';
const STATION = 'E2E-07156';
const JOURNEY_TIMEOUT_MS = 600_000;

interface Dashboard {
  today: string;
  residence: { buildingCode: string; name: string | null };
  fluids: Array<{ fluid: string; unit: 'units' | 'kWh' | 'm3'; months: Array<{ month: string; consumption: number | null }> }>;
}
interface HeatingClimate {
  station: string | null;
  months: Array<{ month: string; consumption: number | null; degreeDays: number | null; referenceDegreeDays: number | null; correctedConsumption: number | null; correction: string }>;
}

const previousMonth = (day: string) => new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);
const daysOf = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();

/**
 * Every day of `month` at Tmin 2.0 / Tmax 8.0 (18 − 5.0 = 13 degree days a day), and every day of
 * the same month a year before at Tmin −1.5 / Tmax 4.1 (18 − 1.3 = 16.7 a day).
 */
function degreeDayCsv(month: string): string {
  const reference = `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
  const lines = ['station;day;tmin;tmax'];
  for (let day = 1; day <= daysOf(month); day += 1) lines.push(`${STATION};${reference}-${String(day).padStart(2, '0')};-1.5;4.1`);
  for (let day = 1; day <= daysOf(month); day += 1) lines.push(`${STATION};${month}-${String(day).padStart(2, '0')};2.0;8.0`);
  return lines.join('\n');
}

async function logInResident(page: Page): Promise<void> {
  await page.goto('/connexion');
  await page.getByLabel('Adresse email').fill(RESIDENT_EMAIL);
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORDS.resident);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await mainHeading(page, 'Mes suivis de consommation');
}

describe('heating at equal climate', () => {
  it(
    'a degree-day file is imported and claire.fabre’s heating comparison shows the corrected figure',
    async () => {
      const journey = await startJourney();
      try {
        const { page, context } = journey;
        page.setDefaultTimeout(120_000);

        // The resident's last month and its raw heating, as the dashboard gives them.
        await logInResident(page);
        const dashboard = (await (await page.request.get('/api/resident/consumption')).json()) as Dashboard;
        const month = previousMonth(dashboard.today);
        const heating = dashboard.fluids.find((fluid) => fluid.fluid === 'heating')!;
        const raw = heating.months.find((entry) => entry.month === month)!.consumption!;
        expect(raw).toBeGreaterThan(0);
        const before = (await (await page.request.get('/api/resident/heating-climate')).json()) as HeatingClimate;
        expect(before.station).toBeNull();
        await context.clearCookies();

        // The back office: the file imported, then the residence tied to the station.
        await logInAsStaffWithEnrolment(page, STAFF_EMAIL, DEMO_PASSWORDS.staff);
        await page.goto('/back-office/imports');
        const panel = page.getByRole('region', { name: 'Degrés-jours' });
        await panel.getByLabel('Fichier CSV').setInputFiles({ name: 'degres-jours.csv', mimeType: 'text/csv', buffer: Buffer.from(degreeDayCsv(month)) });
        await panel.getByRole('button', { name: 'Importer les degrés-jours' }).click();
        const days = daysOf(month);
        await panel.getByText(`Degrés-jours importés : ${days * 2} lignes, 1 station(s), ${days * 2} jours nouveaux, 0 jours remplacés.`).waitFor();

        await page.getByRole('searchbox', { name: 'Recherche rapide' }).fill(dashboard.residence.buildingCode);
        await page.keyboard.press('Enter');
        await page.getByRole('link', { name: new RegExp(`^${dashboard.residence.buildingCode}`) }).first().click();
        const stationPanel = page.getByRole('region', { name: 'Station météo' });
        await stationPanel.getByText('Aucune station associée.').waitFor();
        await stationPanel.getByLabel('Station').selectOption(STATION);
        await stationPanel.getByRole('button', { name: 'Enregistrer la station' }).click();
        await stationPanel.getByText(`Station associée : ${STATION}.`).waitFor();
        await context.clearCookies();

        // The resident's heating page: raw and corrected, corrected = raw × 16.7·n ÷ 13·n.
        await logInResident(page);
        const after = (await (await page.request.get('/api/resident/heating-climate')).json()) as HeatingClimate;
        const entry = after.months.find((candidate) => candidate.month === month)!;
        expect(entry).toMatchObject({ consumption: raw, correction: 'corrected' });
        expect(entry.degreeDays).toBeCloseTo(13 * days, 6);
        expect(entry.referenceDegreeDays).toBeCloseTo(16.7 * days, 6);
        expect(entry.correctedConsumption).toBeCloseTo((raw * 16.7) / 13, 6);
        console.log(`claire.fabre ${month}: raw ${raw} ${heating.unit}, degree days ${entry.degreeDays} (reference ${entry.referenceDegreeDays}), corrected ${entry.correctedConsumption}`);

        await page.goto('/mon-espace/consommations/chauffage');
        const section = page.getByRole('region', { name: 'Chauffage à climat égal' });
        await section.waitFor();
        const figures = section.getByTestId('heating-climate-figures');
        const unitText = heating.unit === 'units' ? 'unités' : heating.unit;
        await figures.getByText(`${formatQuantity(entry.correctedConsumption!, heating.unit, 'fr')} ${unitText} corrigé du climat`, { exact: false }).waitFor();
        expect(await figures.textContent()).toContain(`${formatQuantity(raw, heating.unit, 'fr')} ${unitText} (brut)`);
        await section.getByText('La correction climatique ramène votre chauffage').waitFor();
        await section.getByRole('img', { name: /degrés-jours/ }).waitFor();
        expect(journey.consoleErrors).toEqual([]);
      } finally {
        await journey.close();
      }
    },
    JOURNEY_TIMEOUT_MS,
  );
});
