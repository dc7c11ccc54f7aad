import { readFile } from 'node:fs/promises';
import type { APIRequestContext, Download, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { exportQuantity } from '../server/modules/consumption/export-quantity.ts';
import { DEMO_PASSWORDS } from '../server/demo/demo-accounts.ts';
import { expectNoAxeViolations } from './support/accessibility.ts';
import { viewports } from './support/journey.ts';
import { useMailingJourneys } from './support/mailing-journey.ts';
import { followSpaceMenu, horizontalOverflow, mainHeading } from './support/page-checks.ts';

/** The demo's featured resident of the seed residence: hot and cold water, heating, years of history, a leak running now. */
const RESIDENT_EMAIL = 'claire.fabre@demo.example';
const NEW_PASSWORD = 'Rivage-Tamaris-8421';
const MANAGER_EMAIL = 'admin.syndic@demo.example';
const NEWCOMER = { email: 'nouvel.occupant@example.org', password: 'Mistral-Garrigue-5170', firstName: 'Léa', lastName: 'Moreau' };

type Fluid = 'hot_water' | 'cold_water' | 'heating';
interface DashboardFluid {
  fluid: Fluid;
  unit: 'm3' | 'units' | 'kWh';
  dataUntil: string | null;
  hasHourlyData: boolean;
  months: Array<{ month: string; consumption: number | null; sameMonthLastYear: number | null; residenceAverage: number | null }>;
  recentDays: { days: unknown[] };
  currentMonth: unknown;
  lastMonth: unknown;
  year: unknown;
}
interface Dashboard {
  today: string;
  historyStartsOn: string;
  residence: { buildingCode: string };
  dwelling: { dwellingCode: string };
  fluids: DashboardFluid[];
}

const FLUID_NAMES: Record<Fluid, { name: string; lower: string }> = {
  hot_water: { name: 'Eau chaude', lower: "d'eau chaude" },
  cold_water: { name: 'Eau froide', lower: "d'eau froide" },
  heating: { name: 'Chauffage', lower: 'de chauffage' },
};
const UNIT_NAMES = { m3: 'm³', units: 'unités', kWh: 'kWh' } as const;

const frenchDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
const frenchMonth = (month: string) =>
  new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month.slice(0, 7)}-01T00:00:00Z`));
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const monthBefore = (day: string) => new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);

async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/connexion');
  await page.getByLabel('Adresse email').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await mainHeading(page, 'Mes suivis de consommation');
}

async function readJson<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(path);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

async function signedInUser(request: APIRequestContext): Promise<unknown> {
  return ((await readJson<{ user: unknown }>(request, '/api/auth/me')).user ?? null) as unknown;
}

/** Fits the phone and passes axe. */
async function checkPage(page: Page, what: string): Promise<void> {
  expect(await horizontalOverflow(page), what).toBe(0);
  await expectNoAxeViolations(page);
}

async function openMenu(page: Page, link: string | RegExp, heading: string): Promise<void> {
  await followSpaceMenu(page, 'Menu de mon espace', link, { exact: true });
  await mainHeading(page, heading);
}

/** Opens a chart's data table from the keyboard (« Voir le tableau des valeurs »). */
async function openTable(page: Page, region: Locator): Promise<void> {
  await region.getByText('Voir le tableau des valeurs').focus();
  await page.keyboard.press('Enter');
}

async function downloadText(download: Download): Promise<string> {
  return (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
}

/** The sign-up's own API, called from the portal's page (same origin, its cookie), as its screens do. */
async function postFromPage(page: Page, path: string, body: unknown, method = 'POST'): Promise<number> {
  return page.evaluate(
    async ({ path, body, method }) => (await fetch(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).status,
    { path, body, method },
  );
}

/** Many pages, downloads and a sign-up on a shared two-core machine. */
const JOURNEY_TIMEOUT_MS = 600_000;

describe('resident portal « Mes suivis de consommation »', () => {
  const startMailingJourney = useMailingJourneys();

  it('shows each fluid month by month and day by day with its comparisons, exports, changes an option and the password, and a move-out hides everything from the next occupant', async () => {
    const journey = await startMailingJourney({ viewport: 'phone' });
    const { page, context, baseUrl, smtp } = journey;
    page.setDefaultTimeout(60_000);
    const browser = context.browser()!;

    // The dashboard: each fluid's figures and the day data runs to.
    await logIn(page, RESIDENT_EMAIL, DEMO_PASSWORDS.resident);
    const dashboard = await readJson<Dashboard>(page.request, '/api/resident/consumption');
    expect(dashboard.fluids.map((fluid) => fluid.fluid)).toEqual(['hot_water', 'cold_water', 'heating']);
    for (const fluid of dashboard.fluids) {
      const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2, name: FLUID_NAMES[fluid.fluid].name }) });
      await card.getByText(`Données disponibles jusqu'au ${frenchDay(fluid.dataUntil!)}`).waitFor();
      await card.getByText(`Le mois dernier (${frenchMonth(monthBefore(dashboard.today))})`).waitFor();
    }
    await checkPage(page, 'dashboard');

    // Each fluid: the monthly history with its comparisons, last month compared, any range of days, hours where the meter sends them.
    const lastMonth = monthBefore(dashboard.today);
    for (const fluid of dashboard.fluids) {
      const { name, lower } = FLUID_NAMES[fluid.fluid];
      const unit = UNIT_NAMES[fluid.unit];
      await followSpaceMenu(page, 'Menu de mon espace', 'Mes consommations');
      await mainHeading(page, 'Mes suivis de consommation');
      await page.getByRole('link', { name: `Voir le détail ${lower}` }).click();
      await mainHeading(page, name);

      const monthly = page.getByRole('region', { name: 'Consommation mensuelle' });
      await monthly.getByRole('img', { name: new RegExp(`^${name} : consommation par mois de .* avec le même mois de l'année précédente et le logement moyen de la résidence`) }).waitFor();
      await monthly.getByText('Trait en pointillés avec un rond clair : Même mois l\'an dernier').waitFor();
      await openTable(page, monthly);
      const monthlyTable = monthly.getByRole('table', { name: `${name} : consommation par mois, en ${unit}` });
      expect(await monthlyTable.getByRole('row').count()).toBe(fluid.months.length + 1);
      const lastMonthRow = monthlyTable.getByRole('row').filter({ has: page.getByRole('rowheader', { name: frenchMonth(lastMonth) }) });
      const entry = fluid.months.find((month) => month.month === lastMonth)!;
      expect(entry.sameMonthLastYear, `${name}: the same month a year before is within the history`).not.toBeNull();
      // m³ always to the litre (3 decimals), allocator units and kWh whole.
      const digits = fluid.unit === 'm3' ? 3 : 0;
      const decimal = (value: number) => new Intl.NumberFormat('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
      expect(await lastMonthRow.innerText()).toContain(decimal(entry.sameMonthLastYear!));

      // Last month against the same month a year before and the residence's average dwelling, as a graph and in words.
      await page.getByRole('heading', { level: 2, name: `Comparaisons pour ${frenchMonth(lastMonth)}` }).waitFor();
      await page.getByRole('img', { name: new RegExp(`^${name} en ${frenchMonth(lastMonth)}, en ${unit} : votre consommation comparée au même mois de l'année précédente`) }).waitFor();
      await page.getByText(`par rapport à ${frenchMonth(`${Number(lastMonth.slice(0, 4)) - 1}${lastMonth.slice(4)}`)}`, { exact: false }).waitFor();

      // The last 30 days by default, then a month chosen by the resident.
      const daily = page.getByRole('region', { name: 'Consommation journalière' });
      await daily.getByRole('img', { name: new RegExp(`^${name} : consommation par jour du ${frenchDay(addDays(dashboard.today, -29))} au ${frenchDay(dashboard.today)}`) }).waitFor();
      await daily.getByLabel('Du', { exact: true }).fill('2026-10-01');
      await daily.getByLabel('Au', { exact: true }).fill('2026-10-31');
      await daily.getByRole('button', { name: 'Afficher' }).click();
      await daily.getByRole('img', { name: new RegExp(`^${name} : consommation par jour du 01/10/2026 au 31/10/2026`) }).waitFor();
      await openTable(page, daily);
      // Days of water in litres.
      const dailyTable = daily.getByRole('table', { name: `${name} : consommation par jour du 01/10/2026 au 31/10/2026, en ${fluid.unit === 'm3' ? 'litres' : unit}` });
      expect(await dailyTable.getByRole('row').count()).toBe(31 + 1);

      // Hours only for a meter that sends them: the last whole day of hours, or no such section at all.
      const hourly = page.getByRole('region', { name: 'Consommation heure par heure' });
      if (fluid.hasHourlyData) {
        await hourly.getByRole('img', { name: new RegExp(`^${name} : consommation heure par heure le (${frenchDay(fluid.dataUntil!)}|${frenchDay(addDays(fluid.dataUntil!, -1))})`) }).waitFor();
      } else {
        expect(await hourly.count(), `${name}: no hourly section`).toBe(0);
      }
      await checkPage(page, `${name} page`);
    }

    // The monthly information the Energy Efficiency Directive asks for, with where to find advice.
    await openMenu(page, 'Information mensuelle', 'Votre information mensuelle');
    for (const fluid of dashboard.fluids) {
      await page.getByRole('region', { name: FLUID_NAMES[fluid.fluid].name }).getByRole('heading', { name: `Comparaisons pour ${frenchMonth(lastMonth)}` }).waitFor();
    }
    for (const [name, address] of [
      [/^France Rénov'/, /^https:\/\/france-renov\.gouv\.fr/],
      [/^ADEME/, /^https:\/\/agirpourlatransition\.ademe\.fr/],
      [/^Institut national de la consommation/, /^https:\/\/www\.inc-conso\.fr/],
    ] as const) {
      expect(await page.getByRole('link', { name }).getAttribute('href')).toMatch(address);
    }
    await checkPage(page, 'monthly information');

    // « Alertes » has its place in the menu (its content is the alerts journey's).
    await openMenu(page, 'Alertes (1 alerte en cours)', 'Alertes');
    await checkPage(page, 'alerts');

    // « Mes données »: the consumption CSV holds the resident's days, the same values as the screens.
    await openMenu(page, 'Mes données', 'Mes données');
    await checkPage(page, 'data rights');
    const [dailyCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger mes consommations jour par jour (CSV)' }).click()]);
    const csvLines = (await downloadText(dailyCsv)).trim().split('\r\n');
    expect(csvLines[0]).toBe('jour;fluide;consommation;unite;estime');
    const october = await readJson<{ days: Array<{ day: string; consumption: number }> }>(page.request, '/api/resident/consumption/daily?fluid=cold_water&from=2026-10-01&to=2026-10-31');
    const sample = october.days[14]!;
    expect(csvLines).toContain(`${sample.day};eau froide;${exportQuantity(sample.consumption, 'm3').value};litres;non`);
    expect(csvLines.slice(1).every((line) => line.slice(0, 10) >= dashboard.historyStartsOn)).toBe(true);
    const [monthlyCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger mes consommations mois par mois (CSV)' }).click()]);
    expect((await downloadText(monthlyCsv)).split('\r\n')[0]).toBe('mois;fluide;consommation;unite;estime;mois_partiel;cout_estime_eur;co2_estime_kg');

    // « Mes options »: withdrawing the manager's access to daily data applies at once.
    const manager = await browser.newContext({ baseURL: baseUrl });
    expect((await manager.request.post('/api/auth/login', { data: { space: 'manager', email: MANAGER_EMAIL, password: DEMO_PASSWORDS.manager } })).status()).toBe(200);
    const residences = await readJson<{ residences: Array<{ id: string }> }>(manager.request, `/api/manager/residences?search=${dashboard.residence.buildingCode}`);
    const residence = await readJson<{ dwellings: Array<{ id: string; dwellingCode: string; reference: string }> }>(manager.request, `/api/manager/residences/${residences.residences[0]!.id}`);
    const dwelling = residence.dwellings.find((candidate) => candidate.dwellingCode === dashboard.dwelling.dwellingCode)!;
    expect((await manager.request.get(`/api/manager/dwellings/${dwelling.id}/daily`)).status()).toBe(200);
    await openMenu(page, 'Mes options', 'Mes options');
    const managerDaily = page.getByRole('checkbox', { name: 'Autoriser mon gestionnaire à voir mes consommations journalières' });
    expect(await managerDaily.isChecked()).toBe(true);
    await managerDaily.click();
    await page.getByRole('status').getByText('C\'est enregistré : « Autoriser mon gestionnaire à voir mes consommations journalières » est maintenant désactivé.').waitFor();
    expect((await manager.request.get(`/api/manager/dwellings/${dwelling.id}/daily`)).status()).toBe(403);
    await page.reload();
    await mainHeading(page, 'Mes options');
    expect(await page.getByRole('checkbox', { name: 'Autoriser mon gestionnaire à voir mes consommations journalières' }).isChecked()).toBe(false);
    await checkPage(page, 'options');

    // « Mon profil »: a new password ends the resident's other open session and keeps this one.
    const otherSession = await browser.newContext({ baseURL: baseUrl, viewport: viewports.phone });
    expect((await otherSession.request.post('/api/auth/login', { data: { space: 'resident', email: RESIDENT_EMAIL, password: DEMO_PASSWORDS.resident } })).status()).toBe(200);
    expect(await signedInUser(otherSession.request)).not.toBeNull();
    await openMenu(page, 'Mon profil', 'Mon profil');
    await checkPage(page, 'profile');
    const passwordForm = page.getByRole('region', { name: 'Changer mon mot de passe' });
    await passwordForm.getByLabel('Mot de passe actuel').fill(DEMO_PASSWORDS.resident);
    await passwordForm.getByLabel('Nouveau mot de passe', { exact: true }).fill(NEW_PASSWORD);
    await passwordForm.getByLabel('Confirmez le nouveau mot de passe').fill(NEW_PASSWORD);
    await passwordForm.getByRole('button', { name: 'Changer mon mot de passe' }).click();
    await passwordForm.getByText('Votre mot de passe a été changé. Vos autres sessions ouvertes ont été fermées.').waitFor();
    expect(await signedInUser(otherSession.request)).toBeNull();
    expect(await signedInUser(page.request)).not.toBeNull();
    await checkPage(page, 'profile after the password change');
    await otherSession.close();

    // « Je déménage »: a move-out yesterday closes the access at once.
    await openMenu(page, 'Mes données', 'Mes données');
    const moveOutDay = addDays(dashboard.today, -1);
    const moveOut = page.getByRole('region', { name: 'Je déménage' });
    await moveOut.getByLabel('Date de départ').fill(moveOutDay);
    await moveOut.getByLabel('Mot de passe actuel').fill(NEW_PASSWORD);
    await moveOut.getByRole('button', { name: 'Déclarer mon départ' }).click();
    await page.getByText(`Votre départ est enregistré au ${frenchDay(moveOutDay)} et votre accès est fermé.`, { exact: false }).waitFor();
    expect(await signedInUser(page.request)).toBeNull();
    await checkPage(page, 'after the move-out');

    // The next occupant signs up for the same dwelling through the sign-up's own steps, moving in today.
    const newcomer = await browser.newContext({ baseURL: baseUrl, viewport: viewports.phone, isMobile: true, hasTouch: true, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const newcomerPage = await newcomer.newPage();
    newcomerPage.setDefaultTimeout(60_000);
    await newcomerPage.goto('/inscription');
    expect(await postFromPage(newcomerPage, '/api/signup/identify/dwelling-reference', { buildingCode: dashboard.residence.buildingCode, dwellingReference: dwelling.reference })).toBe(200);
    expect(await postFromPage(newcomerPage, '/api/signup/attestation', { isCurrentOccupant: true })).toBe(200);
    expect(await postFromPage(newcomerPage, '/api/signup/profile', { isOwner: false, movedInOn: dashboard.today, councilMember: 'no_answer' })).toBe(200);
    expect(
      await postFromPage(newcomerPage, '/api/signup/options', { notifyLeakByEmail: true, notifyLeakBySms: false, notifyOverconsumption: false, managerMaySeeDaily: false }),
    ).toBe(200);
    expect(
      await postFromPage(newcomerPage, '/api/signup/personal-info', {
        civility: 'madame',
        lastName: NEWCOMER.lastName,
        firstName: NEWCOMER.firstName,
        mobile: '06 12 34 56 78',
        email: NEWCOMER.email,
        password: NEWCOMER.password,
        acceptsPrivacyPolicy: true,
        subscribesNewsletter: false,
      }),
    ).toBe(200);
    const codeEmail = await smtp.waitForEmail(NEWCOMER.email, { includeEarlier: true, timeoutMs: 15_000 });
    const code = /^(\d{6})$/m.exec(codeEmail.text)?.[1];
    expect(await postFromPage(newcomerPage, '/api/signup/verification', { code })).toBe(200);

    // The newcomer sees nothing of the previous occupant: no figure, no day, no month, an empty export.
    await logIn(newcomerPage, NEWCOMER.email, NEWCOMER.password);
    const fresh = await readJson<Dashboard>(newcomerPage.request, '/api/resident/consumption');
    expect(fresh.historyStartsOn).toBe(dashboard.today);
    for (const fluid of fresh.fluids) {
      expect({ fluid: fluid.fluid, months: fluid.months, days: fluid.recentDays.days, currentMonth: fluid.currentMonth, lastMonth: fluid.lastMonth, year: fluid.year }).toEqual({
        fluid: fluid.fluid,
        months: [],
        days: [],
        currentMonth: null,
        lastMonth: null,
        year: null,
      });
      const wholeRange = await readJson<{ days: unknown[] }>(newcomerPage.request, `/api/resident/consumption/daily?fluid=${fluid.fluid}&from=${addDays(dashboard.today, -399)}&to=${dashboard.today}`);
      expect(wholeRange.days).toEqual([]);
      const card = newcomerPage.getByRole('listitem').filter({ has: newcomerPage.getByRole('heading', { level: 2, name: FLUID_NAMES[fluid.fluid].name }) });
      await card.getByText('Pas encore de données pour ce compteur.').waitFor();
    }
    await checkPage(newcomerPage, 'the newcomer’s dashboard');
    const exported = await newcomerPage.request.get('/api/resident/export/consumption.csv?period=daily');
    expect((await exported.text()).replace(/^\uFEFF/, '').trim().split('\r\n')).toEqual(['jour;fluide;consommation;unite;estime']);
    await followSpaceMenu(newcomerPage, 'Menu de mon espace', 'Information mensuelle');
    await mainHeading(newcomerPage, 'Votre information mensuelle');
    expect(await newcomerPage.getByText('Pas encore de mois complet relevé.').count()).toBe(fresh.fluids.length);
    await checkPage(newcomerPage, 'the newcomer’s monthly information');

    await manager.close();
    await newcomer.close();
    expect(journey.consoleErrors).toEqual([]);
  }, JOURNEY_TIMEOUT_MS);
});
