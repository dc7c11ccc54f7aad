import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const fixtureRoot = fileURLToPath(new URL('../web/test-pages/chart-layout/', import.meta.url));
const FIXTURE_ORIGIN = 'http://charts.fixture';

/** What the page's `chartAxisLabels()` returns for each chart (see web/test-pages/chart-layout). */
interface ChartLayout {
  name: string;
  width: number;
  canvasWidth: number;
  yLabelsFrom: number;
  labels: Array<{ axis: 'x' | 'y'; text: string; left: number; right: number }>;
}
type FixtureWindow = { chartAxisLabels?: () => ChartLayout[] };

/**
 * Every bar chart of the portal, drawn by uPlot in Chromium with edge values (zeros, 912 163,
 * thousandths, months without a value, one bar) at a phone's and a desktop's width: each axis
 * label, measured with the chart's own canvas, lies inside the chart.
 */
describe('bar charts', () => {
  let outDir: string;
  let browser: Browser;

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'chart-fixture-'));
    await build({
      configFile: false,
      root: fixtureRoot,
      base: '/',
      logLevel: 'warn',
      oxc: { jsx: { runtime: 'automatic' } },
      build: { outDir, emptyOutDir: true },
    });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await rm(outDir, { recursive: true, force: true });
  });

  it('keeps every axis label inside the chart, with several y ticks', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.route(`${FIXTURE_ORIGIN}/**`, (route) => {
      const file = new URL(route.request().url()).pathname;
      return route.fulfill({ path: path.join(outDir, file === '/' ? 'index.html' : file) });
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${FIXTURE_ORIGIN}/`);
    await page.waitForFunction(() => ((globalThis as FixtureWindow).chartAxisLabels?.() ?? []).length === 16);
    const charts = await page.evaluate(() => (globalThis as FixtureWindow).chartAxisLabels!());

    const outside = charts.flatMap((chart) =>
      chart.labels
        .filter((label) => label.left < (label.axis === 'y' ? chart.yLabelsFrom : 0) - 0.5 || label.right > chart.canvasWidth + 0.5)
        .map((label) => `${chart.name}: ${label.axis} label « ${label.text} » spans ${label.left.toFixed(1)}–${label.right.toFixed(1)} px of ${chart.canvasWidth}`),
    );
    expect(outside).toEqual([]);
    for (const chart of charts) {
      expect(chart.canvasWidth, chart.name).toBeLessThanOrEqual(chart.width);
      expect(chart.labels.filter((label) => label.axis === 'y').length, chart.name).toBeGreaterThanOrEqual(3);
      expect(chart.labels.filter((label) => label.axis === 'x').length, chart.name).toBeGreaterThanOrEqual(1);
    }
    expect(errors).toEqual([]);
  }, 120_000);
});
