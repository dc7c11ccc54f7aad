import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Runs axe (every rule but the experimental ones) on the page and fails with a readable list. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const violations = results.violations.map((violation) => {
    const places = violation.nodes.map((node) => `    at ${node.target.join(' ')}: ${node.failureSummary?.replaceAll('\n', ' ') ?? ''}`);
    return [`${violation.id} (${violation.impact ?? 'unknown impact'}): ${violation.help} ${violation.helpUrl}`, ...places].join('\n');
  });
  expect(violations, `axe violations on ${page.url()}`).toEqual([]);
}
