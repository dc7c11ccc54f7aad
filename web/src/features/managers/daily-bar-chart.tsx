import { useId } from 'react';
import type { DailySeries } from './managers-api.ts';
import { formatDay, formatQuantity } from '../../components/format.ts';
import { useManagerText } from './managers-i18n.ts';
import { TableRegion } from '../../components/table-region.tsx';

const WIDTH = 480;
const HEIGHT = 200;
const PLOT = { left: 52, right: 6, top: 14, bottom: 26 };
/** A day label every this many bars keeps the axis readable on a phone. */
const LABEL_EVERY = 7;

interface DailyBarChartProps {
  series: DailySeries;
  fluidLabel: string;
  unitLabel: string;
  from: string;
  to: string;
}

/**
 * One fluid's daily consumption as bars (estimated days hatched), followed by the same values
 * as a table: the chart is a picture for the eye, the table is what screen readers read.
 */
export function DailyBarChart({ series, fluidLabel, unitLabel, from, to }: DailyBarChartProps) {
  const { t, language } = useManagerText();
  const patternId = useId();
  const maximum = Math.max(...series.days.map((day) => day.consumption), 0);
  const scaleMaximum = maximum > 0 ? maximum : 1;
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const slot = plotWidth / Math.max(series.days.length, 1);
  const barWidth = Math.max(slot * 0.7, 1);
  const total = series.days.reduce((sum, day) => sum + day.consumption, 0);
  const hasEstimates = series.days.some((day) => day.isEstimated);
  const chartLabel = t('daily.chartLabel', { fluid: fluidLabel, from: formatDay(from, language), to: formatDay(to, language), unit: unitLabel });

  return (
    <figure className={`daily-chart daily-chart-${series.fluid}`}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={chartLabel} className="daily-chart-svg">
        <defs>
          <pattern id={patternId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" className="daily-chart-estimated-background" />
            <line x1="0" y1="0" x2="0" y2="6" className="daily-chart-estimated-stroke" strokeWidth="3" />
          </pattern>
        </defs>
        <line x1={PLOT.left} y1={PLOT.top + plotHeight} x2={WIDTH - PLOT.right} y2={PLOT.top + plotHeight} className="daily-chart-axis" />
        <text x={PLOT.left - 6} y={PLOT.top + 5} textAnchor="end" className="daily-chart-tick">
          {formatQuantity(maximum, language)}
        </text>
        <text x={PLOT.left - 6} y={PLOT.top + plotHeight} textAnchor="end" className="daily-chart-tick">
          0
        </text>
        {series.days.map((day, index) => {
          const barHeight = (day.consumption / scaleMaximum) * plotHeight;
          const x = PLOT.left + index * slot + (slot - barWidth) / 2;
          return (
            <g key={day.day}>
              <rect
                x={x}
                y={PLOT.top + plotHeight - barHeight}
                width={barWidth}
                height={barHeight}
                className="daily-chart-bar"
                fill={day.isEstimated ? `url(#${patternId})` : undefined}
              />
              {index % LABEL_EVERY === 0 && (
                <text x={x + barWidth / 2} y={HEIGHT - 8} textAnchor="middle" className="daily-chart-tick">
                  {formatDay(day.day, language).slice(0, 5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>
        {t('daily.total', { total: formatQuantity(total, language), unit: unitLabel })}
        {hasEstimates && <> · {t('daily.estimatedLegend')}</>}
      </figcaption>
      <DailyTable series={series} caption={t('daily.tableCaption', { fluid: fluidLabel, unit: unitLabel })} unitLabel={unitLabel} />
    </figure>
  );
}

function DailyTable({ series, caption, unitLabel }: { series: DailySeries; caption: string; unitLabel: string }) {
  const { t, language } = useManagerText();
  return (
    <TableRegion label={caption}>
      <table className="data-table daily-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('daily.day')}</th>
            <th scope="col" className="numeric">
              {t('daily.consumption', { unit: unitLabel })}
            </th>
            <th scope="col">{t('daily.estimated')}</th>
          </tr>
        </thead>
        <tbody>
          {series.days.map((day) => (
            <tr key={day.day}>
              <th scope="row">{formatDay(day.day, language, 'long')}</th>
              <td className="numeric">{formatQuantity(day.consumption, language)}</td>
              <td>{day.isEstimated ? t('yes') : t('no')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
