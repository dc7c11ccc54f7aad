import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS } from '../server/demo/demo-accounts.ts';
import { expectNoAxeViolations } from './support/accessibility.ts';
import { startJourney, type Journey } from './support/journey.ts';
import { mainHeading } from './support/page-checks.ts';

const runFile = promisify(execFile);
const RESIDENT_EMAIL = 'claire.fabre@demo.example';

/** Runs the real curl as docs/HOME-ASSISTANT.md shows it; returns the status and the body. */
async function curl(token: string, url: string): Promise<{ status: number; body: string }> {
  const { stdout } = await runFile('curl', ['--silent', '--show-error', '--write-out', '\n%{http_code}', '-H', `Authorization: Bearer ${token}`, url]);
  const cut = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) };
}

async function logIn(page: Page): Promise<void> {
  await page.goto('/connexion');
  await page.getByLabel('Adresse email').fill(RESIDENT_EMAIL);
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORDS.resident);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await mainHeading(page, 'Mes suivis de consommation');
}

describe('personal access tokens (issue 23)', () => {
  let journey: Journey | undefined;
  afterEach(async () => {
    await journey?.close();
    journey = undefined;
  });

  it('claire.fabre creates a token, reads her meters with it through curl, revokes it, and the next read is refused', async () => {
    journey = await startJourney();
    const { page, baseUrl } = journey;
    await logIn(page);
    await page.goto('/mon-espace/mes-donnees');
    await page.getByRole('heading', { name: "Jetons d'accès à mes consommations" }).waitFor();
    await page.getByLabel('Nom du jeton').fill('Home Assistant');
    await page.getByLabel('Durée de validité').selectOption('90');
    await page.getByRole('button', { name: 'Créer le jeton' }).click();
    const token = (await page.getByTestId('new-api-token').textContent())!.trim();
    expect(token).toMatch(/^rcp_/);
    await expectNoAxeViolations(page);

    const read = await curl(token, `${baseUrl}/api/resident/consumption/meters`);
    expect(read.status, read.body).toBe(200);
    const meters = JSON.parse(read.body).meters as Array<{ fluid: string; total: number; homeAssistantUnit: string }>;
    expect(meters.some((meter) => meter.total > 0)).toBe(true);
    // Her profile stays closed to the token.
    expect((await curl(token, `${baseUrl}/api/resident/profile`)).status).toBe(403);

    await page.reload();
    const item = page.locator('.resident-token', { hasText: 'Home Assistant' });
    await item.getByText(/Dernière utilisation/).waitFor();
    await item.getByRole('button', { name: 'Révoquer le jeton Home Assistant' }).click();
    await page.getByText('Le jeton « Home Assistant » est révoqué').waitFor();

    const refused = await curl(token, `${baseUrl}/api/resident/consumption/meters`);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body).error.code).toBe('api_token_invalid');
    expect(journey.consoleErrors).toEqual([]);
  });
});
