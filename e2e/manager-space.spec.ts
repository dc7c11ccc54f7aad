import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS } from '../server/demo/demo-accounts.ts';
import { SEED_BUILDING_CODE } from '../server/demo/demo-catalogue.ts';
import { readPdf, readQrCodes } from '../server/test/pdf-reader.ts';
import { expectNoAxeViolations } from './support/accessibility.ts';
import { DEMO_REFERENCE_DATE } from './support/repository.ts';
import { startJourney, type Journey } from './support/journey.ts';
import { followSpaceMenu, horizontalOverflow, mainHeading } from './support/page-checks.ts';

/** The demo's portal administrator of the syndic: sees every residence of that client, the seed's among them. */
const MANAGER_EMAIL = 'admin.syndic@demo.example';
const PUBLICATION_NOTICE = 'Votre portail Mes suivis de consommation est prêt';
/** The 30 days up to the day the demo data is built up to. */
const DEMO_RANGE = { from: '2026-10-22', to: DEMO_REFERENCE_DATE };
const NOT_SHARED = "Le résident de ce logement n'a pas autorisé son gestionnaire à voir ses consommations journalières. Aucune donnée n'est affichée.";

async function logInAsManager(page: Page): Promise<void> {
  await page.goto('/moncompte');
  await page.waitForURL('**/moncompte/connexion');
  await page.getByLabel('Adresse email').fill(MANAGER_EMAIL);
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORDS.manager);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await mainHeading(page, 'Espace gestionnaire MonCompte');
}

/** Picks a range of days in the daily view's form; the page address keeps it. */
async function showDailyRange(page: Page, range: { from: string; to: string }): Promise<void> {
  const form = page.getByRole('form', { name: 'Période affichée' });
  await form.getByLabel('Du').fill(range.from);
  await form.getByLabel('Au').fill(range.to);
  await form.getByRole('button', { name: 'Afficher' }).click();
  await page.waitForURL(`**from=${range.from}&to=${range.to}`);
}

/** How far the right edge of the table's last header cell lies beyond its scrolling region's (0: it is fully in view). */
async function lastColumnCut(page: Page, tableName: string): Promise<number> {
  return page.getByRole('table', { name: tableName }).evaluate((table) => {
    const region = table.closest('.table-region')!.getBoundingClientRect();
    const lastHeader = table.querySelector('thead th:last-child')!.getBoundingClientRect();
    return Math.max(0, Math.round(lastHeader.right - region.right));
  });
}

interface DwellingFacts {
  id: string;
  dwellingCode: string;
  hasResidentAccount: boolean;
  sharesDailyData: boolean;
}

/** The residence's dwellings as the API gives them to this manager, to pick one without consent. */
async function dwellingsOfResidence(page: Page, residenceId: string): Promise<DwellingFacts[]> {
  const response = await page.request.get(`/api/manager/residences/${residenceId}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { dwellings: DwellingFacts[] }).dwellings;
}

/** Only the refusal the not-shared page expects may reach the console: the browser logs every 403 it receives. */
function unexpectedConsoleErrors(journey: Journey): string[] {
  return journey.consoleErrors.filter((error) => !/status of 403 \(Forbidden\).*\/api\/manager\/dwellings\/[^/]+\/daily/.test(error));
}

/** A journey of many pages on a shared two-core machine: more than the default 90 s. */
const JOURNEY_TIMEOUT_MS = 240_000;

describe('manager space « MonCompte »', () => {
  let journey: Journey | undefined;

  afterEach(async () => {
    await journey?.close();
    journey = undefined;
  });

  it('finds a residence, hands out the sign-up kit, reads « Mes documents » and sees daily data only where a resident allowed it', async () => {
    journey = await startJourney();
    const { page, baseUrl } = journey;
    await logInAsManager(page);
    await expectNoAxeViolations(page);

    // « Mes résidences »: search the portfolio, open the seed's residence.
    await followSpaceMenu(page, 'Menu MonCompte', 'Mes résidences');
    await mainHeading(page, 'Mes résidences');
    await expectNoAxeViolations(page);
    await page.getByRole('searchbox', { name: 'Rechercher une résidence' }).fill(SEED_BUILDING_CODE);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByText('1 résidence pour « 50001369 »').waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: SEED_BUILDING_CODE }) });
    await row.getByText('RUE DE LA GARNISON BATIMENT D, 34300 LE CAP D AGDE').waitFor();
    expect(await row.innerText()).toMatch(/\tPubliées le \d\d\/\d\d\/\d{4}\t/);
    await row.getByRole('link', { name: SEED_BUILDING_CODE }).click();
    await mainHeading(page, SEED_BUILDING_CODE);
    const residenceId = new URL(page.url()).pathname.split('/').at(-1)!;
    await page.getByRole('table', { name: `Logements de la résidence ${SEED_BUILDING_CODE}` }).waitFor();
    await page.getByText(/ne sont pas reconnus dans le formulaire en ligne/).first().waitFor();
    const codesLink = page.getByRole('link', { name: 'Télécharger le code immeuble et les références logement (CSV)' });
    expect(await codesLink.getAttribute('href')).toBe(`/api/manager/residences/${residenceId}/signup-codes.csv`);
    await expectNoAxeViolations(page);

    // A consenting dwelling: its daily consumption, as a chart and as a table.
    const consenting = (await dwellingsOfResidence(page, residenceId)).find((dwelling) => dwelling.sharesDailyData)!;
    await page.getByRole('link', { name: `Voir les consommations journalières du logement ${consenting.dwellingCode}` }).click();
    await mainHeading(page, 'Consommations journalières');
    // The demo's readings stop at its reference date while the portal runs on today's clock: the
    // default last 30 days hold fewer and fewer demo days. The 30 days up to the reference date hold them all.
    await showDailyRange(page, DEMO_RANGE);
    await page.getByRole('img', { name: /^Eau froide : consommation par jour du 22\/10\/2026 au 20\/11\/2026, en litres/ }).waitFor();
    const coldWaterTable = page.getByRole('table', { name: 'Eau froide : consommation par jour, en litres' });
    expect(await coldWaterTable.getByRole('row').count()).toBe(1 + 30);
    const csv = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger ces consommations (CSV)' }).click()]);
    const csvText = await readFile((await csv[0].path())!, 'utf8');
    expect(csvText.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('jour;fluide;consommation;unite;estime');
    expect(csvText).toContain(';eau froide;');
    expect(csvText).toMatch(/;eau froide;[\d,]+;litres;/);
    expect(csvText).toContain('\r\n2026-10-22;eau froide;');
    expect(csvText).toContain('\r\n2026-11-20;eau froide;');
    await expectNoAxeViolations(page);

    // A dwelling whose resident did not allow it: a clear message, and no figure at all.
    const withheld = (await dwellingsOfResidence(page, residenceId)).find((dwelling) => dwelling.hasResidentAccount && !dwelling.sharesDailyData)!;
    await page.getByRole('link', { name: 'Retour à la résidence' }).click();
    await mainHeading(page, SEED_BUILDING_CODE);
    expect(await page.getByRole('link', { name: `Voir les consommations journalières du logement ${withheld.dwellingCode}` }).count()).toBe(0);
    await page.goto(`/moncompte/logements/${withheld.id}/consommations?residence=${residenceId}`);
    await mainHeading(page, 'Consommations journalières');
    await page.getByText(NOT_SHARED).waitFor();
    expect(await page.getByRole('main').getByRole('table').count()).toBe(0);
    expect(await page.getByRole('main').getByRole('img').count()).toBe(0);
    await expectNoAxeViolations(page);

    // The sign-up kit: the address, its QR code, and a flyer whose QR code leads to that address.
    const signupAddress = `${baseUrl}/inscription`;
    const displayedAddress = signupAddress.replace(/^https?:\/\//, '');
    await followSpaceMenu(page, 'Menu MonCompte', "Kit d'inscription des résidents");
    await mainHeading(page, "Kit d'inscription des résidents");
    await page.getByText("L'information à transmettre est la même pour tous les résidents de tout votre patrimoine !", { exact: false }).waitFor();
    await page.getByRole('link', { name: displayedAddress }).waitFor();
    await page.getByRole('img', { name: `QR code menant à l'adresse d'inscription ${displayedAddress}` }).waitFor();
    await expectNoAxeViolations(page);
    const [flyer] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger le flyer (PDF)' }).click()]);
    expect(flyer.suggestedFilename()).toBe('flyer-inscription.pdf');
    const pdf = readPdf(await readFile((await flyer.path())!));
    expect(pdf.pageCount).toBe(1);
    expect(pdf.text).toContain(displayedAddress);
    expect(readQrCodes(pdf)).toEqual([signupAddress]);

    // « Mes documents »: the publication notice of a residence, read on screen.
    await followSpaceMenu(page, 'Menu MonCompte', 'Mes documents');
    await mainHeading(page, 'Mes documents');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: PUBLICATION_NOTICE }).first().click();
    await mainHeading(page, PUBLICATION_NOTICE);
    const notice = page.getByRole('article');
    await notice.getByText(/^Les index et consommations .* sont publiés en ligne\.$/).first().waitFor();
    expect(await notice.innerText()).not.toMatch(/résidence (Résidence|Immeuble)|administrateur/);
    // The notice names the sign-up address as it was when the demo data was published, not this journey's.
    await notice.getByText(/^Vos résidents peuvent dès maintenant utiliser le formulaire d'inscription/).waitFor();
    const download = notice.getByRole('link', { name: `Télécharger « ${PUBLICATION_NOTICE} » (PDF)` });
    expect(await download.getAttribute('href')).toMatch(/^\/api\/manager\/documents\/[0-9a-f-]{36}\/download$/);
    const [noticePdf] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(noticePdf.suggestedFilename()).toMatch(/^document-[0-9a-f-]{36}\.pdf$/);
    const noticeContent = readPdf(await readFile((await noticePdf.path())!));
    expect(noticeContent.text).toContain(PUBLICATION_NOTICE);
    await expectNoAxeViolations(page);

    expect(unexpectedConsoleErrors(journey)).toEqual([]);
  }, JOURNEY_TIMEOUT_MS);

  it('fits a 360 px phone screen', async () => {
    journey = await startJourney({ viewport: 'phone' });
    const { page } = journey;
    await logInAsManager(page);

    for (const [link, heading] of [
      ['Mes résidences', 'Mes résidences'],
      ['Mes documents', 'Mes documents'],
      ["Kit d'inscription des résidents", "Kit d'inscription des résidents"],
    ] as const) {
      await followSpaceMenu(page, 'Menu MonCompte', link);
      await mainHeading(page, heading);
      expect(await horizontalOverflow(page), heading).toBe(0);
      await expectNoAxeViolations(page);
    }

    await page.goto('/moncompte/residences');
    await page.getByRole('link', { name: SEED_BUILDING_CODE }).click();
    await mainHeading(page, SEED_BUILDING_CODE);
    expect(await horizontalOverflow(page)).toBe(0);
    await page.getByRole('link', { name: /^Voir les consommations journalières du logement/ }).first().click();
    await mainHeading(page, 'Consommations journalières');
    await showDailyRange(page, DEMO_RANGE);
    await page.getByRole('img', { name: /^Eau froide : consommation par jour du 22\/10\/2026 au 20\/11\/2026/ }).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    // The « Estimée » column, the last one, is within the screen without scrolling the table sideways.
    expect(await lastColumnCut(page, 'Eau froide : consommation par jour, en litres')).toBe(0);
    await expectNoAxeViolations(page);

    expect(unexpectedConsoleErrors(journey)).toEqual([]);
  }, JOURNEY_TIMEOUT_MS);

  it('searches and filters a residence\'s dwellings on a phone, 25 at a time, and keeps the list in the address for Back', async () => {
    journey = await startJourney({ viewport: 'phone' });
    const { page } = journey;
    await logInAsManager(page);
    await page.goto('/moncompte/residences');
    await page.getByRole('link', { name: SEED_BUILDING_CODE }).click();
    await mainHeading(page, SEED_BUILDING_CODE);
    const residencePath = new URL(page.url()).pathname;
    const table = page.getByRole('table', { name: `Logements de la résidence ${SEED_BUILDING_CODE}` });
    const dwellingCodes = async () => table.locator('tbody th').allInnerTexts();
    const count = page.getByRole('status').filter({ hasText: /logements?/ });

    // The main actions come first, within the phone's first screen.
    const kitLink = page.getByRole('main').getByRole('link', { name: "Préparer le kit d'inscription" });
    expect((await kitLink.boundingBox())!.y + (await kitLink.boundingBox())!.height).toBeLessThanOrEqual(740);
    // The seed's 36 dwellings: 25 rows, then the rest on demand; the whole page stays short.
    expect(await count.innerText()).toBe('36 logements');
    expect(await dwellingCodes()).toHaveLength(25);
    expect(Number(await page.evaluate('document.documentElement.scrollHeight'))).toBeLessThan(5_000);
    expect(await horizontalOverflow(page)).toBe(0);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Afficher 11 logements de plus' }).click();
    await table.locator('tbody th').nth(35).waitFor();
    expect(await dwellingCodes()).toHaveLength(36);
    expect(await page.getByRole('button', { name: /^Afficher \d+ logements? de plus$/ }).count()).toBe(0);
    // The keyboard goes on from the first row just shown.
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('01030002');

    // A search narrows the list: a staircase, then only the dwellings with a resident account.
    const search = page.getByRole('searchbox', { name: 'Rechercher un logement' });
    await search.fill('escalier 02');
    await page.getByRole('search', { name: 'Rechercher un logement' }).getByRole('button', { name: 'Rechercher' }).click();
    await count.getByText('12 logements sur 36 correspondent').waitFor();
    expect((await dwellingCodes()).every((code) => code.startsWith('0102'))).toBe(true);
    expect(await dwellingCodes()).toHaveLength(12);
    await page.getByLabel('Compte résident').selectOption({ label: 'Avec compte résident' });
    await count.getByText('3 logements sur 36 correspondent').waitFor();
    expect(await dwellingCodes()).toEqual(['01020001', '01020003', '01020008']);
    expect(new URL(page.url()).search).toBe('?recherche=escalier+02&compte=oui');
    await expectNoAxeViolations(page);

    // To a dwelling's daily view and Back: the same search, filter and rows.
    await page.getByRole('link', { name: 'Voir les consommations journalières du logement 01020003' }).click();
    await mainHeading(page, 'Consommations journalières');
    await page.goBack();
    await mainHeading(page, SEED_BUILDING_CODE);
    expect(new URL(page.url()).pathname).toBe(residencePath);
    await count.getByText('3 logements sur 36 correspondent').waitFor();
    expect(await search.inputValue()).toBe('escalier 02');
    expect(await page.getByLabel('Compte résident').inputValue()).toBe('yes');
    expect(await dwellingCodes()).toEqual(['01020001', '01020003', '01020008']);

    // The resident's state is searchable too; nothing found says so.
    await page.getByLabel('Compte résident').selectOption({ label: 'Tous les logements' });
    await search.fill('partage');
    await page.getByRole('search', { name: 'Rechercher un logement' }).getByRole('button', { name: 'Rechercher' }).click();
    await count.getByText(/^\d+ logements? sur 36 correspond/).waitFor();
    const sharing = (await dwellingsOfResidence(page, new URL(page.url()).pathname.split('/').at(-1)!)).filter((dwelling) => dwelling.sharesDailyData);
    expect(await dwellingCodes()).toEqual(sharing.map((dwelling) => dwelling.dwellingCode));
    await search.fill('escalier 09');
    await page.getByRole('search', { name: 'Rechercher un logement' }).getByRole('button', { name: 'Rechercher' }).click();
    await count.getByText('0 logement sur 36 correspond').waitFor();
    await page.getByText('Aucun logement ne correspond à votre recherche.').waitFor();
    await expectNoAxeViolations(page);

    // The daily view says why a day is estimated: the demo's 01030006 lacks heating readings on 9 and 10 September.
    const withGap = (await dwellingsOfResidence(page, residencePath.split('/').at(-1)!)).find((dwelling) => dwelling.dwellingCode === '01030006')!;
    await page.goto(`/moncompte/logements/${withGap.id}/consommations?residence=${residencePath.split('/').at(-1)!}&from=2026-09-05&to=2026-09-15`);
    await mainHeading(page, 'Consommations journalières');
    const heating = page.getByRole('table', { name: /^Chauffage : consommation par jour/ });
    expect(await heating.getByRole('row', { name: /^mer\. 9 sept\./ }).innerText()).toMatch(/\tOui : relevés manquants$/);
    expect(await heating.getByRole('row', { name: /^sam\. 5 sept\./ }).innerText()).toMatch(/\tNon$/);
    expect(await horizontalOverflow(page)).toBe(0);
    await expectNoAxeViolations(page);

    expect(unexpectedConsoleErrors(journey)).toEqual([]);
  }, JOURNEY_TIMEOUT_MS);
});
