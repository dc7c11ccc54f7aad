import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectNoAxeViolations } from './accessibility.ts';
import type { Journey } from './journey.ts';

/** What the sign-up journeys do with the keyboard, and what they check on every screen. */

/**
 * Right after a seeded start, the portal's consumption refresher keeps the server busy for a
 * minute or two (it answers /api/health once, then not until the refresh is done): wait until it answers again.
 */
export async function waitUntilResponsive(journey: Journey): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const answer = await journey.context.request.get('/api/health', { timeout: 3_000 }).catch(() => undefined);
    if (answer?.status() === 200) return;
  }
  throw new Error('The portal server did not become responsive');
}

export async function stepHeading(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { level: 2, name, exact: true }).waitFor();
}

/** Focuses the field named by its label and types, replacing what was there. */
export async function typeInto(page: Page, label: string, text: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

/** Focuses a control by its role and name and operates it from the keyboard. */
export async function press(page: Page, name: string, role: 'button' | 'radio' | 'checkbox' | 'link' = 'button'): Promise<void> {
  await page.getByRole(role, { name, exact: true }).focus();
  await page.keyboard.press(role === 'radio' || role === 'checkbox' ? 'Space' : 'Enter');
}

/** No horizontal scrolling on the phone, and no axe violation. */
export async function checkScreen(page: Page): Promise<void> {
  expect(Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'))).toBe(0);
  await expectNoAxeViolations(page);
}

/** A refusal the screen announces (role=alert), checked like any screen. */
export async function expectRefusal(page: Page, text: string): Promise<void> {
  await page.getByRole('alert').getByText(text, { exact: false }).waitFor();
  await checkScreen(page);
}

/** Console errors other than the browser's own line for each refusal the journey provoked on purpose. */
export function unexpectedConsoleErrors(journey: Journey, expectedStatuses: number[]): string[] {
  return journey.consoleErrors.filter(
    (line) => !expectedStatuses.some((status) => line.includes(`the server responded with a status of ${status}`)),
  );
}
