import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS } from '../server/demo/demo-accounts.ts';
import { planDemoPortfolio } from '../server/demo/demo-portfolio.ts';
import { expectNoAxeViolations } from './support/accessibility.ts';
import { viewports, type Journey } from './support/journey.ts';
import { useMailingJourneys } from './support/mailing-journey.ts';
import { followSpaceMenu, horizontalOverflow, mainHeading } from './support/page-checks.ts';
import { DEMO_REFERENCE_DATE } from './support/repository.ts';
import { expectRefusal, press, stepHeading, typeInto } from './support/signup-steps.ts';
import { logInAsStaffWithEnrolment, totpCode } from './support/staff-login.ts';

/**
 * The operator publishes the demo's one unpublished residence, « Le Clos des Oliviers »
 * (building code 50002114): its portal administrator gets the notice by email (over SMTP) and in
 * « Mes documents », and a resident who was told « Portail en cours de construction » can now sign up.
 */
const BUILDING_CODE = '50002114';
const RESIDENCE_NAME = 'Le Clos des Oliviers';
const STAFF_EMAIL = 'staff.admin@demo.example';
const MANAGER_EMAIL = 'admin.syndic@demo.example';
const PUBLICATION_NOTICE = 'Votre portail Mes suivis de consommation est prêt';
const SYNDIC_NAME = 'Cabinet Thau Gestion';
const RESIDENT_EMAIL = 'claire.fabre@demo.example';
/** Two lines, two mistakes: a 4-digit building code, and 31 February. */
const BAD_INVENTORY_CSV = [
  'client_name;client_kind;contract_reference;contract_options;building_code;street;postal_code;city;dwelling_code;client_number;device_kind;serial_number;manufacturer;installed_on',
  'Syndic Essai;syndic;ESSAI-1;resident_portal;1234;1 RUE DU TEST;34000;MONTPELLIER;12345678;A1;cold_water;123456789;ITRON;2026-01-01',
  'Syndic Essai;syndic;ESSAI-1;resident_portal;12345678;1 RUE DU TEST;34000;MONTPELLIER;12345679;A2;cold_water;123456780;ITRON;31/02/2026',
].join('\n');

/** A cold-water meter of the residence with a 9-digit serial number, as the seed command planned it. */
function residenceColdWaterSerial(): string {
  const plan = planDemoPortfolio({ referenceDate: DEMO_REFERENCE_DATE });
  const residence = plan.residences.find((candidate) => candidate.buildingCode === BUILDING_CODE)!;
  expect(residence.publishedAt).toBeNull();
  const device = plan.devices.find(
    (candidate) => candidate.residenceId === residence.id && candidate.kind === 'cold_water' && !candidate.removedOn && /^\d{9}$/.test(candidate.serialNumber),
  )!;
  return device.serialNumber;
}

/** A utility's export: its own column names, litres, French wall-clock times (read here as UTC). */
function utilityReadingsCsv(serialNumber: string): string {
  return ['user key;datetime;meter reading;diff', `${serialNumber};15/11/2026 13:37:00;5000;0`].join('\n');
}

/** Step 1 of the sign-up with a cold-water serial number. */
async function identifyBySerial(page: Page, serialNumber: string): Promise<void> {
  await page.goto('/inscription');
  await stepHeading(page, 'Identifier votre logement');
  await press(page, 'Eau froide', 'radio');
  await typeInto(page, 'Numéro de série (9 chiffres)', serialNumber);
  await page.keyboard.press('Enter');
}

/** The browser logs each refusal a journey provokes on purpose (the under-construction sign-up). */
function unexpectedConsoleErrors(journey: Journey): string[] {
  return journey.consoleErrors.filter((line) => !line.includes('the server responded with a status of 403'));
}

/** A long journey on a shared two-core machine: more than the default 90 s. */
const JOURNEY_TIMEOUT_MS = 600_000;

describe('operator back office', () => {
  const startMailingJourney = useMailingJourneys();
  const otherContexts: BrowserContext[] = [];

  // Registered after the journeys' own clean-up, so it runs before it (hooks unwind as a stack).
  afterEach(async () => {
    for (const context of otherContexts.splice(0)) await context.close();
  });

  it('a staff admin with TOTP publishes the unpublished residence: the manager is notified by email and in « Mes documents », and its residents can sign up', async () => {
    const serialNumber = residenceColdWaterSerial();
    const journey = await startMailingJourney();
    const { page, context, smtp } = journey;
    page.setDefaultTimeout(120_000);

    // Before: a resident of the residence is told the portal is under construction.
    const resident = await context.browser()!.newContext({ baseURL: journey.baseUrl, viewport: viewports.phone, isMobile: true, hasTouch: true });
    otherContexts.push(resident);
    const residentPage = await resident.newPage();
    residentPage.setDefaultTimeout(120_000);
    await identifyBySerial(residentPage, serialNumber);
    await expectRefusal(residentPage, 'Portail en cours de construction');

    // The staff admin logs in with the second factor and lands in the back office.
    const totpSecret = await logInAsStaffWithEnrolment(page, STAFF_EMAIL, DEMO_PASSWORDS.staff);
    await mainHeading(page, 'Back office');
    await expectNoAxeViolations(page);

    // « Mes codes de secours »: a fresh set for a code of the next time step (the enrolment used this one), shown once.
    const recoveryCodes = page.getByRole('region', { name: 'Mes codes de secours' });
    await recoveryCodes.getByLabel('Code à 6 chiffres').fill(totpCode(totpSecret, Date.now() + 30_000));
    await recoveryCodes.getByRole('button', { name: 'Générer de nouveaux codes' }).click();
    await recoveryCodes.getByText('Vos nouveaux codes de secours sont prêts. Les anciens ne fonctionnent plus.').waitFor();
    expect(await recoveryCodes.getByRole('list', { name: 'Vos nouveaux codes de secours' }).getByRole('listitem').count()).toBe(10);
    await recoveryCodes.getByRole('button', { name: 'Copier les codes' }).waitFor();
    await expectNoAxeViolations(page);
    await recoveryCodes.getByRole('button', { name: "J'ai conservé mes codes" }).click();
    await recoveryCodes.getByRole('button', { name: 'Générer de nouveaux codes' }).waitFor();

    // The quick search finds the residence by its building code.
    await page.getByRole('searchbox', { name: 'Recherche rapide' }).fill(BUILDING_CODE);
    await page.keyboard.press('Enter');
    await mainHeading(page, 'Résultats de la recherche');
    const found = page.getByRole('link', { name: `${BUILDING_CODE} – ${RESIDENCE_NAME}` });
    await found.waitFor();
    await expectNoAxeViolations(page);
    await found.click();

    // The residence: not published, has data, its dwellings and meters.
    await mainHeading(page, `${BUILDING_CODE} – ${RESIDENCE_NAME}`);
    const residenceId = new URL(page.url()).pathname.split('/').at(-1)!;
    await page.getByText('Des relevés sont enregistrés').waitFor();
    const dwellings = page.getByRole('table', { name: `Logements de la résidence ${BUILDING_CODE}` });
    expect(await dwellings.getByRole('row').count()).toBeGreaterThan(10);
    await page.getByRole('region', { name: 'Publication des données' }).getByText('Portail en cours de construction', { exact: false }).waitFor();
    await expectNoAxeViolations(page);

    // « Publier la résidence », confirmed.
    await page.getByRole('button', { name: 'Publier la résidence' }).click();
    const dialog = page.getByRole('dialog', { name: `Publier la résidence ${BUILDING_CODE} ?` });
    await dialog.waitFor();
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: 'Publier', exact: true }).click();
    await page.getByRole('status').getByText('La résidence est publiée. Le gestionnaire a été prévenu.').waitFor();
    await page.getByText(/^Les données sont publiées depuis le \d\d\/\d\d\/\d{4}/).waitFor();
    expect(await page.getByRole('button', { name: 'Publier la résidence' }).count()).toBe(0);
    await expectNoAxeViolations(page);

    // The same pages fit a 360 px phone.
    await page.setViewportSize(viewports.phone);
    expect(await horizontalOverflow(page)).toBe(0);
    await followSpaceMenu(page, 'Menu du back office', 'Résidences');
    await mainHeading(page, 'Résidences');
    // Only the page shown is marked in the menu (folded again on a phone), « Accueil » included.
    const backOfficeMenu = page.getByRole('navigation', { name: 'Menu du back office', includeHidden: true });
    expect(await backOfficeMenu.getByRole('link', { name: 'Résidences', includeHidden: true }).getAttribute('aria-current')).toBe('page');
    expect(await backOfficeMenu.getByRole('link', { name: 'Accueil', includeHidden: true }).getAttribute('aria-current')).toBeNull();
    await page.getByRole('link', { name: BUILDING_CODE }).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await expectNoAxeViolations(page);
    await page.setViewportSize(viewports.desktop);

    // The portal administrator's notice went out over SMTP…
    const email = await smtp.waitForEmail(MANAGER_EMAIL, { includeEarlier: true, timeoutMs: 30_000 });
    expect(email.subject).toBe(PUBLICATION_NOTICE);
    expect(email.text).toContain(BUILDING_CODE);

    // The back office's outbox lists it, and the audit trail names who published, in UTC.
    const menu = page.getByRole('navigation', { name: 'Menu du back office' });
    await menu.getByRole('link', { name: 'Envois' }).click();
    await mainHeading(page, 'Envois');
    await page.getByRole('searchbox', { name: 'Rechercher un destinataire' }).fill(MANAGER_EMAIL);
    await page.getByRole('search', { name: 'Rechercher un destinataire' }).getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('table', { name: 'Envois', exact: true }).getByRole('row').filter({ hasText: PUBLICATION_NOTICE }).first().waitFor();
    await expectNoAxeViolations(page);

    await menu.getByRole('link', { name: "Journal d'audit" }).click();
    await mainHeading(page, "Journal d'audit");
    await page.getByLabel('Action (ou son début, par exemple auth.)').fill('staff.residence_published');
    await page.getByRole('search', { name: "Rechercher dans le journal d'audit" }).getByRole('button', { name: 'Rechercher' }).click();
    const published = page.getByRole('row').filter({ hasText: residenceId });
    await published.getByText(STAFF_EMAIL).waitFor();
    expect(await published.getByRole('rowheader').innerText()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    await expectNoAxeViolations(page);

    // An inventory file with mistakes: every error on screen with its line, and nothing to apply.
    await menu.getByRole('link', { name: 'Imports' }).click();
    await mainHeading(page, 'Imports');
    const inventory = page.getByRole('region', { name: 'Inventaire (clients, résidences, logements, compteurs)' });
    await inventory.getByLabel('Fichier CSV').setInputFiles({ name: 'inventaire.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_INVENTORY_CSV, 'utf8') });
    await inventory.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await inventory.getByText(/^inventaire\.csv : \d+ erreurs? sur \d+ lignes lues/).waitFor();
    const errors = inventory.getByRole('table', { name: /erreurs? du fichier$/ });
    for (const line of ['2', '3']) await errors.getByRole('rowheader', { name: line, exact: true }).first().waitFor();
    await errors.getByRole('cell', { name: 'building_code', exact: true }).first().waitFor();
    await errors.getByRole('cell', { name: 'installed_on', exact: true }).first().waitFor();
    expect(await inventory.getByRole('button', { name: 'Importer ce fichier' }).count()).toBe(0);
    await expectNoAxeViolations(page);

    // A utility's readings export, read as it is with the import's options: previewed, not applied.
    const readings = page.getByRole('region', { name: 'Relevés' });
    await readings.getByLabel('Fichier CSV').setInputFiles({ name: 'releves.csv', mimeType: 'text/csv', buffer: Buffer.from(utilityReadingsCsv(serialNumber), 'utf8') });
    await readings.getByLabel('Numéro de série').fill('user key');
    await readings.getByLabel('Date et heure').fill('datetime');
    await readings.getByLabel('Index (par défaut').fill('meter reading');
    await readings.getByLabel("Unité de l'index").selectOption('l');
    await readings.getByLabel('Fuseau horaire').selectOption('UTC');
    await readings.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await readings.getByText(/^releves\.csv : \d+ lignes lues, aucune erreur/).waitFor();
    await readings.getByText('1 nouveau relevé', { exact: true }).waitFor();
    await readings.getByRole('button', { name: 'Importer ce fichier' }).waitFor();
    await expectNoAxeViolations(page);
    await page.setViewportSize(viewports.phone);
    expect(await horizontalOverflow(page)).toBe(0);
    await page.setViewportSize(viewports.desktop);

    // Every other part of the back office, as its admin sees it.
    for (const [link, heading] of [
      ['Assistance', "Demandes d'assistance"],
      ['Comptes résidents', 'Comptes résidents'],
      ['Santé des données', 'Santé des données'],
      ['Clients', 'Clients'],
      ['Équipe', 'Équipe'],
    ] as const) {
      await menu.getByRole('link', { name: link, exact: true }).click();
      await mainHeading(page, heading);
      await expect.poll(() => page.getByText('Chargement…').count(), { timeout: 30_000 }).toBe(0);
      if (link === 'Santé des données') {
        // Reading anomalies, filtered by residence and meter: none for a building code without any.
        await page.getByRole('heading', { name: 'Anomalies de relevés' }).waitFor();
        const filters = page.getByRole('form', { name: 'Filtrer les anomalies' });
        await filters.getByLabel('Code immeuble').fill('99999999');
        await filters.getByRole('button', { name: 'Filtrer' }).click();
        await page.getByText('Aucune anomalie pour ces critères.').waitFor();
      }
      await expectNoAxeViolations(page);
    }

    // A client's manager, after the invitation: name and residences changed; a contract gets an end date. At 360 px too.
    await menu.getByRole('link', { name: 'Clients', exact: true }).click();
    await page.getByRole('link', { name: SYNDIC_NAME, exact: true }).click();
    await mainHeading(page, SYNDIC_NAME);
    await page.setViewportSize(viewports.phone);
    await page.getByText('Modifier les droits Marc Bonnet', { exact: true }).click();
    const rights = page.getByRole('form', { name: 'Droits de Marc Bonnet' });
    await rights.getByLabel('Nom', { exact: true }).fill('Bonnet-Durand');
    await rights.getByLabel(`${BUILDING_CODE} – ${RESIDENCE_NAME}`).uncheck();
    expect(await horizontalOverflow(page)).toBe(0);
    await expectNoAxeViolations(page);
    await rights.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByText('Gestionnaire modifié.').waitFor();
    const managerRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Marc Bonnet-Durand', exact: true }) });
    await managerRow.waitFor();
    expect(await managerRow.getByRole('cell').nth(1).innerText()).not.toContain(BUILDING_CODE);
    const contract = page.getByRole('form', { name: /^Modifier le contrat / }).first();
    await contract.getByLabel('Fin (vide : en cours)').fill('2030-12-31');
    await contract.getByRole('button', { name: 'Enregistrer le contrat' }).click();
    await page.getByText('Contrat enregistré.').waitFor();
    await page.getByText('31/12/2030').first().waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await expectNoAxeViolations(page);

    // The quick search finds a resident account by its email, at 360 px.
    await page.getByRole('searchbox', { name: 'Recherche rapide' }).fill(RESIDENT_EMAIL);
    await page.keyboard.press('Enter');
    await mainHeading(page, 'Résultats de la recherche');
    await page.getByRole('region', { name: 'Comptes résidents' }).getByRole('link', { name: RESIDENT_EMAIL, exact: true }).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await expectNoAxeViolations(page);
    await page.setViewportSize(viewports.desktop);

    // …and is in their « Mes documents ».
    const manager = await context.browser()!.newContext({ baseURL: journey.baseUrl, viewport: viewports.desktop });
    otherContexts.push(manager);
    const managerPage = await manager.newPage();
    managerPage.setDefaultTimeout(120_000);
    await managerPage.goto('/moncompte/connexion');
    await managerPage.getByLabel('Adresse email').fill(MANAGER_EMAIL);
    await managerPage.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORDS.manager);
    await managerPage.getByRole('button', { name: 'Se connecter' }).click();
    await mainHeading(managerPage, 'Espace gestionnaire MonCompte');
    await managerPage.goto('/moncompte/documents');
    await mainHeading(managerPage, 'Mes documents');
    const noticeRow = managerPage.getByRole('row').filter({ hasText: BUILDING_CODE });
    await noticeRow.getByRole('link', { name: PUBLICATION_NOTICE, exact: true }).click();
    await mainHeading(managerPage, PUBLICATION_NOTICE);
    await managerPage.getByRole('article').getByText(BUILDING_CODE, { exact: false }).first().waitFor();

    // After: the same resident reaches the next sign-up step with the same serial number.
    await identifyBySerial(residentPage, serialNumber);
    await stepHeading(residentPage, "Attester être l'occupant du logement");
    await residentPage.getByText(BUILDING_CODE, { exact: true }).waitFor();

    expect(unexpectedConsoleErrors(journey)).toEqual([]);
  }, JOURNEY_TIMEOUT_MS);
});
