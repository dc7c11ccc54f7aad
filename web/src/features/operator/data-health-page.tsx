import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { DEVICE_KIND_CHOICES } from '#shared/device-kinds.ts';
import { Link } from 'react-router';
import { CopyButton } from '../../components/copy-button.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { PublicationBadge } from '../../components/residence-facts.tsx';
import { useCurrentUser } from '../accounts/use-current-user.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { DataHealthItems } from './data-health-items.tsx';
import { operatorCommands, operatorQueries, type DataSource, type DeviceKind, type QuarantinedMessage } from './operator-api.ts';
import { formatInstantDateTime } from './operator-format.ts';
import { useOperatorText } from './operator-i18n.ts';
import { LastReading } from './residence-facts.tsx';
import { operatorLinks } from './operator-paths.ts';
import { ActionOutcome, useStaffAction } from './staff-action.tsx';

/** Data health: the last reading of each residence, reading anomalies to decide, messages from unknown meters, and the machine ingest tokens. */
export function DataHealthPage() {
  const { t } = useOperatorText();
  useDocumentTitle(t('health.title'));
  const { data: me } = useCurrentUser();
  const mayEdit = me?.user?.staffRole === 'data' || me?.user?.staffRole === 'admin';
  return (
    <>
      <h1>{t('health.title')}</h1>
      <ResidenceHealth />
      <DataHealthItems mayEdit={mayEdit} />
      <Quarantine mayEdit={mayEdit} />
      {mayEdit && <DataSources />}
    </>
  );
}

function ResidenceHealth() {
  const { t, language } = useOperatorText();
  const [page, setPage] = useState(1);
  const residences = useQuery({ ...operatorQueries.residenceHealth(page), placeholderData: keepPreviousData });
  return (
    <section aria-labelledby="health-residences-title">
      <h2 id="health-residences-title">{t('health.residencesTitle')}</h2>
      <p>{t('health.residencesText')}</p>
      <QueryState query={residences}>
        {(data) => {
          const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
          const caption = t('health.residencesCaption', { page: data.page, pages });
          return (
            <>
              <TableRegion label={caption}>
                <table className="data-table data-table-stacked" aria-label={caption}>
                  <thead>
                    <tr>
                      <th scope="col">{t('residences.columns.buildingCode')}</th>
                      <th scope="col">{t('residences.columns.name')}</th>
                      <th scope="col">{t('residences.columns.publication')}</th>
                      <th scope="col">{t('residences.columns.lastReading')}</th>
                      <th scope="col" className="numeric">
                        {t('health.devicesInService')}
                      </th>
                      <th scope="col" className="numeric">
                        {t('health.silentDevices')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((residence) => (
                      <tr key={residence.id}>
                        <th scope="row">
                          <Link to={operatorLinks.residence(residence.id)}>{residence.buildingCode}</Link>
                        </th>
                        <td data-label={t('residences.columns.name')}>{[residence.name, residence.city].filter(Boolean).join(', ')}</td>
                        <td data-label={t('residences.columns.publication')}>
                          <PublicationBadge publishedAt={residence.publishedAt} />
                        </td>
                        <td data-label={t('residences.columns.lastReading')}>
                          <LastReading at={residence.lastReadingAt} />
                        </td>
                        <td className="numeric" data-label={t('health.devicesInService')}>
                          {residence.devicesInService.toLocaleString(language)}
                        </td>
                        <td className="numeric" data-label={t('health.silentDevices')}>
                          {residence.silentDevices > 0 ? <strong>{residence.silentDevices.toLocaleString(language)}</strong> : '0'}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableRegion>
              <Pagination label={t('health.residencesPagination')} page={data.page} pages={pages} onPage={setPage} />
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

function Quarantine({ mayEdit }: { mayEdit: boolean }) {
  const { t, language } = useOperatorText();
  const quarantine = useQuery(operatorQueries.quarantine());
  const [registering, setRegistering] = useState<QuarantinedMessage | null>(null);
  const replay = useStaffAction((message: QuarantinedMessage) => operatorCommands.replayQuarantine({ radioIds: [message.radioId] }));
  return (
    <section aria-labelledby="quarantine-title">
      <h2 id="quarantine-title">{t('health.quarantineTitle')}</h2>
      <p>{t('health.quarantineText')}</p>
      <QueryState query={quarantine}>
        {(data) =>
          data.total === 0 ? (
            <p role="status">{t('health.quarantineEmpty')}</p>
          ) : (
            <>
              <p role="status" className="data-count">
                {t('health.quarantineCount', { count: data.total })}
              </p>
              <TableRegion label={t('health.quarantineCaption')}>
                <table className="data-table data-table-stacked" aria-label={t('health.quarantineCaption')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('health.columns.radioId')}</th>
                      <th scope="col">{t('health.columns.printedSerial')}</th>
                      <th scope="col">{t('health.columns.driver')}</th>
                      <th scope="col">{t('health.columns.receivedAt')}</th>
                      {mayEdit && <th scope="col">{t('health.columns.actions')}</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {data.messages.map((message) => (
                      <tr key={message.id}>
                        <th scope="row">
                          <code>{message.radioId}</code>
                        </th>
                        <td data-label={t('health.columns.printedSerial')}>
                          <code>{message.printedSerial}</code>
                        </td>
                        <td data-label={t('health.columns.driver')}>
                          {message.driver}
                          {message.reason === 'device_of_another_kind' && <span> ({t('health.deviceOfAnotherKind')})</span>}
                        </td>
                        <td data-label={t('health.columns.receivedAt')}>{formatInstantDateTime(message.receivedAt, language)}</td>
                        {mayEdit && (
                          <td data-label={t('health.columns.actions')}>
                            <div className="operator-row-actions">
                              <button type="button" className="button button-secondary" onClick={() => setRegistering(message)}>
                                {t('health.register')}
                              </button>
                              <button type="button" className="button button-secondary" disabled={replay.isPending} onClick={() => replay.mutate(message)}>
                                {t('health.replay')}
                              </button>
                            </div>
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableRegion>
            </>
          )
        }
      </QueryState>
      <ActionOutcome
        action={replay}
        doneText={replay.data ? t('health.replayed', { count: replay.data.replayed, stored: replay.data.summary.stored }) : ''}
      />
      {registering && <RegisterDeviceForm key={registering.id} message={registering} onClose={() => setRegistering(null)} />}
    </section>
  );
}

/** Puts the unknown meter in its dwelling (found by its ista dwelling code), then replays what it sent. */
function RegisterDeviceForm({ message, onClose }: { message: QuarantinedMessage; onClose: () => void }) {
  const { t } = useOperatorText();
  const queryClient = useQueryClient();
  const titleId = useId();
  const [dwellingCode, setDwellingCode] = useState('');
  const [kind, setKind] = useState<DeviceKind>('cold_water');
  const [serialNumber, setSerialNumber] = useState(message.printedSerial);
  const [manufacturer, setManufacturer] = useState('');
  const [installedOn, setInstalledOn] = useState(message.receivedAt.slice(0, 10));
  const register = useMutation({
    mutationFn: async () => {
      const code = dwellingCode.trim();
      const found = await queryClient.fetchQuery(operatorQueries.dwellings(code, 1));
      const dwelling = found.items.find((candidate) => candidate.dwellingCode === code);
      if (!dwelling) throw new Error(t('assistance.draftNoDwelling', { code }));
      return operatorCommands.registerQuarantinedDevice({
        dwellingId: dwelling.id,
        kind,
        serialNumber: serialNumber.trim(),
        radioId: message.radioId,
        manufacturer: manufacturer.trim(),
        installedOn,
      });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['staff'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate();
  };
  return (
    <div className="panel" role="group" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('health.registerTitle', { radioId: message.radioId })}</h3>
      <form className="operator-form" onSubmit={submit}>
        <label>
          {t('health.dwellingCode')}
          <input required inputMode="numeric" maxLength={8} value={dwellingCode} onChange={(event) => setDwellingCode(event.target.value)} />
        </label>
        <label>
          {t('dwelling.columns.kind')}
          <select value={kind} onChange={(event) => setKind(event.target.value as DeviceKind)}>
            {DEVICE_KIND_CHOICES.map((candidate) => (
              <option key={candidate} value={candidate}>
                {t(`deviceKinds.${candidate}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('dwelling.columns.serialNumber')}
          <input required maxLength={40} value={serialNumber} onChange={(event) => setSerialNumber(event.target.value)} />
        </label>
        <label>
          {t('dwelling.columns.manufacturer')}
          <input required maxLength={40} value={manufacturer} onChange={(event) => setManufacturer(event.target.value)} />
        </label>
        <label>
          {t('health.installedOn')}
          <input required type="date" value={installedOn} onChange={(event) => setInstalledOn(event.target.value)} />
        </label>
        <div className="operator-actions">
          <button type="submit" className="button button-primary" disabled={register.isPending}>
            {t('health.registerSubmit')}
          </button>
          <button type="button" className="button button-secondary" onClick={onClose}>
            {t('cancel')}
          </button>
        </div>
      </form>
      <ActionOutcome action={register} doneText={register.data ? t('health.registered', { count: register.data.replayed }) : ''} />
    </div>
  );
}

function DataSources() {
  const { t } = useOperatorText();
  const sources = useQuery(operatorQueries.dataSources());
  const [name, setName] = useState('');
  const create = useStaffAction(() => operatorCommands.createDataSource(name.trim()));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(undefined, { onSuccess: () => setName('') });
  };
  return (
    <section aria-labelledby="data-sources-title">
      <h2 id="data-sources-title">{t('health.sourcesTitle')}</h2>
      <p>{t('health.sourcesText')}</p>
      <QueryState query={sources}>
        {(data) => (data.items.length === 0 ? <p>{t('health.sourcesNone')}</p> : <DataSourceTable sources={data.items} />)}
      </QueryState>
      <div className="panel">
        <form className="operator-form" onSubmit={submit}>
          <label>
            {t('health.sourceName')}
            <input required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
          </label>
          <div>
            <button type="submit" className="button button-primary" disabled={create.isPending}>
              {t('health.sourceCreate')}
            </button>
          </div>
        </form>
        <ActionOutcome action={{ isSuccess: false, error: create.error }} doneText="" />
        <div role="status">
          {create.data && (
            <div className="operator-success">
              <p>{t('health.tokenShownOnce', { name: create.data.name })}</p>
              <p>
                <code className="operator-token">{create.data.token}</code>
              </p>
              <CopyButton text={create.data.token} label={t('health.copyToken')} doneText={t('health.copied')} failedText={t('health.copyFailed')} />
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

function DataSourceTable({ sources }: { sources: DataSource[] }) {
  const { t, language } = useOperatorText();
  const [revoking, setRevoking] = useState<DataSource | null>(null);
  const revoke = useStaffAction((source: DataSource) => operatorCommands.revokeDataSource(source.id));
  return (
    <>
      <TableRegion label={t('health.sourcesCaption')}>
        <table className="data-table data-table-stacked" aria-label={t('health.sourcesCaption')}>
          <thead>
            <tr>
              <th scope="col">{t('health.sourceName')}</th>
              <th scope="col">{t('health.sourceCreated')}</th>
              <th scope="col">{t('health.sourceLastBatch')}</th>
              <th scope="col">{t('health.columns.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((source) => (
              <tr key={source.id}>
                <th scope="row">{source.name}</th>
                <td data-label={t('health.sourceCreated')}>{formatInstantDateTime(source.createdAt, language)}</td>
                <td data-label={t('health.sourceLastBatch')}>
                  <LastReading at={source.lastBatchAt} />
                </td>
                <td data-label={t('health.columns.actions')}>
                  {source.revokedAt ? (
                    t('health.revokedOn', { date: formatInstantDateTime(source.revokedAt, language) })
                  ) : (
                    <button
                      type="button"
                      className="button button-secondary"
                      aria-label={t('health.revokeOf', { name: source.name })}
                      onClick={() => setRevoking(source)}
                    >
                      {t('health.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <ActionOutcome action={revoke} doneText={t('health.revoked')} />
      <ConfirmDialog
        open={revoking !== null}
        title={t('health.revokeOf', { name: revoking?.name ?? '' })}
        confirmLabel={t('health.revoke')}
        cancelLabel={t('cancel')}
        busy={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking, { onSettled: () => setRevoking(null) })}
        onCancel={() => setRevoking(null)}
      >
        <p>{t('health.revokeText')}</p>
      </ConfirmDialog>
    </>
  );
}
