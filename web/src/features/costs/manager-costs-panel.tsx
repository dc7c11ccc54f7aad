import { useQuery } from '@tanstack/react-query';
import { formatMonth } from '../../components/format.ts';
import { CostTable } from './cost-table.tsx';
import { costsQueries } from './costs-api.ts';
import { useCostsText } from './costs-i18n.ts';
import './costs.css';

/** The residence's estimated € and kg CO₂e in the manager space: its last three months and its years. */
export function ManagerCostsPanel({ residenceId }: { residenceId: string }) {
  const { t, language } = useCostsText();
  const costs = useQuery(costsQueries.manager(residenceId));
  if (!costs.data) return null;
  const months = costs.data.months.slice(-3).reverse();
  const years = [...costs.data.years].reverse();
  if (months.length === 0) return null;
  return (
    <section className="panel costs-panel" aria-labelledby="manager-costs-title">
      <h2 id="manager-costs-title">{t('manager.title')}</h2>
      <p className="costs-notice">{t('estimateNotice')}</p>
      <p>{t('manager.intro')}</p>
      <div className="costs-periods">
        {months.map((period) => (
          <CostTable key={period.period} period={period} title={formatMonth(period.period, language)} />
        ))}
        {years.map((period) => (
          <CostTable key={period.period} period={period} title={t('resident.year', { year: period.period })} />
        ))}
      </div>
    </section>
  );
}
