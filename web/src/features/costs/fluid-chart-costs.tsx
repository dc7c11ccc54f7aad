import { useQuery } from '@tanstack/react-query';
import type { ChartFigure } from '../../components/bar-chart.tsx';
import { CostRowsTable } from './cost-table.tsx';
import { costsQueries, type CostFigure } from './costs-api.ts';
import { formatEuros, formatKilograms } from './costs-format.ts';
import { useCostsText } from './costs-i18n.ts';
import { monthlyFiguresOf, yearlyFiguresOf } from './fluid-costs.ts';
import './costs.css';

type Fluid = CostFigure['fluid'];
type Unit = CostFigure['unit'];

/**
 * A fluid's estimated € and kg CO₂e for each month of its chart, as the chart's extra figures
 * (read-out and table), with the notice that they are estimates, not a bill. No figure at all
 * while no tariff covers any of the months; no CO₂ column for cold water, which has none.
 */
export function useMonthlyCostFigures(fluid: Fluid, unit: Unit, months: string[]): { figures: ChartFigure[]; notice: string | undefined } {
  const { t, language } = useCostsText();
  const costs = useQuery(costsQueries.resident());
  if (!costs.data) return { figures: [], notice: undefined };
  const monthly = monthlyFiguresOf(costs.data, fluid, unit, months);
  const costValues = monthly.map((figure) => (figure && figure.costEur !== null ? formatEuros(figure.costEur, language) : null));
  const co2Values = monthly.map((figure) => (figure && figure.co2Kg !== null ? `${formatKilograms(figure.co2Kg, language)} kg CO₂e` : null));
  const figures = [
    { key: 'cost', name: t('resident.cost'), values: costValues },
    { key: 'co2', name: t('resident.co2'), values: co2Values },
  ].filter((figure) => figure.values.some((value) => value !== null));
  return { figures, notice: figures.length > 0 ? t('resident.chartNotice') : undefined };
}

/** A fluid's volume, € and kg CO₂e per year, under its monthly chart; nothing while no tariff covers a year. */
export function FluidYearCosts({ fluid, unit, today }: { fluid: Fluid; unit: Unit; today: string }) {
  const { t } = useCostsText();
  const costs = useQuery(costsQueries.resident());
  if (!costs.data) return null;
  const years = yearlyFiguresOf(costs.data, fluid, unit).reverse();
  if (years.length === 0) return null;
  const title = t('resident.yearsTitle', { fluid: t(`fluids.${fluid}`) });
  return (
    <div className="costs-years">
      <h3>{title}</h3>
      <p className="costs-notice">{t('estimateNotice')}</p>
      <CostRowsTable
        title={title}
        rowHeader={t('resident.period')}
        captionHidden
        rows={years.map(({ year, figure }) => ({
          key: year,
          label: year === today.slice(0, 4) ? t('resident.currentYear', { year }) : t('resident.year', { year }),
          figure,
        }))}
      />
    </div>
  );
}
