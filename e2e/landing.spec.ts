import { afterEach, describe, expect, it } from 'vitest';
import { PRIVACY_POLICY_VERSION } from '#shared/privacy-policy.ts';
import { expectNoAxeViolations } from './support/accessibility.ts';
import { startJourney, type Journey } from './support/journey.ts';
import { horizontalOverflow, mainHeading } from './support/page-checks.ts';

const FRENCH_HEADING = "Suivez les consommations d'eau et de chauffage de votre logement";
const ENGLISH_HEADING = "Follow your home's water and heating consumption";

describe('landing page', () => {
  let journey: Journey | undefined;

  afterEach(async () => {
    await journey?.close();
    journey = undefined;
  });

  it('presents the portal in French and leads to the sign-up', async () => {
    journey = await startJourney();
    const { page } = journey;

    await page.goto('/');
    await mainHeading(page, FRENCH_HEADING);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.title()).toBe('Accueil – Mes suivis de consommation');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Créer mon compte' }).first().click();
    await page.waitForURL('**/inscription');
    await mainHeading(page, 'Créer votre compte');
    await page.getByRole('heading', { level: 2, name: 'Identifier votre logement' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: "Contacter l'assistance" }).waitFor();
    await expectNoAxeViolations(page);

    await page.getByRole('contentinfo').getByRole('link', { name: 'Politique de confidentialité' }).click();
    await mainHeading(page, 'Politique de confidentialité');
    await page.getByText(`Version ${PRIVACY_POLICY_VERSION}`).waitFor();
    await expectNoAxeViolations(page);

    expect(journey.consoleErrors).toEqual([]);
  });

  it('switches to English, tells the server, and remembers the choice', async () => {
    journey = await startJourney();
    const { page, context } = journey;

    await page.goto('/');
    await mainHeading(page, FRENCH_HEADING);
    await page.getByRole('button', { name: 'English' }).click();
    await mainHeading(page, ENGLISH_HEADING);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    expect((await context.cookies()).find((cookie) => cookie.name === 'lang')?.value).toBe('en');

    // The API shares the browser's cookies: its messages now come in English too.
    const apiAnswer = await context.request.get('/api/no-such-route');
    expect(await apiAnswer.json()).toEqual({ error: { code: 'not_found', message: 'Page not found.' } });

    await page.reload();
    await mainHeading(page, ENGLISH_HEADING);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Français' }).click();
    await mainHeading(page, FRENCH_HEADING);
    expect(journey.consoleErrors).toEqual([]);
  });

  it('fits a 360 px phone screen', async () => {
    journey = await startJourney({ viewport: 'phone' });
    const { page } = journey;

    await page.goto('/');
    await mainHeading(page, FRENCH_HEADING);
    expect(await horizontalOverflow(page)).toBe(0);
    const signUp = page.getByRole('link', { name: 'Créer mon compte' }).first();
    const box = await signUp.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
    await expectNoAxeViolations(page);

    await signUp.click();
    await mainHeading(page, 'Créer votre compte');
    expect(await horizontalOverflow(page)).toBe(0);
    await expectNoAxeViolations(page);

    expect(journey.consoleErrors).toEqual([]);
  });

  it('answers an unknown address with the not-found page', async () => {
    journey = await startJourney();
    const { page } = journey;

    await page.goto('/cette-page-n-existe-pas');
    await mainHeading(page, 'Page introuvable');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: "Retour à l'accueil" }).click();
    await mainHeading(page, FRENCH_HEADING);
    expect(journey.consoleErrors).toEqual([]);
  });
});
