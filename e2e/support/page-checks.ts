import type { Page } from 'playwright-core';

/** Waits for the page's one level-1 heading to read exactly `name`. */
export async function mainHeading(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
}

/** How many CSS pixels the page is wider than the viewport (0 when nothing scrolls sideways). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
}

/**
 * Follows a link of a space's menu; on a phone the menu is folded behind « Menu » (or « Menu »
 * in English too), which is opened first.
 */
export async function followSpaceMenu(page: Page, menuName: string, link: string | RegExp, options: { exact?: boolean } = {}): Promise<void> {
  const menu = page.getByRole('navigation', { name: menuName });
  const toggle = page.getByRole('button', { name: /^Menu/ });
  if (!(await menu.isVisible()) && (await toggle.isVisible())) await toggle.click();
  await menu.getByRole('link', { name: link, ...options }).click();
}
