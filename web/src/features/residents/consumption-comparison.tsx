import { BarChart, type ChartBar } from '../../components/bar-chart.tsx';
import { formatMonth, formatQuantity, formatShare } from '../../components/format.ts';
import { useQuantityText } from './consumption-format.tsx';
import type { FluidDashboard, MonthEntry } from './residents-api.ts';
import { useResidentText } from './residents-i18n.ts';

/**
 * One month of one fluid against the same month a year before and the residence's average
 * dwelling, as a graph and in words (Energy Efficiency Directive, Annex VIIa). A comparison the
 * API leaves out (before the resident's privacy boundary) is said to be absent, never drawn.
 */
export function MonthComparison({ fluid, entry, headingLevel }: { fluid: FluidDashboard; entry: MonthEntry | null; headingLevel: 2 | 3 }) {
  const { t, language } = useResidentText();
  const quantity = useQuantityText();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  if (!entry || entry.consumption === null) {
    return <p>{t('comparison.noLastMonth')}</p>;
  }
  const month = formatMonth(entry.month, language);
  const previousMonth = formatMonth(`${Number(entry.month.slice(0, 4)) - 1}${entry.month.slice(4, 7)}`, language);
  const unit = t(`units.${fluid.unit}`);
  const fluidLabel = t(`fluids.${fluid.fluid}`);
  const bars: ChartBar[] = [{ key: 'own', label: t('comparison.youLong'), tick: t('comparison.you'), value: entry.consumption, isEstimated: entry.isEstimated }];
  if (entry.sameMonthLastYear !== null) {
    bars.push({ key: 'previousYear', label: `${t('comparison.previousYear')} (${previousMonth})`, tick: t('comparison.previousYearShort'), value: entry.sameMonthLastYear, variant: 'previousYear' });
  }
  if (entry.residenceAverage !== null) {
    bars.push({ key: 'average', label: t('comparison.average'), tick: t('comparison.averageShort'), value: entry.residenceAverage, variant: 'average' });
  }
  const change = entry.sameMonthLastYear !== null && entry.sameMonthLastYear > 0 ? (entry.consumption - entry.sameMonthLastYear) / entry.sameMonthLastYear : null;
  const changeText =
    change === null || Math.abs(change) < 0.005
      ? t('comparison.same')
      : t(change > 0 ? 'comparison.more' : 'comparison.less', { share: formatShare(Math.abs(change), language) });

  return (
    <div className="resident-comparison">
      <Heading>{t('fluid.comparisonTitle', { month })}</Heading>
      <p>
        {t('comparison.sentence', { month, fluid: t(`fluidsLower.${fluid.fluid}`), value: quantity(entry.consumption, fluid.unit) })}
        {entry.isEstimated && <span className="resident-estimated"> {t('estimatedMark')}</span>}{' '}
        {entry.sameMonthLastYear !== null
          ? t('comparison.versusLastYear', { change: changeText, previousMonth, previous: quantity(entry.sameMonthLastYear, fluid.unit) })
          : t('comparison.noLastYear', { previousMonth })}{' '}
        {entry.residenceAverage !== null ? t('comparison.versusAverage', { average: quantity(entry.residenceAverage, fluid.unit) }) : t('comparison.noAverage')}
      </p>
      <BarChart
        bars={bars}
        chartLabel={t('comparison.chartLabel', { fluid: fluidLabel, month, unit })}
        caption={t('comparison.caption', { fluid: fluidLabel, month, unit })}
        categoryHeader={t('comparison.what')}
        valueHeader={t('comparison.value', { unit })}
        unit={unit}
        tone={fluid.fluid}
        formatValue={(value) => formatQuantity(value, fluid.unit, language)}
        table="toggle"
      />
    </div>
  );
}
