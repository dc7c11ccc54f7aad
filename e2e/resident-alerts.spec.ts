import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS } from '../server/demo/demo-accounts.ts';
import { expectNoAxeViolations } from './support/accessibility.ts';
import { startJourney, viewports, type Journey } from './support/journey.ts';
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

  it('shows the leak running now on the first screen of a phone, its count on « Alertes », assistance pre-filled, and a chart read by touch', async () => {
    journey = await startJourney({ viewport: 'phone' });
    const { page } = journey;

    await page.goto('/connexion');
    await page.getByLabel('Adresse email').fill(RESIDENT_EMAIL);
    await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORDS.resident);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await mainHeading(page, 'Mes suivis de consommation');

    // The home page opens on the running leak: fluid, since when, the water lost, what to do, all within the first screen.
    const running = page.getByRole('region', { name: 'Alertes en cours sur votre logement' }).getByRole('article', { name: "Fuite d'eau probable — Eau froide" });
    await running.waitFor();
    await running.getByText(/^En cours depuis le \d\d\/\d\d\/\d{4}/).waitFor();
    await running.getByText(/^Environ [\d\u202f]+ litres écoulés depuis le début\.$/).waitFor();
    await running.getByText(/fermez l'arrivée d'eau/).waitFor();
    const box = (await running.boundingBox())!;
    expect(await page.evaluate('window.scrollY')).toBe(0);
    expect(box.y + box.height, 'the running leak ends within the first screen').toBeLessThanOrEqual(viewports.phone.height);
    expect(await horizontalOverflow(page)).toBe(0);
    await expectNoAxeViolations(page);

    // The folded menu and « Alertes » say how many alerts run.
    const toggle = page.getByRole('button', { name: 'Menu (1 alerte en cours)' });
    expect((await toggle.boundingBox())!.y).toBeLessThan(viewports.phone.height / 3);
    await toggle.click();
    const menu = page.getByRole('navigation', { name: 'Menu de mon espace' });
    await menu.getByRole('link', { name: 'Alertes (1 alerte en cours)', exact: true }).click();
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

    // Assistance from the alert: her dwelling, residence and the alert are already in the message.
    await leak.getByRole('link', { name: "Contacter l'assistance" }).click();
    await mainHeading(page, "Contacter l'assistance");
    const message = page.getByLabel('Votre message');
    await expect.poll(() => message.inputValue()).toMatch(/^Logement [\d ]+ · bâtiment .*\nRésidence 50001369 · .*\nAlerte consultée : Fuite d'eau probable — Eau froide, en cours depuis le /);
    expect(await page.getByLabel('Nom et prénom').inputValue()).toBe('Claire Fabre');
    expect(await page.getByLabel('Adresse mail').inputValue()).toBe(RESIDENT_EMAIL);
    expect(await page.getByLabel('Code immeuble ista').inputValue()).toBe('50001369');
    await expectNoAxeViolations(page);
    await message.fill(`${await message.inputValue()}Pouvez-vous envoyer un plombier ?`);
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await page.getByRole('status').getByText(/sous la référence /).waitFor();

    // A chart read by touch: a finger on the monthly chart writes the month and its value under it.
    await page.goto('/mon-espace/consommations/eau-froide');
    await mainHeading(page, 'Eau froide');
    const monthly = page.getByRole('region', { name: 'Consommation mensuelle' });
    const chart = monthly.getByRole('img', { name: /^Eau froide : consommation par mois/ });
    await chart.scrollIntoViewIfNeeded();
    const chartBox = (await chart.boundingBox())!;
    await page.touchscreen.tap(chartBox.x + chartBox.width * 0.6, chartBox.y + chartBox.height / 2);
    await expect
      .poll(() => monthly.locator('.bar-chart-readout').innerText())
      .toMatch(/^(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4} : \d+,\d{3} m³/);
    await expectNoAxeViolations(page);

    await page.goto('/mon-espace/alertes');
    await page.getByRole('button', { name: /^EN/ }).click();
    await mainHeading(page, 'Alerts');
    await page.getByRole('region', { name: 'Current alerts' }).getByRole('article', { name: /Probable water leak — Cold water/ }).waitFor();
    await expectNoAxeViolations(page);

    // Once her account is deleted, nothing on screen says she is still signed in.
    await page.getByRole('button', { name: /^FR/ }).click();
    await page.goto('/mon-espace/mes-donnees');
    await mainHeading(page, 'Mes données');
    const deletion = page.getByRole('region', { name: 'Supprimer mon compte' });
    await deletion.getByLabel('Je confirme vouloir supprimer définitivement mon compte').check();
    await deletion.getByLabel('Mot de passe actuel', { exact: true }).fill(DEMO_PASSWORDS.resident);
    await deletion.getByRole('button', { name: 'Supprimer mon compte' }).click();
    await page.getByRole('status').getByText('Votre compte a été supprimé. À bientôt !').waitFor();
    expect(await page.getByText('Connecté(e)').count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Menu de mon espace' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Menu/ }).count()).toBe(0);
    await expectNoAxeViolations(page);

    expect(journey.consoleErrors).toEqual([]);
  }, JOURNEY_TIMEOUT_MS);
});
