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
/** What the page's `chartMarks()` returns: the marks over the bars and how many pixels of their colour each has. */
interface ChartMarks {
  name: string;
  canvas: { left: number; top: number };
  marks: Array<{ kind: 'spike' | 'stub'; index: number; left: number; top: number; width: number; height: number; pixelsOfItsColour: number }>;
}
type FixtureWindow = { chartAxisLabels?: () => ChartLayout[]; chartMarks?: () => ChartMarks[] };

const CHART_COUNT = 18;
const SPIKE_CASE = 'spike and zero estimated day';

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

  async function openFixture() {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.route(`${FIXTURE_ORIGIN}/**`, (route) => {
      const file = new URL(route.request().url()).pathname;
      return route.fulfill({ path: path.join(outDir, file === '/' ? 'index.html' : file) });
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${FIXTURE_ORIGIN}/`);
    await page.waitForFunction((count) => ((globalThis as FixtureWindow).chartAxisLabels?.() ?? []).length === count, CHART_COUNT);
    return { page, errors };
  }

  it('keeps every axis label inside the chart, with several y ticks', async () => {
    const { page, errors } = await openFixture();
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

  it('marks a day estimated for a spike with a triangle and its legend, draws a zero estimated day as a stub, and names the reason', async () => {
    const { page, errors } = await openFixture();
    const figure = page.locator('figure.bar-chart').filter({ has: page.getByRole('img', { name: SPIKE_CASE, exact: true }) }).first();
    await figure.scrollIntoViewIfNeeded();
    // The canvas boxes are as the viewport shows them now.
    const marked = (await page.evaluate(() => (globalThis as FixtureWindow).chartMarks!())).filter((chart) => chart.name.startsWith(SPIKE_CASE));
    expect(marked.map((chart) => chart.name)).toEqual([`${SPIKE_CASE} at 300 px`, `${SPIKE_CASE} at 1000 px`]);
    for (const chart of marked) {
      // Bar 5 is an estimated zero; bars 9 and 10 are estimated because a spike was left out.
      expect(chart.marks.map((mark) => `${mark.kind} ${mark.index}`), chart.name).toEqual(['stub 5', 'spike 9', 'spike 10']);
      for (const mark of chart.marks) expect(mark.pixelsOfItsColour, `${chart.name}: ${mark.kind} ${mark.index} drawn`).toBeGreaterThan(4);
    }

    await figure.getByRole('list', { name: 'Légende' }).getByText('Triangle : pic de relevé écarté, valeur estimée').waitFor();
    // Only a chart with a spike has that legend entry.
    expect(await page.getByText('Triangle : pic de relevé écarté, valeur estimée').count()).toBe(2);

    // The value under the pointer names why the day is estimated, as the table does.
    const { canvas, marks } = marked[0]!;
    const spike = marks.find((mark) => mark.kind === 'spike')!;
    const stub = marks.find((mark) => mark.kind === 'stub')!;
    const readout = figure.locator('.bar-chart-readout');
    await page.mouse.move(canvas.left + spike.left + spike.width / 2, canvas.top + spike.top + spike.height + 10);
    expect(await readout.innerText()).toBe('10/23 : 12 litres (estimée : pic de relevé écarté)');
    await page.mouse.move(canvas.left + stub.left + stub.width / 2, canvas.top + stub.top - 20);
    expect(await readout.innerText()).toBe('06/23 : 0 litres (estimée : relevés manquants)');

    await figure.getByText('Voir le tableau des valeurs').click();
    const table = figure.getByRole('table');
    expect(await table.getByRole('row', { name: /^10\/23/ }).innerText()).toBe('10/23\t12\tOui : pic de relevé écarté');
    expect(await table.getByRole('row', { name: /^06\/23/ }).innerText()).toBe('06/23\t0\tOui : relevés manquants');
    expect(await table.getByRole('row', { name: /^01\/23/ }).innerText()).toBe('01/23\t40\tNon');
    expect(errors).toEqual([]);
  }, 120_000);
});
