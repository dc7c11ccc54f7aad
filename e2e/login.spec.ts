import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS } from '../server/demo/demo-accounts.ts';
import type { DemoLogin } from '../server/demo/demo-plan.ts';
import { planDemoPortfolio } from '../server/demo/demo-portfolio.ts';
import { expectNoAxeViolations } from './support/accessibility.ts';
import { startJourney, type Journey } from './support/journey.ts';
import { DEMO_REFERENCE_DATE } from './support/repository.ts';

/** The demo accounts the seed printed, found by what they are, as a tester reads them off the start-up output. */
function demoLogins(): Record<'resident' | 'manager' | 'staff', DemoLogin> {
  const { logins } = planDemoPortfolio({ referenceDate: DEMO_REFERENCE_DATE });
  const find = (predicate: (login: DemoLogin) => boolean) => {
    const login = logins.find(predicate);
    if (!login) throw new Error('demo login not found');
    return login;
  };
  return {
    resident: find((login) => login.passwordKey === 'resident'),
    manager: find((login) => login.passwordKey === 'manager'),
    staff: find((login) => login.passwordKey === 'staff' && login.label.toLowerCase().includes('admin')),
  };
}

async function logIn(page: Page, login: DemoLogin, password = DEMO_PASSWORDS[login.passwordKey]): Promise<void> {
  await page.getByLabel('Adresse email').fill(login.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

async function logOutBackTo(page: Page, loginPath: string): Promise<void> {
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(`**${loginPath}`);
  await page.getByText('Vous êtes déconnecté(e). À bientôt !').waitFor();
}

describe('logging in to each space', () => {
  let journey: Journey | undefined;
  const logins = demoLogins();

  afterEach(async () => {
    await journey?.close();
    journey = undefined;
  });

  it('a resident logs in at /connexion, lands in « Mon espace », and logs out', async () => {
    journey = await startJourney();
    const { page } = journey;
    await page.goto('/mon-espace');
    await page.waitForURL('**/connexion');
    await page.getByRole('heading', { level: 1, name: 'Se connecter à Mes suivis de consommation' }).waitFor();
    await expectNoAxeViolations(page);

    await logIn(page, logins.resident, 'Pas-Le-Bon-2026');
    await page.getByRole('alert').getByText('Adresse email ou mot de passe incorrect.', { exact: false }).waitFor();

    await logIn(page, logins.resident);
    await page.waitForURL('**/mon-espace');
    await page.getByText(/^Connecté\(e\) : /).waitFor();
    await expectNoAxeViolations(page);
    await logOutBackTo(page, '/connexion');
    await page.goto('/mon-espace');
    await page.waitForURL('**/connexion');
  });

  it('a manager logs in at /moncompte/connexion, lands in MonCompte, and logs out', async () => {
    journey = await startJourney();
    const { page } = journey;
    await page.goto('/moncompte/connexion');
    await page.getByRole('heading', { level: 1, name: 'Se connecter à MonCompte' }).waitFor();
    await logIn(page, logins.manager);
    await page.waitForURL('**/moncompte');
    await page.getByText(/^Connecté\(e\) : /).waitFor();
    await logOutBackTo(page, '/moncompte/connexion');
  });

  it('a staff member enrols TOTP at first login, lands in the back office, and logs out', async () => {
    journey = await startJourney();
    const { page } = journey;
    await page.goto('/back-office/connexion');
    await page.getByRole('heading', { level: 1, name: 'Connexion au back-office' }).waitFor();
    await logIn(page, logins.staff);
    await page.waitForURL('**/back-office/connexion/double-authentification');
    await page.getByRole('heading', { level: 1, name: 'Activer la double authentification' }).waitFor();
    const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expectNoAxeViolations(page);

    const code = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate();
    await page.getByLabel("Code à 6 chiffres affiché par l'application").fill(code);
    await page.getByRole('button', { name: 'Activer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vos codes de secours' }).waitFor();
    expect(await page.getByRole('list', { name: 'Vos codes de secours' }).getByRole('listitem').count()).toBe(10);
    await page.getByRole('button', { name: "J'ai noté mes codes, continuer" }).click();
    await page.waitForURL('**/back-office');
    await page.getByText(/^Connecté\(e\) : /).waitFor();
    await logOutBackTo(page, '/back-office/connexion');

    await logIn(page, logins.staff);
    await page.waitForURL('**/back-office/connexion/double-authentification');
    await page.getByRole('heading', { level: 1, name: 'Double authentification' }).waitFor();
    expect(journey.consoleErrors.filter((message) => !message.includes('401'))).toEqual([]);
  });
});
