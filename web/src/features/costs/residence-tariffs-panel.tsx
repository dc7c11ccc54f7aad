import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { formatDay } from '../../components/format.ts';
import { QueryState } from '../../components/query-state.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { SUPPLY_ENERGIES, TARIFF_COMPONENTS, type SupplyEnergy, type TariffComponent } from '#shared/contracts/tariffs.ts';
import { useCurrentUser } from '../accounts/use-current-user.ts';
import { ActionOutcome, useStaffAction } from '../operator/staff-action.tsx';
import { costsCommands, costsQueries, type ResidenceTariffs } from './costs-api.ts';
import { formatDecimal } from './costs-format.ts';
import { useCostsText } from './costs-i18n.ts';
import './costs.css';

/**
 * « Coûts et CO₂ » on the back office's residence page: the residence's prices, factors and
 * energy supplies with their start dates, and forms to add one (data staff and admins; audited).
 */
export function ResidenceTariffsPanel({ residenceId }: { residenceId: string }) {
  const { t } = useCostsText();
  const tariffs = useQuery(costsQueries.staff(residenceId));
  const { data: me } = useCurrentUser();
  const mayEdit = me?.user?.staffRole === 'data' || me?.user?.staffRole === 'admin';
  return (
    <section className="panel" aria-labelledby="tariffs-title">
      <h2 id="tariffs-title">{t('staff.title')}</h2>
      <p>{t('staff.intro')}</p>
      <QueryState query={tariffs}>
        {(data) => (
          <>
            <TariffTables tariffs={data} />
            {mayEdit ? (
              <>
                <RateForm residenceId={residenceId} />
                <SupplyForm residenceId={residenceId} />
              </>
            ) : (
              <p className="data-muted">{t('staff.dataStaffOnly')}</p>
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}

function TariffTables({ tariffs }: { tariffs: ResidenceTariffs }) {
  const { t, language } = useCostsText();
  return (
    <>
      <TableRegion label={t('staff.ratesCaption')}>
        <table className="data-table data-table-stacked tariffs-table" aria-label={t('staff.ratesCaption')}>
          <thead>
            <tr>
              <th scope="col">{t('staff.component')}</th>
              <th scope="col">{t('staff.validFrom')}</th>
              <th scope="col" className="numeric">
                {t('staff.value')}
              </th>
            </tr>
          </thead>
          <tbody>
            {tariffs.rates.length === 0 && (
              <tr>
                <td colSpan={3}>{t('staff.none')}</td>
              </tr>
            )}
            {tariffs.rates.map((rate) => (
              <tr key={rate.id}>
                <th scope="row">{t(`components.${rate.component}`)}</th>
                <td data-label={t('staff.validFrom')}>{formatDay(rate.validFrom, language)}</td>
                <td className="numeric" data-label={t('staff.value')}>
                  {formatDecimal(rate.value, language)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <p className="resident-hint">{t('staff.defaultHotWater', { kwh: formatDecimal(tariffs.defaultHotWaterKwhPerM3, language) })}</p>
      <TableRegion label={t('staff.suppliesCaption')}>
        <table className="data-table data-table-stacked tariffs-table" aria-label={t('staff.suppliesCaption')}>
          <thead>
            <tr>
              <th scope="col">{t('staff.validFrom')}</th>
              <th scope="col">{t('staff.energy')}</th>
              <th scope="col" className="numeric">
                {t('staff.co2Factor')}
              </th>
              <th scope="col">{t('staff.factorSource')}</th>
            </tr>
          </thead>
          <tbody>
            {tariffs.supplies.length === 0 && (
              <tr>
                <td colSpan={4}>{t('staff.none')}</td>
              </tr>
            )}
            {tariffs.supplies.map((supply) => (
              <tr key={supply.id}>
                <th scope="row">{formatDay(supply.validFrom, language)}</th>
                <td data-label={t('staff.energy')}>{supply.networkName ? `${t(`energies.${supply.energy}`)} ${supply.networkName}` : t(`energies.${supply.energy}`)}</td>
                <td className="numeric" data-label={t('staff.co2Factor')}>
                  {formatDecimal(supply.co2KgPerKwh, language)}
                </td>
                <td data-label={t('staff.factorSource')}>{supply.factorSource}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </>
  );
}

/** The decimal a person types (« 4,15 » or « 4.15 ») as the API wants it. */
const decimalOf = (text: string) => text.trim().replace(',', '.');

function RateForm({ residenceId }: { residenceId: string }) {
  const { t } = useCostsText();
  const [component, setComponent] = useState<TariffComponent>('cold_water_eur_per_m3');
  const [validFrom, setValidFrom] = useState('');
  const [value, setValue] = useState('');
  const add = useStaffAction(() => costsCommands.addRate(residenceId, { component, validFrom, value: decimalOf(value) }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(undefined);
  };
  return (
    <form className="operator-form costs-form" aria-label={t('staff.addRate')} onSubmit={submit}>
      <label>
        {t('staff.component')}
        <select value={component} onChange={(event) => setComponent(event.target.value as TariffComponent)}>
          {TARIFF_COMPONENTS.map((option) => (
            <option key={option} value={option}>
              {t(`components.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('staff.validFrom')}
        <input required type="date" value={validFrom} onChange={(event) => setValidFrom(event.target.value)} />
      </label>
      <label>
        {t('staff.value')}
        <input required inputMode="decimal" pattern="\d{1,6}([.,]\d{1,9})?" value={value} onChange={(event) => setValue(event.target.value)} />
      </label>
      <button type="submit" className="button button-primary" disabled={add.isPending}>
        {t('staff.addRate')}
      </button>
      <ActionOutcome action={add} doneText={t('staff.rateAdded')} />
    </form>
  );
}

function SupplyForm({ residenceId }: { residenceId: string }) {
  const { t } = useCostsText();
  const [energy, setEnergy] = useState<SupplyEnergy>('natural_gas');
  const [validFrom, setValidFrom] = useState('');
  const [networkName, setNetworkName] = useState('');
  const [factor, setFactor] = useState('');
  const [source, setSource] = useState('');
  const add = useStaffAction(() =>
    costsCommands.addSupply(residenceId, {
      validFrom,
      energy,
      networkName: energy === 'heat_network' ? networkName : null,
      co2KgPerKwh: decimalOf(factor),
      factorSource: source,
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(undefined);
  };
  return (
    <form className="operator-form costs-form" aria-label={t('staff.addSupply')} onSubmit={submit}>
      <label>
        {t('staff.energy')}
        <select value={energy} onChange={(event) => setEnergy(event.target.value as SupplyEnergy)}>
          {SUPPLY_ENERGIES.map((option) => (
            <option key={option} value={option}>
              {t(`energies.${option}`)}
            </option>
          ))}
        </select>
      </label>
      {energy === 'heat_network' && (
        <label>
          {t('staff.networkName')}
          <input required maxLength={120} value={networkName} onChange={(event) => setNetworkName(event.target.value)} />
        </label>
      )}
      <label>
        {t('staff.validFrom')}
        <input required type="date" value={validFrom} onChange={(event) => setValidFrom(event.target.value)} />
      </label>
      <label>
        {t('staff.co2Factor')}
        <input required inputMode="decimal" pattern="\d{1,6}([.,]\d{1,9})?" value={factor} onChange={(event) => setFactor(event.target.value)} />
      </label>
      <label>
        {t('staff.factorSource')}
        <input required maxLength={300} value={source} onChange={(event) => setSource(event.target.value)} />
      </label>
      <button type="submit" className="button button-primary" disabled={add.isPending}>
        {t('staff.addSupply')}
      </button>
      <ActionOutcome action={add} doneText={t('staff.supplyAdded')} />
    </form>
  );
}
