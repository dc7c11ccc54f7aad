import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { formatDay } from '../../components/format.ts';
import { QueryState } from '../../components/query-state.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { useCurrentUser } from '../accounts/use-current-user.ts';
import { operatorCommands, operatorQueries, type Device, type DwellingDetail } from './operator-api.ts';
import { useOperatorText } from './operator-i18n.ts';
import { operatorLinks } from './operator-paths.ts';
import { LastReading } from './residence-facts.tsx';
import { DeviceKindLabel } from './residence-page.tsx';
import { ActionOutcome, useStaffAction } from './staff-action.tsx';

/** One dwelling: its meters (and their replacement), its changes of occupant, its resident accounts. */
export function DwellingPage() {
  const { dwellingId = '' } = useParams();
  const dwelling = useQuery(operatorQueries.dwelling(dwellingId));
  return <QueryState query={dwelling}>{(data) => <DwellingContent dwelling={data} />}</QueryState>;
}

function DwellingContent({ dwelling }: { dwelling: DwellingDetail }) {
  const { t, language } = useOperatorText();
  const { data: me } = useCurrentUser();
  const mayEdit = me?.user?.staffRole === 'data' || me?.user?.staffRole === 'admin';
  const title = t('dwelling.title', { dwellingCode: dwelling.dwellingCode, buildingCode: dwelling.residence.buildingCode });
  useDocumentTitle(title);
  return (
    <>
      <p>
        <Link to={operatorLinks.residence(dwelling.residence.id)}>
          {t('dwelling.back', { residence: dwelling.residence.name ?? dwelling.residence.buildingCode })}
        </Link>
      </p>
      <h1>{title}</h1>
      <dl className="fact-list">
        <div>
          <dt>{t('residence.columns.clientNumber')}</dt>
          <dd>{dwelling.clientNumber}</dd>
        </div>
        <div>
          <dt>{t('residence.columns.location')}</dt>
          <dd>{t('residence.location', { building: dwelling.building, staircase: dwelling.staircase, floor: dwelling.floor })}</dd>
        </div>
        <div>
          <dt>{t('residence.buildingCode')}</dt>
          <dd>{dwelling.residence.buildingCode}</dd>
        </div>
        <div>
          <dt>{t('residence.columns.reference')}</dt>
          <dd>
            <code>{dwelling.reference}</code>
          </dd>
        </div>
      </dl>

      <h2>{t('dwelling.devicesTitle')}</h2>
      <TableRegion label={t('dwelling.devicesCaption', { dwellingCode: dwelling.dwellingCode })}>
        <table className="data-table data-table-stacked" aria-label={t('dwelling.devicesCaption', { dwellingCode: dwelling.dwellingCode })}>
          <thead>
            <tr>
              <th scope="col">{t('dwelling.columns.serialNumber')}</th>
              <th scope="col">{t('dwelling.columns.kind')}</th>
              <th scope="col">{t('dwelling.columns.manufacturer')}</th>
              <th scope="col">{t('dwelling.columns.radioId')}</th>
              <th scope="col">{t('dwelling.columns.installed')}</th>
              <th scope="col">{t('dwelling.columns.lastReading')}</th>
              {mayEdit && <th scope="col">{t('dwelling.columns.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {dwelling.devices.map((device) => (
              <tr key={device.id}>
                <th scope="row">
                  <code>{device.serialNumber}</code>
                </th>
                <td data-label={t('dwelling.columns.kind')}>
                  <DeviceKindLabel kind={device.kind} />
                  {device.location && <span className="data-muted operator-block">{device.location}</span>}
                </td>
                <td data-label={t('dwelling.columns.manufacturer')}>{device.manufacturer}</td>
                <td data-label={t('dwelling.columns.radioId')}>{device.radioId ?? <span className="data-muted">{t('notProvided')}</span>}</td>
                <td data-label={t('dwelling.columns.installed')}>
                  {device.removedOn
                    ? t('dwelling.installedRemoved', { from: formatDay(device.installedOn, language), to: formatDay(device.removedOn, language) })
                    : t('dwelling.installedSince', { from: formatDay(device.installedOn, language) })}
                </td>
                <td data-label={t('dwelling.columns.lastReading')}>
                  <LastReading at={device.lastReadingAt} />
                </td>
                {mayEdit && <td data-label={t('dwelling.columns.actions')}>{!device.removedOn && <ReplaceDevice device={device} />}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>

      <h2>{t('dwelling.accountsTitle')}</h2>
      {dwelling.residentAccounts.length === 0 ? (
        <p>{t('dwelling.noAccounts')}</p>
      ) : (
        <ul className="operator-results">
          {dwelling.residentAccounts.map((account) => (
            <li key={account.id}>
              <Link to={operatorLinks.residentAccounts(account.email)}>{account.email}</Link>{' '}
              <span className="data-muted">
                {[
                  account.movedInOn && t('dwelling.movedIn', { date: formatDay(account.movedInOn, language) }),
                  account.movedOutOn && t('dwelling.movedOut', { date: formatDay(account.movedOutOn, language) }),
                  account.closedAt && t('dwelling.accountClosed'),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      )}

      <h2>{t('dwelling.changesTitle')}</h2>
      {dwelling.occupantChanges.length === 0 ? (
        <p>{t('dwelling.noChanges')}</p>
      ) : (
        <ul className="operator-results">
          {dwelling.occupantChanges.map((change) => (
            <li key={change.id}>
              {formatDay(change.changedOn, language)}
              {change.note && <span className="data-muted"> – {change.note}</span>}
            </li>
          ))}
        </ul>
      )}
      {mayEdit && <OccupantChangeForm dwelling={dwelling} />}
    </>
  );
}

function ReplaceDevice({ device }: { device: Device }) {
  const { t } = useOperatorText();
  const [open, setOpen] = useState(false);
  const [replacedOn, setReplacedOn] = useState('');
  const [serialNumber, setSerialNumber] = useState('');
  const [radioId, setRadioId] = useState('');
  const replace = useStaffAction(() =>
    operatorCommands.replaceDevice(device.id, {
      replacedOn,
      successor: { serialNumber: serialNumber.trim(), radioId: radioId.trim() || null },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    replace.mutate(undefined);
  };
  if (!open) {
    return (
      <button type="button" className="button button-secondary" aria-label={t('dwelling.replaceOf', { serialNumber: device.serialNumber })} onClick={() => setOpen(true)}>
        {t('dwelling.replace')}
      </button>
    );
  }
  return (
    <form className="operator-form" onSubmit={submit} aria-label={t('dwelling.replaceOf', { serialNumber: device.serialNumber })}>
      <label>
        {t('dwelling.replacedOn')}
        <input type="date" required value={replacedOn} onChange={(event) => setReplacedOn(event.target.value)} />
      </label>
      <label>
        {t('dwelling.successorSerial')}
        <input required maxLength={40} value={serialNumber} onChange={(event) => setSerialNumber(event.target.value)} />
      </label>
      <label>
        {t('dwelling.successorRadioId')}
        <input maxLength={8} value={radioId} onChange={(event) => setRadioId(event.target.value)} />
      </label>
      <div className="operator-actions">
        <button type="submit" className="button button-primary" disabled={replace.isPending}>
          {t('dwelling.replaceSubmit')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => setOpen(false)}>
          {t('cancel')}
        </button>
      </div>
      <ActionOutcome action={replace} doneText={t('dwelling.replaced')} />
    </form>
  );
}

function OccupantChangeForm({ dwelling }: { dwelling: DwellingDetail }) {
  const { t } = useOperatorText();
  const [changedOn, setChangedOn] = useState('');
  const [note, setNote] = useState('');
  const record = useStaffAction(() => operatorCommands.recordOccupantChange(dwelling.id, { changedOn, note: note.trim() }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate(undefined, { onSuccess: () => setNote('') });
  };
  return (
    <section className="panel" aria-labelledby="occupant-change-title">
      <h2 id="occupant-change-title">{t('dwelling.recordTitle')}</h2>
      <p>{t('dwelling.recordText')}</p>
      <form className="operator-form" onSubmit={submit}>
        <label>
          {t('dwelling.changedOn')}
          <input type="date" required value={changedOn} onChange={(event) => setChangedOn(event.target.value)} />
        </label>
        <label>
          {t('dwelling.note')}
          <input maxLength={500} value={note} onChange={(event) => setNote(event.target.value)} />
        </label>
        <div>
          <button type="submit" className="button button-primary" disabled={record.isPending}>
            {t('dwelling.record')}
          </button>
        </div>
      </form>
      <ActionOutcome action={record} doneText={t('dwelling.recorded')} />
    </section>
  );
}
