import { describe, expect, it } from 'vitest';
import { useMailingJourneys } from './support/mailing-journey.ts';
import { checkScreen, expectRefusal, press, stepHeading, typeInto, unexpectedConsoleErrors } from './support/signup-steps.ts';

/**
 * The seed's own example, on a 360 px phone, with the keyboard: Madame Marciale Marseille signs
 * up with her cold-water meter 542 361 524 and reads her code in the email actually sent over SMTP.
 */
const EMAIL = 'marcialemars@gmail.com';
const PASSWORD = 'Garnison-Agde-2024';

describe('sign-up by serial number (the seed example)', () => {
  const startMailingJourney = useMailingJourneys();

  it('signs up Madame Marciale Marseille through the seven screens, with the code from the email', async () => {
    const journey = await startMailingJourney({ viewport: 'phone' });
    const { page, smtp } = journey;
    // Many screens and a real server on a shared machine: wait longer than Playwright's default.
    page.setDefaultTimeout(60_000);

    await page.goto('/inscription');
    await stepHeading(page, 'Identifier votre logement');
    await page.getByRole('main').getByRole('link', { name: "Contacter l'assistance" }).waitFor();
    await checkScreen(page);

    // The help: « Trouver mon numéro de série », one tab per device, closed by « J'ai compris ».
    await press(page, 'Aide');
    const dialog = page.getByRole('dialog', { name: 'Trouver mon numéro de série' });
    await dialog.waitFor();
    await dialog.getByText('Il est rouge ou comporte un liseré rouge').waitFor();
    await checkScreen(page);
    await dialog.getByRole('tab', { name: 'Eau chaude' }).focus();
    await page.keyboard.press('ArrowRight');
    await dialog.getByText('Il est bleu ou comporte un liseré bleu').waitFor();
    expect(await dialog.getByRole('tab', { name: 'Eau froide' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowRight');
    await dialog.getByRole('img', { name: /répartiteur de frais de chauffage/ }).waitFor();
    await dialog.getByText('les 5 chiffres sur fond noir').waitFor();
    await press(page, "J'ai compris");
    await dialog.waitFor({ state: 'hidden' });

    // Step 1: a type that does not match is said plainly, then the right one passes.
    await press(page, 'Eau chaude', 'radio');
    await typeInto(page, 'Numéro de série (9 chiffres)', '542 361 524');
    await page.keyboard.press('Enter');
    await expectRefusal(page, "Ce numéro de série est celui d'un appareil « Eau froide », pas « Eau chaude ».");
    await press(page, 'Eau froide', 'radio');
    await press(page, 'Vérifier');

    // Step 2: the residence and the dwelling, as the seed shows them.
    await stepHeading(page, "Attester être l'occupant du logement");
    for (const text of ['Non renseigné', '50001369', 'RUE DE LA GARNISON BATIMENT D, 34300 LE CAP D AGDE', '5151 0008', '01030001']) {
      await page.getByText(text, { exact: true }).waitFor();
    }
    await checkScreen(page);
    await press(page, "J'atteste être l'occupant actuel du logement", 'checkbox');
    await press(page, 'Continuer');

    // Step 3.
    await stepHeading(page, 'Votre profil');
    await checkScreen(page);
    // The move-in date is a date picker: Playwright sets it as the picker does.
    await page.getByLabel("J'atteste être entré(e) dans ce logement en date du :", { exact: true }).fill('2024-05-12');
    await press(page, 'Non', 'radio');
    await press(page, 'Continuer');

    // Step 4: leaks by email (already on) and SMS, and the manager may see daily data.
    await stepHeading(page, 'Activer vos options');
    await checkScreen(page);
    expect(await page.getByRole('checkbox', { name: 'par email' }).isChecked()).toBe(true);
    await press(page, 'par SMS', 'checkbox');
    await press(page, 'Autoriser mon gestionnaire à voir mes consommations journalières', 'checkbox');
    await page.getByRole('button', { name: 'En savoir plus' }).last().focus();
    await page.keyboard.press('Enter');
    await page.getByText('il voit aussi vos consommations jour par jour', { exact: false }).waitFor();
    await press(page, 'Continuer');

    // Step 5: the live checklist ticks each rule as the password grows.
    await stepHeading(page, 'Vos informations personnelles');
    await checkScreen(page);
    await press(page, 'Madame', 'radio');
    await typeInto(page, 'Nom', 'Marciale');
    await typeInto(page, 'Prénom', 'Marseille');
    await typeInto(page, 'Mobile', '+33 06 11 54 65 87');
    await typeInto(page, 'Adresse mail', EMAIL);
    await typeInto(page, 'Mot de passe', 'garnison');
    await page.getByText('Minuscules (respecté)').waitFor();
    await page.getByText('Majuscules (pas encore respecté)').waitFor();
    await typeInto(page, 'Mot de passe', PASSWORD);
    for (const rule of ['10 caractères minimum', 'Minuscules', 'Majuscules', 'Chiffres ou caractères spéciaux (@$!%*&)']) {
      await page.getByText(`${rule} (respecté)`).waitFor();
    }
    await page.getByRole('checkbox', { name: /En cochant cette case, vous confirmez avoir pris connaissance/ }).focus();
    await page.keyboard.press('Space');
    await page.getByText('ista traite les données recueillies pour créer et gérer votre compte au portail résident', { exact: false }).waitFor();
    await checkScreen(page);
    await press(page, 'Créer mon compte');

    // Step 6: the code from the email that really went out over SMTP.
    await stepHeading(page, 'Vérification de votre identité');
    await page.getByText(`Un email vous a été envoyé à l'adresse ${EMAIL}`).waitFor();
    const email = await smtp.waitForEmail(EMAIL, { includeEarlier: true, timeoutMs: 15_000 });
    expect(email.subject).toBe('Votre code de vérification');
    const code = /^(\d{6})$/m.exec(email.text)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    const firstBox = page.getByLabel('Chiffre 1 sur 6');
    expect(await firstBox.getAttribute('inputmode')).toBe('numeric');
    expect(await firstBox.getAttribute('autocomplete')).toBe('one-time-code');
    await checkScreen(page);
    // Pasting the code fills the six boxes.
    await firstBox.focus();
    const pasted = JSON.stringify(`${code!.slice(0, 3)} ${code!.slice(3)}`);
    await page.evaluate(`(() => {
      const clipboard = new DataTransfer();
      clipboard.setData('text', ${pasted});
      document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }));
    })()`);
    expect(await page.getByLabel('Chiffre 6 sur 6').inputValue()).toBe(code!.slice(5));
    await press(page, 'Continuer');

    // Step 7.
    await stepHeading(page, 'Félicitations !');
    await page.getByText('Votre compte "Mes suivis de consommation" a été créé avec succès.').waitFor();
    await checkScreen(page);

    // « Se connecter » leads to the login, where the new account opens the resident space.
    await press(page, 'Se connecter', 'link');
    await page.waitForURL('**/connexion');
    await typeInto(page, 'Adresse email', EMAIL);
    await typeInto(page, 'Mot de passe', PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/mon-espace**');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await checkScreen(page);

    // The only console errors are the browser's lines for the mismatch refused on purpose.
    expect(unexpectedConsoleErrors(journey, [422])).toEqual([]);
  }, 600_000);
});
