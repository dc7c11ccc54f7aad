import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';

/** The code an authenticator app would show now for `secret` (SHA-1, 6 digits, 30 s, as the portal enrols it). */
export function totpCode(secret: string, timestamp = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp });
}

/**
 * A staff member's first login at /back-office/connexion: the password, then the second factor
 * enrolled as a person would (the secret read off the screen, a code from it, the recovery codes
 * acknowledged). Returns the secret.
 */
export async function logInAsStaffWithEnrolment(page: Page, email: string, password: string): Promise<string> {
  await page.goto('/back-office/connexion');
  await page.getByLabel('Adresse email').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL('**/back-office/connexion/double-authentification');
  await page.getByRole('heading', { level: 1, name: 'Activer la double authentification' }).waitFor();
  const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
  await page.getByLabel("Code à 6 chiffres affiché par l'application").fill(totpCode(secret));
  await page.getByRole('button', { name: 'Activer' }).click();
  await page.getByRole('button', { name: "J'ai noté mes codes, continuer" }).click();
  await page.waitForURL('**/back-office');
  return secret;
}
