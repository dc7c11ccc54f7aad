import { useEffect, useRef, useState, type ReactNode } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { defineFeatureTexts } from '../i18n/feature-texts.ts';
import en from './charts.en.json';
import fr from './charts.fr.json';
import { chartOptions } from './chart-options.ts';
import { formatAxisTick } from './format.ts';
import { TableRegion } from './table-region.tsx';
import type { EstimateReasonCode } from '#shared/contracts/consumption.ts';
import './bar-chart.css';

const useChartText = defineFeatureTexts('charts', { fr, en });

export interface ChartBar {
  key: string;
  /** The bar's full name, in the table's first column. */
  label: string;
  /** Its short name under the axis (only every few bars get one). */
  tick: string;
  /** null: nothing to show (a gap in the bars, « — » in the table). */
  value: number | null;
  isEstimated?: boolean;
  /** Why an estimated bar is estimated, named in the read-out and the table; a spike is also marked on the chart. */
  estimateReason?: EstimateReasonCode | undefined;
  /** A remark in the table, e.g. a month that began before the resident's history. */
  note?: string | undefined;
  /** Draws this bar as a comparison instead of a measured value (a comparison chart's bars). */
  variant?: 'previousYear' | 'average' | undefined;
}

/** A second value per bar, drawn as a marker across the bar's slot: shape and stroke tell them apart, not colour. */
export interface ChartComparison {
  kind: 'previousYear' | 'average';
  name: string;
  values: Array<number | null>;
}

/**
 * More figures per bar, written beside its value in the read-out and as a column of the table,
 * never drawn (e.g. a month's estimated cost): already formatted, null where there is none.
 */
export interface ChartFigure {
  key: string;
  /** The table column's header and the read-out's label. */
  name: string;
  values: Array<string | null>;
}

interface BarChartProps {
  bars: ChartBar[];
  comparisons?: ChartComparison[];
  figures?: ChartFigure[];
  /** What the picture shows, read by screen readers instead of the bars. */
  chartLabel: string;
  /** The data table's caption (and its region's name). */
  caption: string;
  categoryHeader: string;
  valueHeader: string;
  /** The values' unit, written on the y axis and after a value read by touch or pointer. */
  unit: string;
  /** Colour family of the bars, e.g. the fluid: `bar-chart-hot_water`. */
  tone: string;
  formatValue: (value: number) => string;
  /** Shown under the picture, before the legend (a total, a period). */
  summary?: ReactNode;
  /** 'open': the table always follows the chart; 'toggle': behind « Voir le tableau des valeurs ». */
  table?: 'open' | 'toggle';
  /** Hands over the uPlot instance once drawn (the chart's layout test reads its axes). */
  onChart?: (chart: uPlot) => void;
}

const CHART_HEIGHT = 220;

/**
 * A uPlot bar chart (estimated values hatched, comparisons as dotted or solid lines with
 * points, several y ticks and the unit), the value under the finger or pointer written under
 * it, a legend in words, then the same values as a table: the chart is for the eye, the table
 * is what screen readers and keyboard users read. Shared by the resident and manager spaces.
 */
export function BarChart({ bars, comparisons = [], figures = [], chartLabel, caption, categoryHeader, valueHeader, unit, tone, formatValue, summary, table = 'open', onChart }: BarChartProps) {
  const { t, language } = useChartText();
  const [readIndex, setReadIndex] = useState<number | null>(null);
  const hasEstimates = bars.some((bar) => bar.isEstimated);
  const hasSpikes = bars.some((bar) => bar.isEstimated && bar.estimateReason === 'spike');
  /** « Oui : pic de relevé écarté », « Oui » or « Non » in the table. */
  const estimatedCell = (bar: ChartBar) => (bar.isEstimated ? (bar.estimateReason ? t('estimatedBecause', { reason: t(`reasons.${bar.estimateReason}`) }) : t('yes')) : t('no'));
  const hasNotes = bars.some((bar) => bar.note);
  const readBar = readIndex === null ? undefined : bars[readIndex];

  const tableElement = (
    <TableRegion label={caption}>
      <table className="data-table bar-chart-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{categoryHeader}</th>
            <th scope="col" className="numeric">
              {valueHeader}
            </th>
            {comparisons.map((comparison) => (
              <th scope="col" className="numeric" key={comparison.kind}>
                {comparison.name}
              </th>
            ))}
            {figures.map((figure) => (
              <th scope="col" className="numeric" key={figure.key}>
                {figure.name}
              </th>
            ))}
            <th scope="col">{t('estimated')}</th>
            {hasNotes && <th scope="col">{t('note')}</th>}
          </tr>
        </thead>
        <tbody>
          {bars.map((bar, index) => (
            <tr key={bar.key}>
              <th scope="row">{bar.label}</th>
              <td className="numeric">
                <ValueCell value={bar.value} formatValue={formatValue} noValue={t('noValue')} />
              </td>
              {comparisons.map((comparison) => (
                <td className="numeric" key={comparison.kind}>
                  <ValueCell value={comparison.values[index] ?? null} formatValue={formatValue} noValue={t('noValue')} />
                </td>
              ))}
              {figures.map((figure) => (
                <td className="numeric" key={figure.key}>
                  <FigureCell text={figure.values[index] ?? null} noValue={t('noValue')} />
                </td>
              ))}
              <td>{estimatedCell(bar)}</td>
              {hasNotes && <td>{bar.note ?? ''}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );

  return (
    <figure className={`bar-chart bar-chart-${tone}`}>
      <ChartCanvas bars={bars} comparisons={comparisons} unit={unit} chartLabel={chartLabel} language={language} onRead={setReadIndex} onChart={onChart} />
      <p className="bar-chart-readout">
        {readBar ? (
          <>
            <strong>{readBar.label}</strong>
            {' : '}
            {readBar.value === null ? t('noValue') : `${formatValue(readBar.value)} ${unit}`}
            {readBar.isEstimated && ` (${readBar.estimateReason ? t('estimatedShortBecause', { reason: t(`reasons.${readBar.estimateReason}`) }) : t('estimatedShort')})`}
            {comparisons.map((comparison) => {
              const value = comparison.values[readIndex!];
              return value === null || value === undefined ? null : <span key={comparison.kind}>{` · ${comparison.name} : ${formatValue(value)} ${unit}`}</span>;
            })}
            {figures.map((figure) => {
              const text = figure.values[readIndex!];
              return text === null || text === undefined ? null : <span key={figure.key}>{` · ${figure.name} : ${text}`}</span>;
            })}
          </>
        ) : (
          t('readoutHint')
        )}
      </p>
      <figcaption>
        {summary && <p className="bar-chart-summary">{summary}</p>}
        <ul className="bar-chart-legend" aria-label={t('legend')}>
          <li>
            <LegendSwatch>
              <rect x="2" y="3" width="20" height="12" className="bar-chart-bar" />
            </LegendSwatch>
            {t('legendMeasured')}
          </li>
          {hasEstimates && (
            <li>
              <LegendSwatch>
                <rect x="2" y="3" width="20" height="12" className="bar-chart-bar-estimated" />
                <path d="M2 13 L12 3 M8 15 L20 3 M14 15 L22 7" className="bar-chart-bar-hatch" />
              </LegendSwatch>
              {t('legendEstimated')}
            </li>
          )}
          {hasSpikes && (
            <li>
              <LegendSwatch>
                <path d="M7 4 L17 4 L12 12 Z" className="bar-chart-spike" />
              </LegendSwatch>
              {t('legendSpike')}
            </li>
          )}
          {comparisons.map((comparison) => (
            <li key={comparison.kind}>
              <LegendSwatch>
                <line x1="1" y1="9" x2="23" y2="9" className="bar-chart-line" strokeDasharray={comparison.kind === 'previousYear' ? '4 3' : undefined} />
                <circle cx="12" cy="9" r="3.5" className={`bar-chart-point bar-chart-point-${comparison.kind}`} />
              </LegendSwatch>
              {t(comparison.kind === 'previousYear' ? 'legendPreviousYear' : 'legendAverage', { name: comparison.name })}
            </li>
          ))}
        </ul>
      </figcaption>
      {table === 'open' ? (
        tableElement
      ) : (
        <details className="bar-chart-details">
          <summary>{t('showTable')}</summary>
          {tableElement}
        </details>
      )}
    </figure>
  );
}

interface ChartCanvasProps {
  bars: ChartBar[];
  comparisons: ChartComparison[];
  unit: string;
  chartLabel: string;
  language: string;
  onRead: (index: number | null) => void;
  onChart?: ((chart: uPlot) => void) | undefined;
}

/** The uPlot canvas, as wide as its column; a finger on it moves the cursor like a pointer does. */
function ChartCanvas({ bars, comparisons, unit, chartLabel, language, onRead, onChart }: ChartCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const latest = useRef({ onRead, onChart });
  latest.current = { onRead, onChart };
  // Callers build their bars on each render: the chart is drawn again only when what it shows changes.
  const drawn = JSON.stringify([bars, comparisons, unit, language]);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const style = getComputedStyle(element);
    const colour = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    const { options, data } = chartOptions({
      slots: bars,
      lines: comparisons,
      unit,
      width: Math.max(element.clientWidth, 120),
      height: CHART_HEIGHT,
      colours: {
        tone: style.color,
        text: colour('--color-text', '#1f2933'),
        muted: colour('--color-text-muted', '#4b5563'),
        grid: colour('--color-border', '#d9dee5'),
        surface: colour('--color-surface', '#ffffff'),
      },
      formatTick: (value) => formatAxisTick(value, language),
      onRead: (index) => latest.current.onRead(index),
    });
    const chart = new uPlot(options, data, element);
    chart.root.querySelector('canvas')?.setAttribute('aria-hidden', 'true');
    latest.current.onChart?.(chart);

    const readTouch = (event: TouchEvent) => {
      const touch = event.touches[0];
      if (!touch) return;
      // Anywhere on the chart, axes included: a finger is wider than a thin bar near the edge.
      const box = chart.over.getBoundingClientRect();
      const left = Math.min(Math.max(touch.clientX - box.left, 0), box.width - 1);
      chart.setCursor({ left, top: Math.min(Math.max(touch.clientY - box.top, 0), box.height - 1) });
    };
    chart.root.addEventListener('touchstart', readTouch, { passive: true });
    chart.root.addEventListener('touchmove', readTouch, { passive: true });
    const resize = new ResizeObserver(() => {
      const width = Math.max(element.clientWidth, 120);
      if (width !== chart.width) chart.setSize({ width, height: CHART_HEIGHT });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
    // `drawn` stands for bars, comparisons, unit and language.
  }, [drawn]);

  return <div ref={container} className="bar-chart-canvas" role="img" aria-label={chartLabel} />;
}

function ValueCell({ value, formatValue, noValue }: { value: number | null; formatValue: (value: number) => string; noValue: string }) {
  return <FigureCell text={value === null ? null : formatValue(value)} noValue={noValue} />;
}

function FigureCell({ text, noValue }: { text: string | null; noValue: string }) {
  if (text !== null) return <>{text}</>;
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{noValue}</span>
    </>
  );
}

function LegendSwatch({ children }: { children: ReactNode }) {
  return (
    <svg className="bar-chart-swatch" viewBox="0 0 24 18" width="24" height="18" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}
