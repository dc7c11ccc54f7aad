import { beforeAll, describe, expect, it } from 'vitest';
import { planDemoPortfolio } from '../server/demo/demo-portfolio.ts';
import { expectNoAxeViolations } from './support/accessibility.ts';
import { useMailingJourneys } from './support/mailing-journey.ts';
import { expectRefusal, press, stepHeading, typeInto, unexpectedConsoleErrors } from './support/signup-steps.ts';
import { DEMO_REFERENCE_DATE } from './support/repository.ts';

/**
 * A resident whose meters are ITRON (serial numbers that are not 9 digits) signs up with the
 * building code and the dwelling reference customer service gave; on the way, the screens
 * refuse what they must, and « Contacter l'assistance » carries what was typed.
 */
interface DemoFacts {
  itronBuildingCode: string;
  itronSerialNumber: string;
  itronDwellingReference: string;
  itronDwellingCode: string;
  unpublishedSerialNumber: string;
  notBookedSerialNumber: string;
}

/** Reads the codes from the demo plan the seed command loaded: the same plan for the same reference date. */
function demoFacts(): DemoFacts {
  const plan = planDemoPortfolio({ referenceDate: DEMO_REFERENCE_DATE });
  const occupied = new Set(plan.users.filter((user) => user.dwellingId && !user.closedAt).map((user) => user.dwellingId));
  const residenceOf = (id: string) => plan.residences.find((residence) => residence.id === id)!;
  const isPortalBooked = (residenceId: string) =>
    plan.contracts.find((contract) => contract.id === residenceOf(residenceId).contractId)!.bookedOptions.includes('resident_portal');
  const itron = plan.devices.find(
    (device) =>
      device.manufacturer === 'ITRON' &&
      !device.removedOn &&
      !occupied.has(device.dwellingId) &&
      residenceOf(device.residenceId).publishedAt !== null &&
      isPortalBooked(device.residenceId),
  )!;
  const dwelling = plan.dwellings.find((candidate) => candidate.id === itron.dwellingId)!;
  const nineDigitDeviceWhere = (accept: (residenceId: string) => boolean) =>
    plan.devices.find((device) => /^\d{9}$/.test(device.serialNumber) && !device.removedOn && accept(device.residenceId))!.serialNumber;
  return {
    itronBuildingCode: residenceOf(itron.residenceId).buildingCode,
    itronSerialNumber: itron.serialNumber,
    itronDwellingReference: dwelling.reference,
    itronDwellingCode: dwelling.dwellingCode,
    unpublishedSerialNumber: nineDigitDeviceWhere((residenceId) => isPortalBooked(residenceId) && residenceOf(residenceId).publishedAt === null),
    notBookedSerialNumber: nineDigitDeviceWhere((residenceId) => !isPortalBooked(residenceId)),
  };
}

describe('sign-up by building code (ITRON meters)', () => {
  let facts: DemoFacts;
  const startMailingJourney = useMailingJourneys();

  beforeAll(() => {
    facts = demoFacts();
  });

  it('refuses what it must, identifies the dwelling by building code and reference, and reaches assistance', async () => {
    const journey = await startMailingJourney({ viewport: 'phone' });
    const { page, smtp } = journey;
    // Many screens and a real server on a shared machine: wait longer than Playwright's default.
    page.setDefaultTimeout(60_000);
    await page.goto('/inscription');
    await stepHeading(page, 'Identifier votre logement');

    // The serial-number way: each refusal in its own words.
    await press(page, 'Je ne sais pas', 'radio');
    await typeInto(page, 'Numéro de série (9 chiffres)', facts.itronSerialNumber);
    await page.keyboard.press('Enter');
    await page.getByText('Saisissez les 9 chiffres du numéro de série.').waitFor();
    await typeInto(page, 'Numéro de série (9 chiffres)', '999 999 999');
    await page.keyboard.press('Enter');
    await expectRefusal(page, 'Ce numéro de série ne correspond à aucun appareil ista télé-relevé.');
    await typeInto(page, 'Numéro de série (9 chiffres)', facts.unpublishedSerialNumber);
    await page.keyboard.press('Enter');
    await expectRefusal(page, 'Portail en cours de construction');
    await typeInto(page, 'Numéro de série (9 chiffres)', facts.notBookedSerialNumber);
    await page.keyboard.press('Enter');
    await expectRefusal(page, "n'a pas souscrit l'option « Portail résident »");

    // The building-code way, as customer service explains it.
    await press(page, 'Code immeuble ista', 'radio');
    await page.getByText('ITRON ou KAMSTRUP par exemple', { exact: false }).waitFor();
    await expectNoAxeViolations(page);
    await typeInto(page, 'Code immeuble ista (8 chiffres)', '99999999');
    await page.keyboard.press('Enter');
    await expectRefusal(page, 'Ce code immeuble ista est inconnu.');
    await typeInto(page, 'Code immeuble ista (8 chiffres)', facts.itronBuildingCode);
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('Immeuble trouvé', { exact: false }).waitFor();
    await typeInto(page, 'Référence logement (10 caractères)', 'ZZZZZZZZZZ');
    await page.keyboard.press('Enter');
    await expectRefusal(page, 'Cette référence logement ne correspond à aucun logement de cet immeuble.');

    // « Contacter l'assistance » carries the building code typed so far, and is acknowledged by email.
    await page.getByRole('link', { name: "Contacter l'assistance" }).first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/inscription/assistance');
    // The sign-up page's radio has the same name; wait for the assistance form's text field itself.
    const buildingCodeField = page.getByRole('textbox', { name: 'Code immeuble ista', exact: true });
    await buildingCodeField.waitFor();
    expect(await buildingCodeField.inputValue()).toBe(facts.itronBuildingCode);
    await typeInto(page, 'Nom et prénom', 'Paul Girard');
    await typeInto(page, 'Adresse mail', 'paul.girard@example.test');
    await page.getByLabel('Votre message').focus();
    await page.keyboard.type('Mes compteurs sont des ITRON : quelle est ma référence logement ?');
    await expectNoAxeViolations(page);
    await press(page, 'Envoyer ma demande');
    await page.getByRole('status').getByText('Votre demande a bien été envoyée au service client ista', { exact: false }).waitFor();
    const acknowledgement = await smtp.waitForEmail('paul.girard@example.test', { includeEarlier: true, timeoutMs: 15_000 });
    expect(acknowledgement.text).toContain('Mes compteurs sont des ITRON');
    await expectNoAxeViolations(page);

    // Back to the sign-up with the reference customer service gave.
    await page.getByRole('link', { name: "Revenir à l'inscription" }).click();
    await press(page, 'Code immeuble ista', 'radio');
    await typeInto(page, 'Code immeuble ista (8 chiffres)', facts.itronBuildingCode);
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('Immeuble trouvé', { exact: false }).waitFor();
    await typeInto(page, 'Référence logement (10 caractères)', facts.itronDwellingReference.toLowerCase());
    await page.keyboard.press('Enter');

    await stepHeading(page, "Attester être l'occupant du logement");
    await page.getByText(facts.itronBuildingCode, { exact: true }).waitFor();
    await page.getByText(facts.itronDwellingCode, { exact: true }).waitFor();
    await expectNoAxeViolations(page);

    // « Ce n'est pas mon logement » goes back to step 1; the reload keeps the server's step.
    await press(page, "Ce n'est pas mon logement");
    await stepHeading(page, 'Identifier votre logement');
    await page.reload();
    await stepHeading(page, 'Identifier votre logement');

    // The only console errors are the browser's lines for the refusals provoked on purpose.
    expect(unexpectedConsoleErrors(journey, [403, 404])).toEqual([]);
  }, 600_000);
});
