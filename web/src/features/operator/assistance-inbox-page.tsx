import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Pagination } from '../../components/pagination.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { SearchForm } from '../../components/search-form.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ASSISTANCE_STATUSES, operatorQueries, type AssistanceRequestPage, type AssistanceStatus } from './operator-api.ts';
import { formatInstantDateTime } from './operator-format.ts';
import { useOperatorText } from './operator-i18n.ts';
import { operatorLinks, SEARCH_PARAM } from './operator-paths.ts';

const STATUS_PARAM = 'statut';
const PAGE_PARAM = 'page';

function isStatus(value: string | null): value is AssistanceStatus {
  return ASSISTANCE_STATUSES.some((status) => status === value);
}

/** The requests from « Contacter l'assistance », newest first, filtered by status (« Nouvelle » by default). */
export function AssistanceInboxPage() {
  const { t } = useOperatorText();
  useDocumentTitle(t('assistance.title'));
  const statusId = useId();
  const [params, setParams] = useSearchParams();
  const rawStatus = params.get(STATUS_PARAM);
  const status: AssistanceStatus | 'all' = rawStatus === 'all' ? 'all' : isStatus(rawStatus) ? rawStatus : 'new';
  const search = params.get(SEARCH_PARAM) ?? '';
  const page = Math.max(1, Number.parseInt(params.get(PAGE_PARAM) ?? '1', 10) || 1);
  const requests = useQuery({ ...operatorQueries.assistanceRequests(status, search, page), placeholderData: keepPreviousData });
  const counts = requests.data?.countsByStatus;
  const show = (nextStatus: string, nextSearch: string, nextPage: number) => {
    const next = new URLSearchParams({ [STATUS_PARAM]: nextStatus });
    if (nextSearch) next.set(SEARCH_PARAM, nextSearch);
    if (nextPage > 1) next.set(PAGE_PARAM, String(nextPage));
    setParams(next);
  };
  return (
    <>
      <h1>{t('assistance.title')}</h1>
      <div className="operator-inline-form">
        <label htmlFor={statusId}>{t('assistance.statusFilter')}</label>
        <select id={statusId} value={status} onChange={(event) => show(event.target.value, search, 1)}>
          <option value="all">{t('assistance.allStatuses')}</option>
          {ASSISTANCE_STATUSES.map((candidate) => (
            <option key={candidate} value={candidate}>
              {counts?.[candidate] === undefined
                ? t(`assistance.statuses.${candidate}`)
                : t('assistance.statusWithCount', { status: t(`assistance.statuses.${candidate}`), count: counts[candidate] })}
            </option>
          ))}
        </select>
      </div>
      <SearchForm
        key={search}
        label={t('assistance.searchLabel')}
        hint={t('assistance.searchHint')}
        initialSearch={search}
        onSearch={(value) => show(status, value, 1)}
      />
      <QueryState query={requests}>{(data) => <RequestTable data={data} onPage={(nextPage) => show(status, search, nextPage)} />}</QueryState>
    </>
  );
}

function RequestTable({ data, onPage }: { data: AssistanceRequestPage; onPage: (page: number) => void }) {
  const { t, language } = useOperatorText();
  if (data.total === 0) return <p role="status">{t('assistance.none')}</p>;
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const caption = t('assistance.caption', { page: data.page, pages });
  return (
    <>
      <p role="status" className="data-count">
        {t('assistance.count', { count: data.total })}
      </p>
      <TableRegion label={caption}>
        <table className="data-table data-table-stacked" aria-label={caption}>
          <thead>
            <tr>
              <th scope="col">{t('assistance.columns.reference')}</th>
              <th scope="col">{t('assistance.columns.receivedAt')}</th>
              <th scope="col">{t('assistance.columns.from')}</th>
              <th scope="col">{t('assistance.columns.codes')}</th>
              <th scope="col">{t('assistance.columns.status')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((request) => (
              <tr key={request.id}>
                <th scope="row">
                  <Link to={operatorLinks.assistanceRequest(request.id)}>{request.reference}</Link>
                </th>
                <td data-label={t('assistance.columns.receivedAt')}>{formatInstantDateTime(request.createdAt, language)}</td>
                <td data-label={t('assistance.columns.from')}>
                  <div>
                    {request.name}
                    <span className="data-muted operator-block">{request.email}</span>
                    <span className="operator-block">{request.messageExcerpt}</span>
                  </div>
                </td>
                <td data-label={t('assistance.columns.codes')}>
                  <TypedCodes request={request} />
                </td>
                <td data-label={t('assistance.columns.status')}>
                  <span className={`status-badge operator-status-${request.status}`}>{t(`assistance.statuses.${request.status}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <Pagination label={t('assistance.pagination')} page={data.page} pages={pages} onPage={onPage} />
    </>
  );
}

/** What the person typed during the sign-up before asking for help. */
export function TypedCodes({ request }: { request: { serialNumber: string | null; buildingCode: string | null; dwellingReference: string | null } }) {
  const { t } = useOperatorText();
  const parts = [
    request.serialNumber && t('assistance.typedSerial', { value: request.serialNumber }),
    request.buildingCode && t('assistance.typedBuildingCode', { value: request.buildingCode }),
    request.dwellingReference && t('assistance.typedReference', { value: request.dwellingReference }),
  ].filter(Boolean);
  return parts.length === 0 ? <span className="data-muted">{t('assistance.nothingTyped')}</span> : <>{parts.join(' · ')}</>;
}
