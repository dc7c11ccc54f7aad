import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS } from '../server/db/seed/demo-accounts.ts';
import { expectNoAxeViolations } from './support/accessibility.ts';
import { startJourney, type Journey } from './support/journey.ts';
import { horizontalOverflow, mainHeading } from './support/page-checks.ts';

/** The demo's featured resident whose cold water has been leaking for days (a planted leak, found by the demo load's detection pass). */
const RESIDENT_EMAIL = 'claire.fabre@demo.example';
/** Starting a portal on a copy of the demo data and driving Chromium take long on a busy machine. */
const JOURNEY_TIMEOUT_MS = 600_000;

describe('resident alerts', () => {
  let journey: Journey | undefined;

  afterEach(async () => {
    await journey?.close();
    journey = undefined;
  });

  it('shows the leak running now under « Alertes », on a phone, in French and in English', async () => {
    journey = await startJourney({ viewport: 'phone' });
    const { page } = journey;

    await page.goto('/connexion');
    await page.getByLabel('Adresse email').fill(RESIDENT_EMAIL);
    await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORDS.resident);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await mainHeading(page, 'Mes suivis de consommation');

    const menu = page.getByRole('navigation', { name: 'Menu de mon espace' });
    await menu.getByRole('link', { name: 'Alertes', exact: true }).click();
    await mainHeading(page, 'Alertes');

    const current = page.getByRole('region', { name: 'Alertes en cours' });
    const leak = current.getByRole('article', { name: /Fuite d'eau probable — Eau froide/ });
    await leak.waitFor();
    await leak.getByText('En cours').waitFor();
    await leak.getByText("L'eau a coulé sans interruption, heure après heure.").waitFor();
    await leak.getByText(/^Débit continu d'au moins [\d,]+ L\/h/).waitFor();
    await leak.getByText(/fermez l'arrivée d'eau/).waitFor();
    await page.getByRole('region', { name: 'Historique' }).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'English' }).click();
    await mainHeading(page, 'Alerts');
    await page.getByRole('region', { name: 'Current alerts' }).getByRole('article', { name: /Probable water leak — Cold water/ }).waitFor();
    await expectNoAxeViolations(page);

    expect(journey.consoleErrors).toEqual([]);
  }, JOURNEY_TIMEOUT_MS);
});
