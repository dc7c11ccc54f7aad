import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS } from '../server/demo/demo-accounts.ts';
import { planDemoPortfolio } from '../server/demo/demo-portfolio.ts';
import { useMailingJourneys, type MailingJourney } from './support/mailing-journey.ts';
import { DEMO_REFERENCE_DATE } from './support/repository.ts';
import { checkScreen, expectRefusal, press, stepHeading, typeInto, unexpectedConsoleErrors } from './support/signup-steps.ts';

/**
 * Stepping back in the sign-up, on a 360 px phone: « Précédent » and the browser's Back and
 * Forward move between the screens with what was typed (but the password), and a new occupant
 * signs up on the day the previous occupant deleted their account.
 * With SIGNUP_SCREENSHOTS_DIR set, each screen is also saved there as a PNG, to be looked at.
 */
const PASSWORD = 'Garnison-Agde-2024';
const MOVE_IN_LABEL = "J'atteste être entré(e) dans ce logement en date du :";

async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env.SIGNUP_SCREENSHOTS_DIR;
  if (folder) await page.screenshot({ path: path.join(folder, `${name}.png`), fullPage: true });
}

/** Today in the residence's zone, as the server counts it. */
function todayInParis(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** Steps 1 and 2 for a 9-digit device of the dwelling. */
async function identifyAndAttest(page: Page, serialNumber: string, shotPrefix: string): Promise<void> {
  await page.goto('/inscription');
  await stepHeading(page, 'Identifier votre logement');
  // Step 1's main action is within a phone's first screen.
  const verify = await page.getByRole('button', { name: 'Vérifier' }).boundingBox();
  expect(verify!.y + verify!.height).toBeLessThanOrEqual(740);
  await checkScreen(page);
  await screenshot(page, `${shotPrefix}1-identify`);
  await press(page, 'Je ne sais pas', 'radio');
  await typeInto(page, 'Numéro de série (9 chiffres)', serialNumber);
  await press(page, 'Vérifier');
  await stepHeading(page, "Attester être l'occupant du logement");
  await checkScreen(page);
  await screenshot(page, `${shotPrefix}2-attest`);
  await press(page, "J'atteste être l'occupant actuel du logement", 'checkbox');
  await press(page, 'Continuer');
}

const PRIVACY_CONSENT = 'En cochant cette case, vous confirmez avoir pris connaissance de notre politique de confidentialité et du traitement de vos données';

/** Step 5's fields, from the keyboard; the mobile only when given. */
async function fillPersonalInformation(page: Page, person: { civility: 'Madame' | 'Monsieur'; lastName: string; firstName: string; mobile?: string; email: string }) {
  await press(page, person.civility, 'radio');
  await typeInto(page, 'Nom', person.lastName);
  await typeInto(page, 'Prénom', person.firstName);
  if (person.mobile) await typeInto(page, 'Mobile', person.mobile);
  await typeInto(page, 'Adresse mail', person.email);
  await typeInto(page, 'Mot de passe', PASSWORD);
  await press(page, PRIVACY_CONSENT, 'checkbox');
}

/** The code of the `count`-th email sent to the address, once it has come. */
async function codeOfEmail(journey: MailingJourney, email: string, count: number): Promise<string | undefined> {
  const deadline = Date.now() + 15_000;
  let sent = journey.smtp.received.filter((message) => message.to.includes(email));
  while (sent.length < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    sent = journey.smtp.received.filter((message) => message.to.includes(email));
  }
  expect(sent).toHaveLength(count);
  return /^(\d{6})$/m.exec(sent.at(-1)!.text)?.[1];
}

async function finishWithCode(journey: MailingJourney, email: string, shotPrefix: string, emailCount: number): Promise<void> {
  const { page } = journey;
  await stepHeading(page, 'Vérification de votre identité');
  await page.getByText('Si cette adresse email a déjà un compte au portail, aucun code ne vous est envoyé', { exact: false }).waitFor();
  await checkScreen(page);
  await screenshot(page, `${shotPrefix}6-verification`);
  const code = await codeOfEmail(journey, email, emailCount);
  expect(code).toMatch(/^\d{6}$/);
  await page.getByLabel('Chiffre 1 sur 6').focus();
  await page.keyboard.type(code!);
  await press(page, 'Continuer');
  await stepHeading(page, 'Félicitations !');
  await checkScreen(page);
  await screenshot(page, `${shotPrefix}7-congratulations`);
}

describe('a sign-up one can step back in', () => {
  const startMailingJourney = useMailingJourneys();

  it('goes forward to step 5, back to step 3, fixes the date with the picker, and finishes with everything kept but the password', async () => {
    const journey = await startMailingJourney({ viewport: 'phone' });
    const { page } = journey;
    page.setDefaultTimeout(60_000);
    const email = 'marcialemars@example.test';

    await identifyAndAttest(page, '542 361 524', '360-');

    // Step 3: a date in the future is refused with the day that bounds it; the errors go once fixed.
    await stepHeading(page, 'Votre profil');
    await press(page, 'Continuer');
    await page.getByText('Choisissez une réponse.').waitFor();
    await press(page, 'Non', 'radio');
    expect(await page.getByText('Choisissez une réponse.').count()).toBe(0);
    expect(await page.getByLabel(MOVE_IN_LABEL).getAttribute('type')).toBe('date');
    await page.getByLabel(MOVE_IN_LABEL).fill('2024-05-12');
    await checkScreen(page);
    await screenshot(page, '360-3-profile');
    await press(page, 'Continuer');

    // Step 4: SMS chosen, so the mobile will be required.
    await stepHeading(page, 'Activer vos options');
    await press(page, 'par SMS', 'checkbox');
    await checkScreen(page);
    await screenshot(page, '360-4-options');
    await press(page, 'Continuer');

    // Step 5: « Choisissez votre civilité » goes as soon as « Madame » is ticked.
    await stepHeading(page, 'Vos informations personnelles');
    await press(page, 'Créer mon compte');
    await page.getByText('Choisissez votre civilité.').waitFor();
    await press(page, 'Madame', 'radio');
    expect(await page.getByText('Choisissez votre civilité.').count()).toBe(0);
    await fillPersonalInformation(page, { civility: 'Madame', lastName: 'Marciale', firstName: 'Marseille', mobile: '+33 06 11 54 65 87', email });
    await checkScreen(page);
    await screenshot(page, '360-5-personal-information');
    await press(page, 'Créer mon compte');
    await stepHeading(page, 'Vérification de votre identité');
    await codeOfEmail(journey, email, 1);

    // The browser's Back to step 5, where all is kept but the password; then « Précédent » twice to step 3, and Forward and Back.
    await page.goBack();
    await stepHeading(page, 'Vos informations personnelles');
    expect(await page.getByLabel('Adresse mail').inputValue()).toBe(email);
    expect(await page.getByLabel('Mot de passe', { exact: true }).inputValue()).toBe('');
    await press(page, 'Précédent');
    await stepHeading(page, 'Activer vos options');
    expect(await page.getByRole('checkbox', { name: 'par SMS' }).isChecked()).toBe(true);
    await press(page, 'Précédent');
    await stepHeading(page, 'Votre profil');
    await page.goForward();
    await stepHeading(page, 'Activer vos options');
    await page.goBack();
    await stepHeading(page, 'Votre profil');
    expect(await page.getByLabel(MOVE_IN_LABEL).inputValue()).toBe('2024-05-12');
    expect(await page.getByRole('radio', { name: 'Non', exact: true }).isChecked()).toBe(true);

    // The date is wrong: a future one is refused with the bounding day, then the picker fixes it.
    await page.getByLabel(MOVE_IN_LABEL).fill('2099-01-01');
    await press(page, 'Continuer');
    await expectRefusal(page, "La date d'entrée dans le logement ne peut pas être dans le futur");
    await page.getByText(`Date la plus récente possible : ${todayInParis().split('-').reverse().join('/')} (aujourd'hui).`).waitFor();
    await screenshot(page, '360-3-profile-refused');
    await page.getByLabel(MOVE_IN_LABEL).fill('2024-06-01');
    expect(await page.getByRole('alert').count()).toBe(0);
    await press(page, 'Continuer');

    // Forward again: options and personal information kept, the password typed again.
    await stepHeading(page, 'Activer vos options');
    expect(await page.getByRole('checkbox', { name: 'par SMS' }).isChecked()).toBe(true);
    await press(page, 'Continuer');
    await stepHeading(page, 'Vos informations personnelles');
    expect(await page.getByRole('radio', { name: 'Madame' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Nom', { exact: true }).inputValue()).toBe('Marciale');
    expect(await page.getByLabel('Mobile').inputValue()).toBe('+33611546587');
    expect(await page.getByLabel('Adresse mail').inputValue()).toBe(email);
    expect(await page.getByLabel('Mot de passe', { exact: true }).inputValue()).toBe('');
    // Nothing typed is kept in the history or the browser's storage.
    const kept = String(await page.evaluate('JSON.stringify([history.state, { ...sessionStorage }, { ...localStorage }])'));
    expect(kept).not.toContain('Marciale');
    expect(kept).not.toContain('Garnison');
    await typeInto(page, 'Mot de passe', PASSWORD);
    await press(page, 'Créer mon compte');

    await finishWithCode(journey, email, '360-', 2);
    const login = await journey.context.request.post('/api/auth/login', { data: { space: 'resident', email, password: PASSWORD } });
    expect(login.status()).toBe(200);
    const movedInOn = ((await (await journey.context.request.get('/api/resident/profile')).json()) as { movedInOn: string }).movedInOn;
    expect(movedInOn).toBe('2024-06-01');
    expect(unexpectedConsoleErrors(journey, [422])).toEqual([]);
  }, 600_000);

  it('signs up a new occupant on the day the previous one deleted their account', async () => {
    const plan = planDemoPortfolio({ referenceDate: DEMO_REFERENCE_DATE });
    const previous = plan.users.find((user) => user.email === 'claire.fabre@demo.example')!;
    const serialNumber = plan.devices.find((device) => device.dwellingId === previous.dwellingId && !device.removedOn && /^\d{9}$/.test(device.serialNumber))!.serialNumber;

    const journey = await startMailingJourney({ viewport: 'phone' });
    const { page } = journey;
    page.setDefaultTimeout(60_000);

    // The previous occupant deletes their account today.
    await page.goto('/connexion');
    await page.getByLabel('Adresse email').fill(previous.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORDS.resident);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL('**/mon-espace**');
    await page.goto('/mon-espace/mes-donnees');
    await page.getByRole('checkbox', { name: 'Je confirme vouloir supprimer définitivement mon compte' }).check();
    await page.locator('#delete-password').fill(DEMO_PASSWORDS.resident);
    await page.getByRole('button', { name: 'Supprimer mon compte' }).click();
    await page.getByText('Votre compte a été supprimé.', { exact: false }).waitFor();

    // The new occupant arrived today: the day before is refused, naming the handover day; today is accepted.
    const email = 'nouvel.occupant@example.test';
    await identifyAndAttest(page, serialNumber, '360-handover-');
    await stepHeading(page, 'Votre profil');
    const today = todayInParis();
    const [year, month, day] = today.split('-').map(Number);
    const yesterday = new Date(Date.UTC(year!, month! - 1, day! - 1)).toISOString().slice(0, 10);
    await page.getByLabel(MOVE_IN_LABEL).fill(yesterday);
    await press(page, 'Ne souhaite pas répondre', 'radio');
    await press(page, 'Continuer');
    await expectRefusal(page, "Cette date est antérieure au dernier changement d'occupant connu pour ce logement");
    await page.getByText(`Date la plus ancienne possible : ${today.split('-').reverse().join('/')}`, { exact: false }).waitFor();
    await screenshot(page, '360-handover-3-profile-refused');
    await page.getByLabel(MOVE_IN_LABEL).fill(today);
    await press(page, 'Continuer');

    await stepHeading(page, 'Activer vos options');
    await press(page, 'Continuer');
    await stepHeading(page, 'Vos informations personnelles');
    // No SMS chosen: the mobile may stay empty.
    await fillPersonalInformation(page, { civility: 'Monsieur', lastName: 'Nouveau', firstName: 'Occupant', email });
    await press(page, 'Créer mon compte');
    await finishWithCode(journey, email, '360-handover-', 1);

    // The new resident's history starts on the handover day itself, at the instant the previous account closed.
    expect((await journey.context.request.post('/api/auth/login', { data: { space: 'resident', email, password: PASSWORD } })).status()).toBe(200);
    const dashboard = (await (await journey.context.request.get('/api/resident/consumption')).json()) as { historyStartsOn: string };
    expect(dashboard.historyStartsOn).toBe(today);
    expect(unexpectedConsoleErrors(journey, [422])).toEqual([]);
  }, 600_000);
});
