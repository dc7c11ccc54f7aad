import { formatDay } from '../../components/format.ts';
import { TableRegion } from '../../components/table-region.tsx';
import type { CostFigure, CostPeriod } from './costs-api.ts';
import { formatDecimal, formatEuros, formatKilograms } from './costs-format.ts';
import { useCostsText } from './costs-i18n.ts';

const FRACTION_DIGITS = { m3: 3, units: 0, kWh: 0 } as const;

/** One period's figures per fluid (volume, € and kg CO₂e) and their total, always labelled as estimates. */
export function CostTable({ period, title }: { period: CostPeriod; title: string }) {
  const { t, language } = useCostsText();
  const dash = <span aria-label={t('staff.none')}>–</span>;
  const volume = (figure: CostFigure) =>
    `${new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'fr-FR', { minimumFractionDigits: FRACTION_DIGITS[figure.unit], maximumFractionDigits: FRACTION_DIGITS[figure.unit] }).format(Number(figure.consumption))} ${t(`units.${figure.unit}`)}`;
  const unpriced = period.fluids.reduce((total, figure) => total + figure.unpricedDays, 0);
  return (
    <div className="costs-period">
      <TableRegion label={title}>
        <table className="data-table costs-table" aria-label={title}>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('resident.fluid')}</th>
              <th scope="col" className="numeric">
                {t('resident.volume')}
              </th>
              <th scope="col" className="numeric">
                {t('resident.cost')}
              </th>
              <th scope="col" className="numeric">
                {t('resident.co2')}
              </th>
            </tr>
          </thead>
          <tbody>
            {period.fluids.map((figure) => (
              <tr key={`${figure.fluid}-${figure.unit}`}>
                <th scope="row">{t(`fluids.${figure.fluid}`)}</th>
                <td className="numeric">{volume(figure)}</td>
                <td className="numeric">{figure.costEur === null ? dash : formatEuros(figure.costEur, language)}</td>
                <td className="numeric">{figure.co2Kg === null ? dash : `${formatKilograms(figure.co2Kg, language)} kg CO₂e`}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('resident.total')}</th>
              <td />
              <td className="numeric">{period.totalCostEur === null ? dash : formatEuros(period.totalCostEur, language)}</td>
              <td className="numeric">{period.totalCo2Kg === null ? dash : `${formatKilograms(period.totalCo2Kg, language)} kg CO₂e`}</td>
            </tr>
          </tfoot>
        </table>
      </TableRegion>
      {unpriced > 0 && <p className="resident-hint">{t('resident.unpriced', { count: unpriced })}</p>}
      <details className="costs-tariffs">
        <summary>{t('resident.tariffsUsed', { period: title })}</summary>
        <ul>
          {period.fluids.flatMap((figure) => [
            ...figure.tariffs.map((tariff) => (
              <li key={`${figure.fluid}-${tariff.component}-${tariff.validFrom}`}>
                {t('appliedRate', {
                  component: t(`components.${tariff.component}`),
                  value: formatDecimal(tariff.value, language),
                  from: formatDay(tariff.from, language),
                  to: formatDay(tariff.to, language),
                  validFrom: formatDay(tariff.validFrom, language),
                })}
              </li>
            )),
            ...figure.supplies.map((supply) => (
              <li key={`${figure.fluid}-supply-${supply.validFrom}`}>
                {t('appliedSupply', {
                  energy: supply.networkName ? `${t(`energies.${supply.energy}`)} ${supply.networkName}` : t(`energies.${supply.energy}`),
                  factor: formatDecimal(supply.co2KgPerKwh, language),
                  source: supply.factorSource,
                  from: formatDay(supply.from, language),
                  to: formatDay(supply.to, language),
                })}
              </li>
            )),
          ])}
        </ul>
      </details>
    </div>
  );
}
