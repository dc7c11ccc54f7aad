import uPlot from 'uplot';
import type { EstimateReasonCode } from '#shared/contracts/consumption.ts';

/** One slot of a chart: a day, an hour, a month or a comparison. */
export interface ChartSlot {
  tick: string;
  value: number | null;
  isEstimated?: boolean | undefined;
  /** Why an estimated slot is estimated: a spike gets a triangle above its bar. */
  estimateReason?: EstimateReasonCode | undefined;
  variant?: 'previousYear' | 'average' | undefined;
}

interface ChartLine {
  kind: 'previousYear' | 'average';
  values: Array<number | null>;
}

interface ChartColours {
  /** The fluid's colour, for the bars. */
  tone: string;
  text: string;
  muted: string;
  grid: string;
  surface: string;
}

const AXIS_FONT_PX = 13;
const AXIS_FONT = `${AXIS_FONT_PX}px system-ui, sans-serif`;
const TICK_SIZE = 4;
const AXIS_GAP = 4;
/** The y axis's unit, written upright along its left edge: y labels must stay right of it. */
export const UNIT_LABEL_SIZE = 18;
/** The spike marker: a triangle this wide, pointing down at its bar, this far above it. */
const SPIKE_MARKER_PX = 10;
const SPIKE_MARKER_GAP = 3;
/** An estimated bar lower than this (a zero day) is drawn as a stub this high, so that it is never invisible. */
const STUB_PX = 4;
/** uPlot's bars: this share of a slot, at most this many pixels wide. */
const BAR_FACTOR = 0.7;
const BAR_MAX_PX = 48;
/** For spacing x labels before the canvas can measure them: a digit's width in the axis font, the gap wanted between labels, the y axis and paddings. */
const AXIS_CHAR_WIDTH_ESTIMATE = 7.5;
const LABEL_GAP = 12;
const PLOT_MARGIN_ESTIMATE = 70;
/** About this many x labels fit a phone's width. */
const TICKS_ACROSS = 7;

type Values = Array<number | null>;

/**
 * The bar series: measured bars, hatched estimated ones, and the comparison chart's outlined
 * bars, each a series of its own (null where another series draws that slot).
 */
function barSeries(slots: ChartSlot[]) {
  const pick = (test: (slot: ChartSlot) => boolean): Values => slots.map((slot) => (test(slot) ? slot.value : null));
  return {
    measured: pick((slot) => !slot.variant && !slot.isEstimated),
    estimated: pick((slot) => !slot.variant && Boolean(slot.isEstimated)),
    previousYear: pick((slot) => slot.variant === 'previousYear'),
    average: pick((slot) => slot.variant === 'average'),
  };
}

/** Diagonal stripes in the fluid's colour: an estimated bar, told apart without colour. */
function hatch(colour: string, background: string): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const context = tile.getContext('2d');
  if (!context) return colour;
  context.fillStyle = background;
  context.fillRect(0, 0, 8, 8);
  context.strokeStyle = colour;
  context.lineWidth = 2.5;
  context.beginPath();
  context.moveTo(-2, 10);
  context.lineTo(10, -2);
  context.moveTo(-2, 2);
  context.lineTo(2, -2);
  context.moveTo(6, 10);
  context.lineTo(10, 6);
  context.stroke();
  return context.createPattern(tile, 'repeat') ?? colour;
}

/** The widest of these texts in the axis font, in CSS pixels, measured by the chart's own canvas. */
function widestText(chart: uPlot, texts: Array<string | null | undefined>): number {
  chart.ctx.save();
  chart.ctx.font = AXIS_FONT;
  const widest = texts.reduce((width, text) => Math.max(width, text ? chart.ctx.measureText(text).width : 0), 0);
  chart.ctx.restore();
  return widest;
}

export interface ChartOptionsInput {
  slots: ChartSlot[];
  lines: ChartLine[];
  unit: string;
  width: number;
  height: number;
  colours: ChartColours;
  formatTick: (value: number) => string;
  /** Called with the slot under the finger or pointer (null when it leaves). */
  onRead: (index: number | null) => void;
}

/** The uPlot options and data of a bar chart with several y ticks, its unit, and comparison lines. */
export function chartOptions({ slots, lines, unit, width, height, colours, formatTick, onRead }: ChartOptionsInput): { options: uPlot.Options; data: uPlot.AlignedData } {
  const bars = barSeries(slots);
  // At most TICKS_ACROSS labels, and no more than the plot's width holds side by side (an estimate before any measuring).
  const widestTick = Math.max(0, ...slots.map((slot) => slot.tick.length));
  const labelsThatFit = Math.max(1, Math.floor((width - PLOT_MARGIN_ESTIMATE) / (widestTick * AXIS_CHAR_WIDTH_ESTIMATE + LABEL_GAP)));
  const labelEvery = Math.max(1, Math.ceil(slots.length / Math.min(TICKS_ACROSS, labelsThatFit)));
  const xs = slots.map((_, index) => index);
  const barPaths = uPlot.paths.bars!({ size: [BAR_FACTOR, BAR_MAX_PX, 1], align: 0 });
  const series: uPlot.Series[] = [{}];
  const data: Values[] = [xs];
  const addBars = (values: Values, style: Pick<uPlot.Series, 'fill' | 'stroke' | 'dash' | 'width'>) => {
    if (!values.some((value) => value !== null)) return;
    series.push({ paths: barPaths, points: { show: false }, width: 1, ...style });
    data.push(values);
  };
  addBars(bars.measured, { fill: colours.tone, stroke: colours.tone });
  addBars(bars.estimated, { fill: () => hatch(colours.tone, colours.surface), stroke: colours.tone });
  addBars(bars.previousYear, { fill: colours.surface, stroke: colours.tone, width: 2, dash: [4, 3] });
  addBars(bars.average, { fill: colours.grid, stroke: colours.text, width: 2 });
  for (const line of lines) {
    if (!line.values.some((value) => value !== null)) continue;
    series.push({
      stroke: colours.text,
      width: 2,
      dash: line.kind === 'previousYear' ? [4, 3] : undefined,
      points: { show: true, size: 7, fill: line.kind === 'previousYear' ? colours.surface : colours.text, stroke: colours.text },
      spanGaps: false,
    });
    data.push(line.values);
  }

  const maximum = Math.max(0, ...data.slice(1).flatMap((values) => values.filter((value): value is number => value !== null)));
  const lastLabelled = Math.max(0, slots.length - 1 - ((slots.length - 1) % labelEvery));
  const xLabel = (index: number) => (Number.isInteger(index) && index % labelEvery === 0 ? (slots[index]?.tick ?? '') : '');

  const options: uPlot.Options = {
    width,
    height,
    series,
    legend: { show: false },
    scales: {
      x: { time: false, range: [-0.5, Math.max(slots.length, 1) - 0.5] },
      y: { range: (_chart, _minimum, _maximum) => [0, maximum > 0 ? maximum * 1.08 : 1] },
    },
    // The last x label is centred on its slot, near the right edge: room for its half so it is never cut.
    padding: [12, (chart) => Math.ceil(widestText(chart, [xLabel(lastLabelled)]) / 2) + 2, 0, 0],
    axes: [
      {
        font: AXIS_FONT,
        stroke: colours.muted,
        gap: AXIS_GAP,
        size: AXIS_FONT_PX + TICK_SIZE + AXIS_GAP + 8,
        grid: { show: false },
        ticks: { size: TICK_SIZE, stroke: colours.grid },
        splits: () => xs.filter((index) => index % labelEvery === 0),
        values: (_chart, splits) => splits.map(xLabel),
      },
      {
        font: AXIS_FONT,
        labelFont: `600 ${AXIS_FONT_PX}px system-ui, sans-serif`,
        stroke: colours.muted,
        label: unit,
        labelSize: UNIT_LABEL_SIZE,
        labelGap: 0,
        gap: AXIS_GAP,
        space: 36,
        grid: { stroke: colours.grid, width: 1 },
        ticks: { size: TICK_SIZE, stroke: colours.grid },
        values: (_chart, splits) => splits.map(formatTick),
        // As wide as its widest label, measured in the axis font: a long number is never cut.
        size: (chart, values) => Math.ceil(widestText(chart, values ?? [])) + TICK_SIZE + AXIS_GAP + 4,
      },
    ],
    cursor: {
      drag: { x: false, y: false, setScale: false },
      points: { show: false },
      y: false,
    },
    hooks: {
      draw: [(chart) => drawSlotMarks(chart, slotMarks(chart, slots), colours)],
      setCursor: [(chart) => onRead(chart.cursor.left !== undefined && chart.cursor.left >= 0 ? (chart.cursor.idx ?? null) : null)],
    },
  };
  return { options, data: data as uPlot.AlignedData };
}

/** A mark drawn over a bar, in CSS pixels from the canvas's top left corner. */
export interface SlotMark {
  kind: 'spike' | 'stub';
  index: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The marks over the bars: a stub for each estimated bar too low to be seen (a zero day), and a
 * triangle above each day estimated because a spike of the index was left out.
 */
export function slotMarks(chart: uPlot, slots: ChartSlot[]): SlotMark[] {
  const pixelRatio = uPlot.pxRatio;
  const plotLeft = chart.bbox.left / pixelRatio;
  const plotTop = chart.bbox.top / pixelRatio;
  const slotWidth = slots.length > 1 ? Math.abs(chart.valToPos(1, 'x') - chart.valToPos(0, 'x')) : chart.bbox.width / pixelRatio;
  const barWidth = Math.min(Math.max(slotWidth * BAR_FACTOR, 1), BAR_MAX_PX);
  const baseline = plotTop + chart.valToPos(0, 'y');
  const marks: SlotMark[] = [];
  slots.forEach((slot, index) => {
    if (slot.variant || slot.value === null || !slot.isEstimated) return;
    const centre = plotLeft + chart.valToPos(index, 'x');
    let barTop = plotTop + chart.valToPos(slot.value, 'y');
    if (baseline - barTop < STUB_PX) {
      barTop = baseline - STUB_PX;
      marks.push({ kind: 'stub', index, left: centre - barWidth / 2, top: barTop, width: barWidth, height: STUB_PX });
    }
    if (slot.estimateReason === 'spike') {
      const width = Math.min(SPIKE_MARKER_PX, Math.max(barWidth, 6));
      marks.push({ kind: 'spike', index, left: centre - width / 2, top: barTop - SPIKE_MARKER_GAP - width * 0.8, width, height: width * 0.8 });
    }
  });
  return marks;
}

function drawSlotMarks(chart: uPlot, marks: SlotMark[], colours: ChartColours): void {
  const ratio = uPlot.pxRatio;
  const context = chart.ctx;
  context.save();
  for (const mark of marks) {
    const [left, top, width, height] = [mark.left * ratio, mark.top * ratio, mark.width * ratio, mark.height * ratio];
    if (mark.kind === 'stub') {
      context.fillStyle = hatch(colours.tone, colours.surface);
      context.fillRect(left, top, width, height);
      context.strokeStyle = colours.tone;
      context.lineWidth = ratio;
      context.strokeRect(left, top, width, height);
    } else {
      context.fillStyle = colours.text;
      context.beginPath();
      context.moveTo(left, top);
      context.lineTo(left + width, top);
      context.lineTo(left + width / 2, top + height);
      context.closePath();
      context.fill();
    }
  }
  context.restore();
}

/** Where the axis labels fall, in CSS pixels from the canvas's left edge: what a test checks against the chart's width. */
export function axisLabelBoxes(chart: uPlot): Array<{ axis: 'x' | 'y'; text: string; left: number; right: number }> {
  const pixelRatio = uPlot.pxRatio;
  const plotLeft = chart.bbox.left / pixelRatio;
  const boxes: Array<{ axis: 'x' | 'y'; text: string; left: number; right: number }> = [];
  const [xAxis, yAxis] = chart.axes as [uPlot.Axis & AxisState, uPlot.Axis & AxisState];
  for (const [index, split] of (yAxis._splits ?? []).entries()) {
    const text = String(yAxis._values?.[index] ?? split);
    const width = widestText(chart, [text]);
    const right = plotLeft - TICK_SIZE - AXIS_GAP;
    boxes.push({ axis: 'y', text, left: right - width, right });
  }
  for (const [index, split] of (xAxis._splits ?? []).entries()) {
    const text = String(xAxis._values?.[index] ?? '');
    if (!text) continue;
    const centre = plotLeft + chart.valToPos(split, 'x');
    const width = widestText(chart, [text]);
    boxes.push({ axis: 'x', text, left: centre - width / 2, right: centre + width / 2 });
  }
  return boxes;
}

/** uPlot keeps each axis's current splits and their texts on the axis object. */
interface AxisState {
  _splits?: number[];
  _values?: Array<string | number | null>;
}
