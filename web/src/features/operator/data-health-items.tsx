import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Pagination } from '../../components/pagination.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { operatorCommands, operatorQueries, type DataHealthItem, type DataHealthItemFilters, type DataHealthItemStatus } from './operator-api.ts';
import { formatInstantDateTime } from './operator-format.ts';
import { useOperatorText } from './operator-i18n.ts';
import { ActionOutcome, useStaffAction } from './staff-action.tsx';

const STATUSES: DataHealthItemStatus[] = ['open', 'real', 'glitch'];
const NO_FILTERS: DataHealthItemFilters = { buildingCode: '', serialNumber: '', status: undefined };

/** Excursions, flow over the plausible rate and lasting decreases, per residence and meter; data staff mark each real or glitch. */
export function DataHealthItems({ mayEdit }: { mayEdit: boolean }) {
  const { t } = useOperatorText();
  const [draft, setDraft] = useState<DataHealthItemFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<DataHealthItemFilters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const items = useQuery({ ...operatorQueries.dataHealthItems(filters, page), placeholderData: keepPreviousData });
  const decide = useStaffAction(({ item, status }: { item: DataHealthItem; status: 'real' | 'glitch' }) => operatorCommands.decideDataHealthItem(item.id, status));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ buildingCode: draft.buildingCode.trim(), serialNumber: draft.serialNumber.trim(), status: draft.status });
    setPage(1);
  };
  return (
    <section aria-labelledby="health-items-title">
      <h2 id="health-items-title">{t('health.itemsTitle')}</h2>
      <p>{t('health.itemsText')}</p>
      <form className="operator-form operator-filters" aria-label={t('health.itemsFilters')} onSubmit={submit}>
        <label>
          {t('health.itemsBuildingCode')}
          <input inputMode="numeric" maxLength={8} pattern="[0-9]{8}" value={draft.buildingCode} onChange={(event) => setDraft({ ...draft, buildingCode: event.target.value })} />
        </label>
        <label>
          {t('health.itemsSerialNumber')}
          <input maxLength={40} value={draft.serialNumber} onChange={(event) => setDraft({ ...draft, serialNumber: event.target.value })} />
        </label>
        <label>
          {t('health.itemsStatus')}
          <select value={draft.status ?? ''} onChange={(event) => setDraft({ ...draft, status: (event.target.value || undefined) as DataHealthItemStatus | undefined })}>
            <option value="">{t('health.itemsAnyStatus')}</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`health.itemStatuses.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <div>
          <button type="submit" className="button button-primary">
            {t('health.itemsApply')}
          </button>
        </div>
      </form>
      <QueryState query={items}>
        {(data) => {
          if (data.total === 0) return <p role="status">{t('health.itemsNone')}</p>;
          const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
          const caption = t('health.itemsCaption', { page: data.page, pages });
          return (
            <>
              <p role="status" className="data-count">
                {t('health.itemsCount', { count: data.total })}
              </p>
              <TableRegion label={caption}>
                <table className="data-table data-table-stacked" aria-label={caption}>
                  <thead>
                    <tr>
                      <th scope="col">{t('health.itemColumns.period')}</th>
                      <th scope="col">{t('health.itemColumns.kind')}</th>
                      <th scope="col">{t('health.itemColumns.device')}</th>
                      <th scope="col" className="numeric">
                        {t('health.itemColumns.magnitude')}
                      </th>
                      <th scope="col">{t('health.itemColumns.status')}</th>
                      {mayEdit && <th scope="col">{t('health.columns.actions')}</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((item) => (
                      <ItemRow key={item.id} item={item} mayEdit={mayEdit} busy={decide.isPending} onDecide={(status) => decide.mutate({ item, status })} />
                    ))}
                  </tbody>
                </table>
              </TableRegion>
              <Pagination label={t('health.itemsPagination')} page={data.page} pages={pages} onPage={setPage} />
            </>
          );
        }}
      </QueryState>
      <ActionOutcome action={decide} doneText={t('health.decided')} />
    </section>
  );
}

function ItemRow({ item, mayEdit, busy, onDecide }: { item: DataHealthItem; mayEdit: boolean; busy: boolean; onDecide: (status: 'real' | 'glitch') => void }) {
  const { t, language } = useOperatorText();
  const from = formatInstantDateTime(item.startedAt, language);
  const to = formatInstantDateTime(item.endedAt, language);
  const kind = t(`health.itemKinds.${item.kind}`);
  const status = t(`health.itemStatuses.${item.status}`);
  const unit = item.device.unit === 'm3' ? 'm³' : item.device.unit === 'units' ? '' : item.device.unit;
  return (
    <tr>
      <th scope="row">{from === to ? from : `${from} – ${to}`}</th>
      <td data-label={t('health.itemColumns.kind')}>{kind}</td>
      <td data-label={t('health.itemColumns.device')}>
        {t('health.itemDevice', { serialNumber: item.device.serialNumber, dwellingCode: item.device.dwellingCode, buildingCode: item.residence.buildingCode })}
      </td>
      <td className="numeric" data-label={t('health.itemColumns.magnitude')}>
        {`${Number(item.magnitude).toLocaleString(language, { maximumFractionDigits: 3 })} ${unit}`.trim()}
      </td>
      <td data-label={t('health.itemColumns.status')}>
        {item.decidedAt && item.decidedBy ? t('health.itemDecidedBy', { status, who: item.decidedBy, date: formatInstantDateTime(item.decidedAt, language) }) : status}
      </td>
      {mayEdit && (
        <td data-label={t('health.columns.actions')}>
          <div className="operator-row-actions">
            <button
              type="button"
              className="button button-secondary"
              disabled={busy || item.status === 'real'}
              aria-label={t('health.markRealOf', { kind, serialNumber: item.device.serialNumber })}
              onClick={() => onDecide('real')}
            >
              {t('health.markReal')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={busy || item.status === 'glitch'}
              aria-label={t('health.markGlitchOf', { kind, serialNumber: item.device.serialNumber })}
              onClick={() => onDecide('glitch')}
            >
              {t('health.markGlitch')}
            </button>
          </div>
        </td>
      )}
    </tr>
  );
}
