import { formatDay } from '../../components/format.ts';
import { TableRegion } from '../../components/table-region.tsx';
import type { CostFigure, CostPeriod } from './costs-api.ts';
import { formatDecimal, formatEuros, formatKilograms } from './costs-format.ts';
import { useCostsText } from './costs-i18n.ts';

const FRACTION_DIGITS = { m3: 3, units: 0, kWh: 0 } as const;

interface CostRow {
  key: string;
  /** The row's header: a fluid, or a year. */
  label: string;
  figure: CostFigure;
}

/**
 * Rows of volume, € and kg CO₂e: a real table, whose rows become cards under 40rem (each cell
 * then says its column's name) so it reads on a 360 px phone without scrolling sideways.
 */
export function CostRowsTable({
  title,
  rowHeader,
  rows,
  total,
  captionHidden = false,
}: {
  title: string;
  rowHeader: string;
  rows: CostRow[];
  total?: Pick<CostPeriod, 'totalCostEur' | 'totalCo2Kg'>;
  /** The title is already a heading just above: the caption still names the table for screen readers. */
  captionHidden?: boolean;
}) {
  const { t, language } = useCostsText();
  const dash = <span aria-label={t('staff.none')}>–</span>;
  const volume = (figure: CostFigure) =>
    `${new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'fr-FR', { minimumFractionDigits: FRACTION_DIGITS[figure.unit], maximumFractionDigits: FRACTION_DIGITS[figure.unit] }).format(Number(figure.consumption))} ${t(`units.${figure.unit}`)}`;
  const cost = (amount: string | null) => (amount === null ? dash : formatEuros(amount, language));
  const co2 = (amount: string | null) => (amount === null ? dash : `${formatKilograms(amount, language)} kg CO₂e`);
  return (
    <TableRegion label={title}>
      <table className="data-table data-table-stacked costs-table" aria-label={title}>
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{rowHeader}</th>
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
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td className="numeric" data-label={t('resident.volume')}>
                {volume(row.figure)}
              </td>
              <td className="numeric" data-label={t('resident.cost')}>
                {cost(row.figure.costEur)}
              </td>
              <td className="numeric" data-label={t('resident.co2')}>
                {co2(row.figure.co2Kg)}
              </td>
            </tr>
          ))}
        </tbody>
        {total && (
          <tfoot>
            <tr>
              <th scope="row">{t('resident.total')}</th>
              <td className="costs-table-no-volume" />
              <td className="numeric" data-label={t('resident.cost')}>
                {cost(total.totalCostEur)}
              </td>
              <td className="numeric" data-label={t('resident.co2')}>
                {co2(total.totalCo2Kg)}
              </td>
            </tr>
          </tfoot>
        )}
      </table>
    </TableRegion>
  );
}

/** One period's figures per fluid (volume, € and kg CO₂e) and their total, always labelled as estimates. */
export function CostTable({ period, title }: { period: CostPeriod; title: string }) {
  const { t, language } = useCostsText();
  const unpriced = period.fluids.reduce((total, figure) => total + figure.unpricedDays, 0);
  // Heating and hot water often share one energy supply: it is listed once.
  const appliedLines = [
    ...new Set(
      period.fluids.flatMap((figure) => [
        ...figure.tariffs.map((tariff) =>
          t('appliedRate', {
            component: t(`components.${tariff.component}`),
            value: formatDecimal(tariff.value, language),
            from: formatDay(tariff.from, language),
            to: formatDay(tariff.to, language),
            validFrom: formatDay(tariff.validFrom, language),
          }),
        ),
        ...figure.supplies.map((supply) =>
          t('appliedSupply', {
            energy: supply.networkName ? `${t(`energies.${supply.energy}`)} ${supply.networkName}` : t(`energies.${supply.energy}`),
            factor: formatDecimal(supply.co2KgPerKwh, language),
            source: supply.factorSource,
            from: formatDay(supply.from, language),
            to: formatDay(supply.to, language),
          }),
        ),
      ]),
    ),
  ];
  return (
    <div className="costs-period">
      <CostRowsTable
        title={title}
        rowHeader={t('resident.fluid')}
        rows={period.fluids.map((figure) => ({ key: `${figure.fluid}-${figure.unit}`, label: t(`fluids.${figure.fluid}`), figure }))}
        total={period}
      />
      {unpriced > 0 && <p className="resident-hint">{t('resident.unpriced', { count: unpriced })}</p>}
      <details className="costs-tariffs">
        <summary>{t('resident.tariffsUsed', { period: title })}</summary>
        <ul>
          {appliedLines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}
