import { useQuery } from '@tanstack/react-query';
import { formatMonth } from '../../components/format.ts';
import { DEFAULT_HOT_WATER_KWH_PER_M3 } from '#shared/contracts/tariffs.ts';
import { CostTable } from './cost-table.tsx';
import { costsQueries, type CostPeriod, type ResidentCosts } from './costs-api.ts';
import { formatDecimal } from './costs-format.ts';
import { useCostsText } from './costs-i18n.ts';
import { isPriced } from './fluid-costs.ts';
import './costs.css';

function previousMonth(today: string): string {
  const index = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 2;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * « Coûts et CO₂ estimés » on the resident's dashboard: this month so far, last month and the
 * year, in € and kg CO₂e beside the volumes, labelled as estimates that are not a bill.
 */
export function ResidentCostsPanel({ today }: { today: string }) {
  const { t } = useCostsText();
  const costs = useQuery(costsQueries.resident());
  if (!costs.data) return null;
  return (
    <section className="panel costs-panel" aria-labelledby="costs-title">
      <h2 id="costs-title">{t('resident.title')}</h2>
      <p className="costs-notice">{t('estimateNotice')}</p>
      <CostsContent costs={costs.data} today={today} />
    </section>
  );
}

function CostsContent({ costs, today }: { costs: ResidentCosts; today: string }) {
  const { t, language } = useCostsText();
  const priced = (period: CostPeriod | undefined) => period?.fluids.some(isPriced);
  const thisMonth = costs.months.find((period) => period.period === today.slice(0, 7));
  const lastMonth = costs.months.find((period) => period.period === previousMonth(today));
  const year = costs.years.find((period) => period.period === today.slice(0, 4));
  const shown = [
    { period: thisMonth, title: t('resident.currentMonth', { month: formatMonth(today.slice(0, 7), language) }) },
    { period: lastMonth, title: t('resident.lastMonth', { month: formatMonth(previousMonth(today), language) }) },
    { period: year, title: t('resident.year', { year: today.slice(0, 4) }) },
  ].filter((entry): entry is { period: CostPeriod; title: string } => priced(entry.period) === true);
  if (shown.length === 0) return <p>{t('resident.noTariff')}</p>;
  const usesDefault = costs.months.some((period) => period.fluids.some((figure) => figure.usesDefaultHotWaterEnergy));
  const hasHotWater = costs.months.some((period) => period.fluids.some((figure) => figure.fluid === 'hot_water'));
  return (
    <>
      <div className="costs-periods">
        {shown.map((entry) => (
          <CostTable key={entry.period.period} period={entry.period} title={entry.title} />
        ))}
      </div>
      <details className="costs-how">
        <summary>{t('resident.howTitle')}</summary>
        <p>{t('resident.how')}</p>
        {hasHotWater && (
          <p>{usesDefault ? t('resident.hotWaterAssumption', { kwh: formatDecimal(DEFAULT_HOT_WATER_KWH_PER_M3, language) }) : t('resident.hotWaterSet')}</p>
        )}
      </details>
    </>
  );
}
