import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS } from '../server/demo/demo-accounts.ts';
import { planDemoPortfolio } from '../server/demo/demo-portfolio.ts';
import { formatQuantity } from '../web/src/components/format.ts';
import { expectNoAxeViolations } from './support/accessibility.ts';
import { startJourney, viewports } from './support/journey.ts';
import { horizontalOverflow, mainHeading } from './support/page-checks.ts';
import { DEMO_REFERENCE_DATE, repositoryRoot } from './support/repository.ts';
import { logInAsStaffWithEnrolment } from './support/staff-login.ts';

/**
 * Issue 23's journey, on one portal server: a staff admin enters the seed residence's tariffs (a
 * cold-water price that changes mid-month, hot water, the allocators' price and kWh per unit) and
 * its energy (natural gas, its CO₂ factor and source), imports a degree-day file and ties the
 * residence to its station; claire.fabre, on a 360 px phone, then sees last month's € and kg CO₂e
 * on her dashboard and on her heating chart, labelled as estimates that are not a bill, and her
 * heating raw and climate-corrected; she creates a personal access token, reads her meters' index
 * with the `curl` command of docs/HOME-ASSISTANT.md, revokes the token, and the next read is refused.
 */
const STAFF_EMAIL = 'staff.admin@demo.example';
const RESIDENT_EMAIL = 'claire.fabre@demo.example';
const STATION = 'E2E-07156';
const JOURNEY_TIMEOUT_MS = 900_000;

const runFile = promisify(execFile);

interface Dashboard {
  today: string;
  fluids: Array<{ fluid: string; unit: 'units' | 'kWh' | 'm3'; months: Array<{ month: string; consumption: number | null }> }>;
}
interface Figure {
  fluid: 'hot_water' | 'cold_water' | 'heating';
  consumption: string;
  costEur: string | null;
  co2Kg: string | null;
  tariffs: Array<{ component: string; value: string; from: string; to: string }>;
}
interface CostPeriod {
  period: string;
  fluids: Figure[];
  totalCostEur: string | null;
  totalCo2Kg: string | null;
}
interface Costs {
  months: CostPeriod[];
  years: CostPeriod[];
}
interface HeatingClimate {
  station: string | null;
  months: Array<{ month: string; consumption: number | null; degreeDays: number | null; referenceDegreeDays: number | null; correctedConsumption: number | null; correction: string }>;
}

const euros = (amount: string) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2 }).format(Number(amount));
const kilograms = (amount: string) => `${new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Number(amount))} kg CO₂e`;
const frenchMonth = (month: string) => new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
const monthBefore = (day: string) => new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);
const daysOf = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();

/** `decimal` × `price` in cents, rounded half up, from the exact decimal texts. */
function centsOf(decimal: string, price: string): bigint {
  const scaled = (text: string) => BigInt(`${text.split('.')[0]}${(text.split('.')[1] ?? '').padEnd(9, '0')}`);
  const product = scaled(decimal) * scaled(price);
  return (product + 5n * 10n ** 15n) / 10n ** 16n;
}

function claireResidenceId(): string {
  const plan = planDemoPortfolio({ referenceDate: DEMO_REFERENCE_DATE });
  const user = plan.users.find((candidate) => candidate.email === RESIDENT_EMAIL)!;
  return plan.dwellings.find((candidate) => candidate.id === user.dwellingId)!.residenceId;
}

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

/** The `curl` command docs/HOME-ASSISTANT.md shows, with the journey's portal and token in place of its placeholders. */
async function documentedCurl(token: string, baseUrl: string): Promise<string> {
  const documentation = await readFile(path.join(repositoryRoot, 'docs/HOME-ASSISTANT.md'), 'utf8');
  const command = documentation.split('\n').find((line) => line.startsWith('curl '));
  expect(command).toBeDefined();
  return command!.replace('rcp_…', token).replace('https://portal.example', baseUrl);
}

/** Runs a command line as a resident would paste it into a shell; returns what it printed. */
async function runInShell(command: string): Promise<string> {
  return (await runFile('sh', ['-c', command])).stdout;
}

/** How many CSS pixels each table region inside `scope` would scroll sideways (all 0 when every table fits). */
async function tableOverflows(scope: Locator): Promise<number[]> {
  return scope.locator('.table-region').evaluateAll((regions) => regions.map((region) => region.scrollWidth - region.clientWidth));
}

async function logInResident(page: Page): Promise<void> {
  await page.goto('/connexion');
  await page.getByLabel('Adresse email').fill(RESIDENT_EMAIL);
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORDS.resident);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await mainHeading(page, 'Mes suivis de consommation');
}

describe('costs, CO₂, heating at equal climate and the resident API (issue 23)', () => {
  it(
    'staff set the tariffs, CO₂ factor and degree days; claire.fabre sees € and kg CO₂e, her corrected heating, and reads her index with a token until she revokes it',
    async () => {
      const residenceId = claireResidenceId();
      const journey = await startJourney();
      const { page: staffPage, context, baseUrl } = journey;
      staffPage.setDefaultTimeout(120_000);
      const resident = await context.browser()!.newContext({ baseURL: baseUrl, viewport: viewports.phone, isMobile: true, hasTouch: true, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
      const page = await resident.newPage();
      page.setDefaultTimeout(120_000);
      const residentErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') residentErrors.push(message.text());
      });
      page.on('pageerror', (error) => residentErrors.push(error.message));
      try {
        // Claire before any tariff or degree day: her last month, its raw heating, no figure yet.
        await logInResident(page);
        const dashboard = (await (await page.request.get('/api/resident/consumption')).json()) as Dashboard;
        const lastMonth = monthBefore(dashboard.today);
        const changeDay = `${lastMonth}-16`;
        const heatingFluid = dashboard.fluids.find((fluid) => fluid.fluid === 'heating')!;
        const raw = heatingFluid.months.find((entry) => entry.month === lastMonth)!.consumption!;
        expect(raw).toBeGreaterThan(0);
        expect(((await (await page.request.get('/api/resident/heating-climate')).json()) as HeatingClimate).station).toBeNull();
        await page.getByRole('region', { name: 'Coûts et CO₂ estimés' }).getByText('Aucun tarif n’est encore renseigné pour votre résidence.').waitFor();

        // The staff admin imports the degree days in the back office.
        await logInAsStaffWithEnrolment(staffPage, STAFF_EMAIL, DEMO_PASSWORDS.staff);
        await staffPage.goto('/back-office/imports');
        const degreeDays = staffPage.getByRole('region', { name: 'Degrés-jours' });
        await degreeDays.getByLabel('Fichier CSV').setInputFiles({ name: 'degres-jours.csv', mimeType: 'text/csv', buffer: Buffer.from(degreeDayCsv(lastMonth)) });
        await degreeDays.getByRole('button', { name: 'Importer les degrés-jours' }).click();
        const days = daysOf(lastMonth);
        await degreeDays.getByText(`Degrés-jours importés. Lignes lues : ${days * 2} ; stations : 1 ; jours nouveaux : ${days * 2} ; jours remplacés : 0.`).waitFor();

        // On the residence's page: its station, then its tariffs and energy.
        await staffPage.goto(`/back-office/residences/${residenceId}`);
        const stationPanel = staffPage.getByRole('region', { name: 'Station météo' });
        await stationPanel.getByText('Aucune station associée.').waitFor();
        await stationPanel.getByLabel('Station').selectOption(STATION);
        await stationPanel.getByRole('button', { name: 'Enregistrer la station' }).click();
        await stationPanel.getByText(`Station associée : ${STATION}.`).waitFor();

        const panel = staffPage.getByRole('region', { name: 'Coûts et CO₂' });
        const rateForm = panel.getByRole('form', { name: 'Ajouter le prix ou le facteur' });
        const addRate = async (component: string, validFrom: string, value: string) => {
          await rateForm.getByLabel('Élément').selectOption({ label: component });
          await rateForm.getByLabel('En vigueur depuis le').fill(validFrom);
          await rateForm.getByLabel('Valeur').fill(value);
          await rateForm.getByRole('button', { name: 'Ajouter le prix ou le facteur' }).click();
          await panel.getByRole('table', { name: 'Prix et facteurs' }).getByRole('row').filter({ hasText: component }).filter({ hasText: value }).first().waitFor();
        };
        await addRate('Prix de l’eau froide (€/m³)', '2025-01-01', '4,15');
        await addRate('Prix de l’eau froide (€/m³)', changeDay, '4,4');
        await addRate('Prix de l’eau chaude (€/m³)', '2025-01-01', '9,8');
        await addRate('Prix du chauffage, répartiteurs (€/unité)', '2025-01-01', '0,85');
        await addRate('Énergie par unité de répartiteur (kWh/unité)', '2025-01-01', '8');
        const supplyForm = panel.getByRole('form', { name: 'Ajouter l’énergie' });
        await supplyForm.getByRole('combobox').selectOption({ label: 'Gaz naturel' });
        await supplyForm.getByLabel('En vigueur depuis le').fill('2025-01-01');
        await supplyForm.getByLabel('Facteur CO₂ (kg CO₂e/kWh)').fill('0,227');
        await supplyForm.getByLabel('Source du facteur').fill('Base Empreinte ADEME');
        await supplyForm.getByRole('button', { name: 'Ajouter l’énergie' }).click();
        await panel.getByRole('table', { name: 'Énergie du chauffage et de l’eau chaude' }).getByRole('row').filter({ hasText: 'Base Empreinte ADEME' }).waitFor();
        await expectNoAxeViolations(staffPage);
        // Each addition is in the audit trail.
        const audit = await staffPage.request.get('/api/staff/audit-events');
        expect(audit.status()).toBe(200);
        expect(await audit.text()).toContain('staff.tariff_rate_added');

        // Claire's dashboard: last month's € and kg CO₂e beside the volumes, as an estimate, not a bill.
        await page.reload();
        await mainHeading(page, 'Mes suivis de consommation');
        const costsPanel = page.getByRole('region', { name: 'Coûts et CO₂ estimés' });
        await costsPanel.getByText('Estimation à partir des tarifs de la résidence : ce n’est pas une facture.').waitFor();
        const costs = (await (await page.request.get('/api/resident/costs')).json()) as Costs;
        const month = costs.months.find((entry) => entry.period === lastMonth)!;
        const table = costsPanel.getByRole('table', { name: frenchMonth(lastMonth) });
        await table.waitFor();

        // Hot water: one price all month, so its € is its volume times 9.80 €/m³, computed here from the exact texts.
        const hot = month.fluids.find((figure) => figure.fluid === 'hot_water')!;
        expect(BigInt(hot.costEur!.replace('.', ''))).toBe(centsOf(hot.consumption, '9.8'));
        expect(hot.co2Kg).not.toBeNull();
        const hotRow = table.getByRole('row', { name: /^Eau chaude/ });
        expect(await hotRow.textContent()).toContain(euros(hot.costEur!));
        expect(await hotRow.textContent()).toContain(kilograms(hot.co2Kg!));

        // Cold water: the month straddles the change, each part at its own price, both listed; no CO₂.
        const cold = month.fluids.find((figure) => figure.fluid === 'cold_water')!;
        expect(cold.tariffs.map((tariff) => [tariff.value, tariff.from, tariff.to])).toEqual([
          ['4.15', `${lastMonth}-01`, `${lastMonth}-15`],
          ['4.4', changeDay, cold.tariffs[1]!.to],
        ]);
        expect(cold.co2Kg).toBeNull();
        expect(await table.getByRole('row', { name: /^Eau froide/ }).textContent()).toContain(euros(cold.costEur!));

        // Heating by allocators: units × 0.85 €, and units × 8 kWh × 0.227 kg CO₂e.
        const heating = month.fluids.find((figure) => figure.fluid === 'heating')!;
        expect(BigInt(heating.costEur!.replace('.', ''))).toBe(centsOf(heating.consumption, '0.85'));
        const total = table.getByRole('row', { name: /^Total/ });
        expect(await total.textContent()).toContain(euros(month.totalCostEur!));
        expect(await total.textContent()).toContain(kilograms(month.totalCo2Kg!));

        // The tariffs used are listed under the table.
        await costsPanel.getByText(`Tarifs utilisés pour ${frenchMonth(lastMonth)}`).click();
        await costsPanel.getByText(/Prix de l’eau froide \(€\/m³\) : 4,4, du 16\//).first().waitFor();
        await costsPanel.getByText(/Énergie : Gaz naturel, 0,227 kg CO₂e\/kWh \(source : Base Empreinte ADEME\)/).first().waitFor();
        // At 360 px the cost tables read as cards: neither the page nor a table scrolls sideways.
        expect(await horizontalOverflow(page)).toBe(0);
        const overflows = await tableOverflows(costsPanel);
        expect(overflows.length).toBeGreaterThan(0);
        expect(overflows).toEqual(overflows.map(() => 0));
        await expectNoAxeViolations(page);
        console.info(`claire.fabre ${lastMonth}: ${JSON.stringify(month)}`);

        // Her heating page: the month's € and kg CO₂e beside its volume on the monthly chart, and per year.
        await page.goto('/mon-espace/consommations/chauffage');
        await mainHeading(page, 'Chauffage');
        const monthly = page.getByRole('region', { name: 'Consommation mensuelle' });
        await monthly.getByText('estimation à partir des tarifs de la résidence, ce n’est pas une facture.', { exact: false }).waitFor();
        await monthly.getByText('Voir le tableau des valeurs').click();
        const chartRow = monthly.getByRole('table', { name: /^Chauffage : consommation par mois/ }).getByRole('row', { name: new RegExp(`^${frenchMonth(lastMonth)}`, 'i') });
        expect(await chartRow.textContent()).toContain(euros(heating.costEur!));
        expect(await chartRow.textContent()).toContain(kilograms(heating.co2Kg!));
        const year = costs.years.find((entry) => entry.period === dashboard.today.slice(0, 4))!.fluids.find((figure) => figure.fluid === 'heating')!;
        const yearRow = monthly.getByRole('table', { name: 'Chauffage : coût et CO₂ estimés par année' }).getByRole('row', { name: /Année \d{4} \(en cours\)/ });
        expect(await yearRow.textContent()).toContain(euros(year.costEur!));
        expect(await yearRow.textContent()).toContain(kilograms(year.co2Kg!));

        // Her heating at equal climate: raw and corrected, corrected = raw × 16.7·n ÷ 13·n.
        const climate = (await (await page.request.get('/api/resident/heating-climate')).json()) as HeatingClimate;
        const entry = climate.months.find((candidate) => candidate.month === lastMonth)!;
        expect(entry).toMatchObject({ consumption: raw, correction: 'corrected' });
        expect(entry.degreeDays).toBeCloseTo(13 * days, 6);
        expect(entry.referenceDegreeDays).toBeCloseTo(16.7 * days, 6);
        expect(entry.correctedConsumption).toBeCloseTo((raw * 16.7) / 13, 6);
        console.info(`claire.fabre ${lastMonth}: raw ${raw} ${heatingFluid.unit}, degree days ${entry.degreeDays} (reference ${entry.referenceDegreeDays}), corrected ${entry.correctedConsumption}`);
        const section = page.getByRole('region', { name: 'Chauffage à climat égal' });
        const figures = section.getByTestId('heating-climate-figures');
        const unitText = heatingFluid.unit === 'units' ? 'unités' : heatingFluid.unit;
        await figures.getByText(`chiffre corrigé du climat : ${formatQuantity(entry.correctedConsumption!, heatingFluid.unit, 'fr')} ${unitText}`, { exact: false }).waitFor();
        expect(await figures.textContent()).toContain(`chiffre brut de votre chauffage : ${formatQuantity(raw, heatingFluid.unit, 'fr')} ${unitText}`);
        await section.getByText('La correction climatique ramène votre chauffage').waitFor();
        await section.getByRole('img', { name: /degrés-jours/ }).waitFor();
        expect(await horizontalOverflow(page)).toBe(0);
        await expectNoAxeViolations(page);

        // « Mes données »: a token, shown once with the command of the documentation.
        await page.goto('/mon-espace/mes-donnees');
        await page.getByRole('heading', { name: "Jetons d'accès à mes consommations" }).waitFor();
        await page.getByLabel('Nom du jeton').fill('Home Assistant');
        await page.getByLabel('Durée de validité').selectOption('90');
        await page.getByRole('button', { name: 'Créer le jeton' }).click();
        const token = (await page.getByTestId('new-api-token').textContent())!.trim();
        expect(token).toMatch(/^rcp_/);
        const command = await documentedCurl(token, baseUrl);
        expect(await page.locator('.resident-token-command').textContent()).toBe(command);
        expect(await horizontalOverflow(page)).toBe(0);
        await expectNoAxeViolations(page);

        // Her meters' index, read with the documented command; her profile stays closed to the token.
        const meters = JSON.parse(await runInShell(command)).meters as Array<{ fluid: string; total: number; homeAssistantUnit: string }>;
        expect(meters.some((meter) => meter.total > 0)).toBe(true);
        const profile = await fetch(`${baseUrl}/api/resident/profile`, { headers: { Authorization: `Bearer ${token}` } });
        expect(profile.status).toBe(403);

        // Revoked, the same command is refused.
        await page.reload();
        const item = page.locator('.resident-token', { hasText: 'Home Assistant' });
        await item.getByText(/Dernière utilisation/).waitFor();
        await item.getByRole('button', { name: 'Révoquer le jeton Home Assistant' }).click();
        await page.getByText('Le jeton « Home Assistant » est révoqué').waitFor();
        expect(JSON.parse(await runInShell(command)).error.code).toBe('api_token_invalid');
        const refused = await fetch(`${baseUrl}/api/resident/consumption/meters`, { headers: { Authorization: `Bearer ${token}` } });
        expect(refused.status).toBe(401);

        expect(residentErrors).toEqual([]);
        expect(journey.consoleErrors).toEqual([]);
      } finally {
        await resident.close();
        await journey.close();
      }
    },
    JOURNEY_TIMEOUT_MS,
  );
});
