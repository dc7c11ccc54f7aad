import { useQuery } from '@tanstack/react-query';
import { formatMonth, formatQuantity } from '../../components/format.ts';
import { QueryState } from '../../components/query-state.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { useQuantityText } from '../residents/consumption-format.tsx';
import { useResidentText } from '../residents/residents-i18n.ts';
import { climateQueries, type HeatingClimate, type HeatingClimateMonth } from './climate-api.ts';
import { useClimateText } from './climate-i18n.ts';
import './climate.css';

/** The months the chart draws: the last year of the history. */
const CHART_MONTHS = 12;

/**
 * The resident's heating against the same month last year at equal climate (EED Annex VIIa
 * 3(c)): the month's raw and climate-corrected figures, what the correction means, and a chart
 * of both with the station's degree days as a series on its own axis. A month with no
 * corrected figure says why.
 */
export function HeatingClimateSection({ month }: { month: string }) {
  const { t } = useClimateText();
  const heating = useQuery(climateQueries.heating());
  return (
    <section aria-labelledby="heating-climate-title" className="heating-climate">
      <h2 id="heating-climate-title">{t('heating.title')}</h2>
      <p>{t('heating.meaning')}</p>
      <QueryState query={heating}>{(data) => <HeatingClimateContent data={data} month={month} />}</QueryState>
    </section>
  );
}

function previousYearMonth(month: string): string {
  return `${Number(month.slice(0, 4)) - 1}${month.slice(4, 7)}`;
}

function HeatingClimateContent({ data, month }: { data: HeatingClimate; month: string }) {
  const { t, language } = useClimateText();
  const quantity = useQuantityText();
  const entry = data.months.find((candidate) => candidate.month === month);
  if (!entry || entry.consumption === null || data.unit === null) return <p>{t('heating.noMonth')}</p>;
  const unit = data.unit;
  const monthText = formatMonth(entry.month, language);
  const previousMonth = formatMonth(previousYearMonth(entry.month), language);
  const number = (value: number) => new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(value);
  return (
    <>
      {entry.correctedConsumption !== null ? (
        <p className="heating-climate-figures" data-testid="heating-climate-figures">
          {t(entry.sameMonthLastYear !== null ? 'heating.month' : 'heating.monthNoPrevious', {
            month: monthText,
            raw: quantity(entry.consumption, unit),
            corrected: quantity(entry.correctedConsumption, unit),
            previous: entry.sameMonthLastYear !== null ? quantity(entry.sameMonthLastYear, unit) : '',
            previousMonth,
          })}
        </p>
      ) : (
        <p className="heating-climate-figures" data-testid="heating-climate-figures">
          {t('heating.notCorrected', {
            month: monthText,
            raw: quantity(entry.consumption, unit),
            reason: t(`heating.reasons.${entry.correction as Exclude<HeatingClimateMonth['correction'], 'corrected'>}`, { count: entry.missingDays ?? 0 }),
          })}
        </p>
      )}
      {data.station !== null && entry.degreeDays !== null && entry.referenceDegreeDays !== null && (
        <p>
          {t('heating.degreeDays', { station: data.station, current: number(entry.degreeDays), reference: number(entry.referenceDegreeDays), month: monthText, previousMonth })}
        </p>
      )}
      <HeatingClimateChart months={data.months.slice(-CHART_MONTHS)} unit={unit} />
    </>
  );
}

const WIDTH = 640;
const HEIGHT = 240;
// Room for the axes' widest labels (« 1 471 » at the phone's larger font) inside the picture.
const PAD = { top: 16, right: 64, bottom: 28, left: 72 };

/** Bars of raw heating, a marker for the corrected figure, and the degree days as a line on the right axis; the same figures as a table. */
function HeatingClimateChart({ months, unit }: { months: HeatingClimateMonth[]; unit: NonNullable<HeatingClimate['unit']> }) {
  const { t, language } = useClimateText();
  const resident = useResidentText();
  const unitText = resident.t(`units.${unit}`);
  const maxQuantity = Math.max(1, ...months.flatMap((entry) => [entry.consumption ?? 0, entry.correctedConsumption ?? 0]));
  const maxDegreeDays = Math.max(1, ...months.map((entry) => entry.degreeDays ?? 0));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, months.length);
  const y = (value: number, max: number) => PAD.top + plotHeight * (1 - value / max);
  const x = (index: number) => PAD.left + slot * index + slot / 2;
  const line = months
    .map((entry, index) => (entry.degreeDays === null ? null : `${x(index).toFixed(1)},${y(entry.degreeDays, maxDegreeDays).toFixed(1)}`))
    .filter((point): point is string => point !== null);
  const format = (value: number | null) => (value === null ? t('heating.none') : formatQuantity(value, unit, language));
  const formatDegreeDays = (value: number | null) => (value === null ? t('heating.none') : new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(value));
  return (
    <figure className="heating-climate-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('heating.chartLabel', { unit: unitText })}>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + plotHeight} y2={PAD.top + plotHeight} className="heating-climate-axis" />
        <text x={PAD.left - 6} y={PAD.top + 4} textAnchor="end" className="heating-climate-tick">
          {formatQuantity(maxQuantity, unit, language)}
        </text>
        <text x={WIDTH - PAD.right + 6} y={PAD.top + 4} className="heating-climate-tick heating-climate-tick-dd">
          {formatDegreeDays(maxDegreeDays)}
        </text>
        {months.map((entry, index) => (
          <g key={entry.month}>
            {entry.consumption !== null && (
              <rect x={x(index) - slot * 0.3} width={slot * 0.6} y={y(entry.consumption, maxQuantity)} height={PAD.top + plotHeight - y(entry.consumption, maxQuantity)} className="heating-climate-raw" />
            )}
            {entry.correctedConsumption !== null && (
              <line x1={x(index) - slot * 0.42} x2={x(index) + slot * 0.42} y1={y(entry.correctedConsumption, maxQuantity)} y2={y(entry.correctedConsumption, maxQuantity)} className="heating-climate-corrected" />
            )}
            <text x={x(index)} y={HEIGHT - 8} textAnchor="middle" className="heating-climate-tick">
              {formatMonth(entry.month, language, 'numeric').slice(0, 2)}
            </text>
          </g>
        ))}
        {line.length > 1 && <polyline points={line.join(' ')} className="heating-climate-dd" />}
        {months.map((entry, index) => (entry.degreeDays === null ? null : <circle key={entry.month} cx={x(index)} cy={y(entry.degreeDays, maxDegreeDays)} r={3} className="heating-climate-dd-point" />))}
      </svg>
      <figcaption>
        {t('heating.caption', { unit: unitText })}
        <ul className="heating-climate-legend">
          <li>
            <span className="heating-climate-swatch heating-climate-swatch-raw" aria-hidden="true" /> {t('heating.legendRaw', { unit: unitText })}
          </li>
          <li>
            <span className="heating-climate-swatch heating-climate-swatch-corrected" aria-hidden="true" /> {t('heating.legendCorrected', { unit: unitText })}
          </li>
          <li>
            <span className="heating-climate-swatch heating-climate-swatch-dd" aria-hidden="true" /> {t('heating.legendDegreeDays')}
          </li>
        </ul>
      </figcaption>
      <details>
        <summary>{t('heating.showTable')}</summary>
        <TableRegion label={t('heating.caption', { unit: unitText })}>
          <table className="data-table" aria-label={t('heating.caption', { unit: unitText })}>
            <thead>
              <tr>
                <th scope="col">{t('heating.columns.month')}</th>
                <th scope="col" className="numeric">{t('heating.columns.raw', { unit: unitText })}</th>
                <th scope="col" className="numeric">{t('heating.columns.corrected', { unit: unitText })}</th>
                <th scope="col" className="numeric">{t('heating.columns.degreeDays')}</th>
                <th scope="col" className="numeric">{t('heating.columns.referenceDegreeDays')}</th>
              </tr>
            </thead>
            <tbody>
              {months.map((entry) => (
                <tr key={entry.month}>
                  <th scope="row">{formatMonth(entry.month, language)}</th>
                  <td className="numeric">{format(entry.consumption)}</td>
                  <td className="numeric">{format(entry.correctedConsumption)}</td>
                  <td className="numeric">{formatDegreeDays(entry.degreeDays)}</td>
                  <td className="numeric">{formatDegreeDays(entry.referenceDegreeDays)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      </details>
    </figure>
  );
}
