import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS } from '../server/demo/demo-accounts.ts';
import { planDemoPortfolio } from '../server/demo/demo-portfolio.ts';
import { expectNoAxeViolations } from './support/accessibility.ts';
import { startJourney, viewports, type Journey } from './support/journey.ts';
import { horizontalOverflow, mainHeading } from './support/page-checks.ts';
import { DEMO_REFERENCE_DATE } from './support/repository.ts';
import { logInAsStaffWithEnrolment } from './support/staff-login.ts';

/**
 * Costs and CO₂: a staff admin enters the seed residence's tariffs (a cold-water price that
 * changes mid-month, the hot-water price, the allocators' price and kWh per unit) and its energy
 * (natural gas with its CO₂ factor and source); claire.fabre then sees her month's € and
 * kg CO₂e on her dashboard, labelled as an estimate that is not a bill.
 */
const STAFF_EMAIL = 'staff.admin@demo.example';
const RESIDENT_EMAIL = 'claire.fabre@demo.example';
const JOURNEY_TIMEOUT_MS = 600_000;

interface Figure {
  fluid: 'hot_water' | 'cold_water' | 'heating';
  consumption: string;
  costEur: string | null;
  co2Kg: string | null;
  tariffs: Array<{ component: string; value: string; from: string; to: string }>;
}
interface Costs {
  months: Array<{ period: string; fluids: Figure[]; totalCostEur: string | null; totalCo2Kg: string | null }>;
}

const euros = (amount: string) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2 }).format(Number(amount));
const kilograms = (amount: string) => `${new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Number(amount))} kg CO₂e`;
const frenchMonth = (month: string) => new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
const monthBefore = (day: string) => new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);

/** `decimal` × `price` in cents, rounded half up, from the exact decimal texts. */
function centsOf(decimal: string, price: string): bigint {
  const scaled = (text: string) => BigInt(`${text.split('.')[0]}${(text.split('.')[1] ?? '').padEnd(9, '0')}`);
  const product = scaled(decimal) * scaled(price);
  return (product + 5n * 10n ** 15n) / 10n ** 16n;
}

function claireResidence(): { id: string } {
  const plan = planDemoPortfolio({ referenceDate: DEMO_REFERENCE_DATE });
  const user = plan.users.find((candidate) => candidate.email === RESIDENT_EMAIL)!;
  const dwelling = plan.dwellings.find((candidate) => candidate.id === user.dwellingId)!;
  return { id: dwelling.residenceId };
}

describe('costs and CO₂', () => {
  let journey: Journey | undefined;

  afterEach(async () => {
    await journey?.close();
    journey = undefined;
  });

  it('staff set a tariff and a CO₂ factor for the seed residence; claire.fabre sees the month’s € and kg CO₂e', { timeout: JOURNEY_TIMEOUT_MS }, async () => {
    const residence = claireResidence();
    journey = await startJourney();
    const { page, context } = journey;
    page.setDefaultTimeout(120_000);

    // Claire's last month: the dashboard's « today » decides it.
    const resident = await context.browser()!.newContext({ baseURL: journey.baseUrl, viewport: viewports.phone, isMobile: true, hasTouch: true });
    const residentPage = await resident.newPage();
    residentPage.setDefaultTimeout(120_000);
    try {
      await residentPage.goto('/connexion');
      await residentPage.getByLabel('Adresse email').fill(RESIDENT_EMAIL);
      await residentPage.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORDS.resident);
      await residentPage.getByRole('button', { name: 'Se connecter' }).click();
      await mainHeading(residentPage, 'Mes suivis de consommation');
      const today = ((await (await residentPage.request.get('/api/resident/consumption')).json()) as { today: string }).today;
      const lastMonth = monthBefore(today);
      const changeDay = `${lastMonth}-16`;
      // Before any tariff: no figure, and it says so.
      await residentPage.getByRole('region', { name: 'Coûts et CO₂ estimés' }).getByText('Aucun tarif n’est encore renseigné pour votre résidence.').waitFor();

      // The staff admin enters the residence's tariffs on its back-office page.
      await logInAsStaffWithEnrolment(page, STAFF_EMAIL, DEMO_PASSWORDS.staff);
      await page.goto(`/back-office/residences/${residence.id}`);
      const panel = page.getByRole('region', { name: 'Coûts et CO₂' });
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
      await expectNoAxeViolations(page);
      // Each addition is in the audit trail.
      const audit = await page.request.get('/api/staff/audit-events');
      expect(audit.status()).toBe(200);
      expect(await audit.text()).toContain('staff.tariff_rate_added');

      // Claire sees last month's € and kg CO₂e beside the volumes, as an estimate, not a bill.
      await residentPage.reload();
      await mainHeading(residentPage, 'Mes suivis de consommation');
      const costs = residentPage.getByRole('region', { name: 'Coûts et CO₂ estimés' });
      await costs.getByText('Estimation à partir des tarifs de la résidence : ce n’est pas une facture.').waitFor();
      const month = ((await (await residentPage.request.get('/api/resident/costs')).json()) as Costs).months.find((entry) => entry.period === lastMonth)!;
      const table = costs.getByRole('table', { name: frenchMonth(lastMonth) });
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
      await costs.getByText(`Tarifs utilisés pour ${frenchMonth(lastMonth)}`).click();
      await costs.getByText(/Prix de l’eau froide \(€\/m³\) : 4,4, du 16\//).first().waitFor();
      await costs.getByText(/Énergie : Gaz naturel, 0,227 kg CO₂e\/kWh \(source : Base Empreinte ADEME\)/).first().waitFor();
      expect(await horizontalOverflow(residentPage)).toBe(0);
      await expectNoAxeViolations(residentPage);
      console.info(`claire.fabre ${lastMonth}: ${JSON.stringify(month)}`);
    } finally {
      await resident.close();
    }
  });
});
