import { useId, type ReactNode } from 'react';
import { defineFeatureTexts } from '../i18n/feature-texts.ts';
import en from './charts.en.json';
import fr from './charts.fr.json';
import { TableRegion } from './table-region.tsx';
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

interface BarChartProps {
  bars: ChartBar[];
  comparisons?: ChartComparison[];
  /** What the picture shows, read by screen readers instead of the bars. */
  chartLabel: string;
  /** The data table's caption (and its region's name). */
  caption: string;
  categoryHeader: string;
  valueHeader: string;
  /** Colour family of the bars, e.g. the fluid: `bar-chart-hot_water`. */
  tone: string;
  formatValue: (value: number) => string;
  /** Shown under the picture, before the legend (a total, a period). */
  summary?: ReactNode;
  /** 'open': the table always follows the chart; 'toggle': behind « Voir le tableau des valeurs ». */
  table?: 'open' | 'toggle';
}

const WIDTH = 480;
const HEIGHT = 200;
const PLOT = { left: 56, right: 6, top: 14, bottom: 26 };
/** About this many axis labels fit a phone's width. */
const TICKS_ACROSS = 7;

/**
 * Bars drawn by hand in SVG (estimated values hatched, comparisons as dotted or solid markers,
 * with a legend in words), followed by the same values as a table: the chart is for the eye,
 * the table is what screen readers and keyboard users read. Shared by the resident and manager spaces.
 */
export function BarChart({ bars, comparisons = [], chartLabel, caption, categoryHeader, valueHeader, tone, formatValue, summary, table = 'open' }: BarChartProps) {
  const { t } = useChartText();
  const patternId = useId();
  const values = [...bars.map((bar) => bar.value), ...comparisons.flatMap((comparison) => comparison.values)].filter((value): value is number => value !== null);
  const maximum = Math.max(...values, 0);
  const scaleMaximum = maximum > 0 ? maximum : 1;
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const baseline = PLOT.top + plotHeight;
  const slot = plotWidth / Math.max(bars.length, 1);
  const barWidth = Math.max(Math.min(slot * 0.7, 60), 1);
  const labelEvery = Math.max(1, Math.ceil(bars.length / TICKS_ACROSS));
  const yOf = (value: number) => baseline - (value / scaleMaximum) * plotHeight;
  const hasEstimates = bars.some((bar) => bar.isEstimated);
  const hasNotes = bars.some((bar) => bar.note);
  const markerSize = Math.min(4, slot / 4);

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
              <td>{bar.isEstimated ? t('yes') : t('no')}</td>
              {hasNotes && <td>{bar.note ?? ''}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );

  return (
    <figure className={`bar-chart bar-chart-${tone}`}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={chartLabel} className="bar-chart-svg">
        <defs>
          <EstimatedPattern id={patternId} />
        </defs>
        <line x1={PLOT.left} y1={baseline} x2={WIDTH - PLOT.right} y2={baseline} className="bar-chart-axis" />
        <text x={PLOT.left - 6} y={PLOT.top + 5} textAnchor="end" className="bar-chart-tick">
          {formatValue(maximum)}
        </text>
        <text x={PLOT.left - 6} y={baseline} textAnchor="end" className="bar-chart-tick">
          0
        </text>
        {bars.map((bar, index) => {
          const x = PLOT.left + index * slot + (slot - barWidth) / 2;
          const middle = x + barWidth / 2;
          return (
            <g key={bar.key}>
              {bar.value !== null && (
                <rect
                  x={x}
                  y={yOf(bar.value)}
                  width={barWidth}
                  height={baseline - yOf(bar.value)}
                  className={`bar-chart-bar${bar.variant ? ` bar-chart-bar-${bar.variant}` : ''}`}
                  fill={bar.isEstimated ? `url(#${patternId})` : undefined}
                />
              )}
              {comparisons.map((comparison) => {
                const value = comparison.values[index];
                if (value === null || value === undefined) return null;
                return <ComparisonMarker key={comparison.kind} kind={comparison.kind} x1={x} x2={x + barWidth} y={yOf(value)} size={markerSize} />;
              })}
              {index % labelEvery === 0 && (
                <text x={middle} y={HEIGHT - 8} textAnchor="middle" className="bar-chart-tick">
                  {bar.tick}
                </text>
              )}
            </g>
          );
        })}
      </svg>
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
                <defs>
                  <EstimatedPattern id={`${patternId}-legend`} />
                </defs>
                <rect x="2" y="3" width="20" height="12" className="bar-chart-bar" fill={`url(#${patternId}-legend)`} />
              </LegendSwatch>
              {t('legendEstimated')}
            </li>
          )}
          {comparisons.map((comparison) => (
            <li key={comparison.kind}>
              <LegendSwatch>
                <ComparisonMarker kind={comparison.kind} x1={1} x2={23} y={9} size={4} />
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

function ValueCell({ value, formatValue, noValue }: { value: number | null; formatValue: (value: number) => string; noValue: string }) {
  if (value !== null) return <>{formatValue(value)}</>;
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{noValue}</span>
    </>
  );
}

function EstimatedPattern({ id }: { id: string }) {
  return (
    <pattern id={id} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width="6" height="6" className="bar-chart-estimated-background" />
      <line x1="0" y1="0" x2="0" y2="6" className="bar-chart-estimated-stroke" strokeWidth="3" />
    </pattern>
  );
}

/** The same month a year before: a dotted line with a circle; the residence's average: a solid line with a diamond. */
function ComparisonMarker({ kind, x1, x2, y, size }: { kind: ChartComparison['kind']; x1: number; x2: number; y: number; size: number }) {
  const middle = (x1 + x2) / 2;
  return (
    <g className={`bar-chart-marker bar-chart-marker-${kind}`}>
      <line x1={x1} y1={y} x2={x2} y2={y} strokeDasharray={kind === 'previousYear' ? '3 2' : undefined} />
      {kind === 'previousYear' ? (
        <circle cx={middle} cy={y} r={size} />
      ) : (
        <path d={`M ${middle} ${y - size} L ${middle + size} ${y} L ${middle} ${y + size} L ${middle - size} ${y} Z`} />
      )}
    </g>
  );
}

function LegendSwatch({ children }: { children: ReactNode }) {
  return (
    <svg className="bar-chart-swatch" viewBox="0 0 24 18" width="24" height="18" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}
