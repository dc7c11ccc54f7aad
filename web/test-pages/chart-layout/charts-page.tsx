/**
 * A page of the portal's bar charts drawn with edge values, built by e2e/charts.spec.ts (never part of the app): each
 * chart hands its uPlot instance over, and `window.chartAxisLabels()` says where every axis
 * label falls, measured by the chart's own canvas.
 */
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import uPlot from 'uplot';
import { BarChart, type ChartBar, type ChartComparison } from '../../src/components/bar-chart.tsx';
import { axisLabelBoxes, slotMarks, UNIT_LABEL_SIZE, type SlotMark } from '../../src/components/chart-options.ts';
import type { EstimateReasonCode } from '#shared/contracts/consumption.ts';
import { formatQuantity, type QuantityUnit } from '../../src/components/format.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import '../../src/styles/global.css';

interface EdgeCase {
  name: string;
  unit: QuantityUnit;
  values: Array<number | null>;
  comparisons?: ChartComparison[];
  variants?: boolean;
  /** Which bars are estimated and why (else every fourth bar from the second, without a reason). */
  reasons?: Array<EstimateReasonCode | undefined>;
}

const months = (count: number) => Array.from({ length: count }, (_, index) => `${String((index % 12) + 1).padStart(2, '0')}/${String(23 + Math.floor(index / 12))}`);
const series = (count: number, value: (index: number) => number | null) => Array.from({ length: count }, (_, index) => value(index));

const edgeCases: EdgeCase[] = [
  { name: 'zeros', unit: 'litres', values: series(30, () => 0) },
  {
    name: 'large heating units',
    unit: 'units',
    values: series(38, (index) => (index === 3 ? 912_163 : index * 9_871)),
    comparisons: [
      { kind: 'previousYear', name: 'Même mois l’an dernier', values: series(38, (index) => (index < 12 ? null : 367_165)) },
      { kind: 'average', name: 'Logement moyen', values: series(38, () => 284_679.4) },
    ],
  },
  { name: 'tiny decimals', unit: 'm3', values: [0.0004, 0.001, 0.0123, 0.000001, 0.0099] },
  { name: 'empty months', unit: 'm3', values: series(13, (index) => (index % 3 === 0 ? null : 4.922 + index)) },
  { name: 'no value at all', unit: 'kWh', values: series(12, () => null) },
  { name: 'one bar', unit: 'kWh', values: [1_584] },
  { name: 'comparison bars', unit: 'm3', values: [11.007, 10.588, 8.361], variants: true },
  { name: 'hours', unit: 'litres', values: series(24, (index) => (index % 5) * 12.5) },
  {
    name: 'spike and zero estimated day',
    unit: 'litres',
    values: series(14, (index) => (index === 5 ? 0 : index === 9 ? 12 : 40 + index)),
    reasons: Array.from({ length: 14 }, (_, index): EstimateReasonCode | undefined => (index === 5 ? 'gap' : index === 9 || index === 10 ? 'spike' : undefined)),
  },
];

const charts: Array<{ name: string; width: number; chart: uPlot; bars: ChartBar[] }> = [];

function barsOf(edgeCase: EdgeCase): ChartBar[] {
  const ticks = months(edgeCase.values.length);
  const variants = ['previousYear', 'average'] as const;
  return edgeCase.values.map((value, index) => ({
    key: String(index),
    label: ticks[index]!,
    tick: ticks[index]!,
    value,
    isEstimated: edgeCase.reasons ? edgeCase.reasons[index] !== undefined : index % 4 === 1,
    estimateReason: edgeCase.reasons?.[index],
    variant: edgeCase.variants && index > 0 ? variants[index - 1] : undefined,
  }));
}

function ChartsPage() {
  return (
    <>
      {[300, 1000].map((width) => (
        <div key={width} style={{ width }}>
          {edgeCases.map((edgeCase) => (
            <BarChart
              key={edgeCase.name}
              bars={barsOf(edgeCase)}
              comparisons={edgeCase.comparisons}
              chartLabel={edgeCase.name}
              caption={edgeCase.name}
              categoryHeader="Mois"
              valueHeader="Valeur"
              unit={edgeCase.unit}
              tone="heating"
              formatValue={(value) => formatQuantity(value, edgeCase.unit, 'fr')}
              table="toggle"
              onChart={(chart) => charts.push({ name: `${edgeCase.name} at ${width} px`, width, chart, bars: barsOf(edgeCase) })}
            />
          ))}
        </div>
      ))}
    </>
  );
}

/** A mark with how many of the canvas's pixels inside its box have the colour it is drawn in (0: not drawn). */
interface DrawnMark extends SlotMark {
  pixelsOfItsColour: number;
}

declare global {
  interface Window {
    chartAxisLabels: () => Array<{ name: string; width: number; canvasWidth: number; yLabelsFrom: number; labels: ReturnType<typeof axisLabelBoxes> }>;
    chartMarks: () => Array<{ name: string; canvas: { left: number; top: number }; marks: DrawnMark[] }>;
  }
}

const rgbOf = (colour: string) => (colour.match(/\d+/g) ?? []).slice(0, 3).map(Number);

/** Counts the pixels of a box (CSS pixels) whose colour is within a small distance of `colour`. */
function pixelsOfColour(chart: uPlot, box: SlotMark, colour: string): number {
  const ratio = uPlot.pxRatio;
  const [red, green, blue] = rgbOf(colour);
  const image = chart.ctx.getImageData(Math.floor(box.left * ratio), Math.floor(box.top * ratio), Math.max(1, Math.ceil(box.width * ratio)), Math.max(1, Math.ceil(box.height * ratio)));
  let count = 0;
  for (let index = 0; index < image.data.length; index += 4) {
    const distance = Math.abs(image.data[index]! - red!) + Math.abs(image.data[index + 1]! - green!) + Math.abs(image.data[index + 2]! - blue!);
    if (distance < 60 && image.data[index + 3]! > 0) count += 1;
  }
  return count;
}

/** The colour a CSS colour value resolves to, as rgb(…). */
function resolvedColour(value: string): string {
  const probe = document.createElement('span');
  probe.style.color = value;
  document.body.append(probe);
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return colour;
}

window.chartAxisLabels = () => charts.map(({ name, width, chart }) => ({ name, width, canvasWidth: chart.width, yLabelsFrom: UNIT_LABEL_SIZE, labels: axisLabelBoxes(chart) }));

window.chartMarks = () =>
  charts.map(({ name, chart, bars }) => {
    const tone = getComputedStyle(chart.root.closest('.bar-chart')!).color;
    const text = resolvedColour(getComputedStyle(document.documentElement).getPropertyValue('--color-text').trim() || '#1f2933');
    const box = chart.root.querySelector('canvas')!.getBoundingClientRect();
    const marks = slotMarks(chart, bars).map((mark) => ({ ...mark, pixelsOfItsColour: pixelsOfColour(chart, mark, mark.kind === 'stub' ? tone : text) }));
    return { name, canvas: { left: box.left, top: box.top }, marks };
  });

createRoot(document.getElementById('root')!).render(
  <I18nextProvider i18n={createI18n('fr')}>
    <ChartsPage />
  </I18nextProvider>,
);
