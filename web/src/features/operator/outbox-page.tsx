import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Pagination } from '../../components/pagination.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { SearchForm } from '../../components/search-form.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { operatorCommands, operatorQueries, OUTBOX_STATUSES, type AlertNotice, type OutboxMessage, type OutboxStatus } from './operator-api.ts';
import { formatInstantDateTime } from './operator-format.ts';
import { useOperatorText } from './operator-i18n.ts';
import { SEARCH_PARAM } from './operator-paths.ts';
import { ActionOutcome, useStaffAction } from './staff-action.tsx';

const STATUS_PARAM = 'statut';
const CHANNEL_PARAM = 'canal';
const PAGE_PARAM = 'page';

type Channel = 'email' | 'sms';

/** Every email and SMS the portal sent or keeps: status, attempts, last error, its text, and sending a failed one again. */
export function OutboxPage() {
  const { t } = useOperatorText();
  useDocumentTitle(t('outbox.title'));
  const statusId = useId();
  const channelId = useId();
  const [params, setParams] = useSearchParams();
  const rawStatus = params.get(STATUS_PARAM);
  const status = OUTBOX_STATUSES.find((candidate) => candidate === rawStatus);
  const rawChannel = params.get(CHANNEL_PARAM);
  const channel: Channel | undefined = rawChannel === 'email' || rawChannel === 'sms' ? rawChannel : undefined;
  const search = params.get(SEARCH_PARAM) ?? '';
  const page = Math.max(1, Number.parseInt(params.get(PAGE_PARAM) ?? '1', 10) || 1);
  const messages = useQuery({ ...operatorQueries.outbox({ status, channel, search }, page), placeholderData: keepPreviousData });
  const counts = messages.data?.countsByStatus;
  const show = (next: { status?: string | undefined; channel?: string | undefined; search?: string; page?: number }) => {
    const merged = { status, channel, search, page: 1, ...next };
    const query = new URLSearchParams();
    if (merged.status) query.set(STATUS_PARAM, merged.status);
    if (merged.channel) query.set(CHANNEL_PARAM, merged.channel);
    if (merged.search) query.set(SEARCH_PARAM, merged.search);
    if (merged.page > 1) query.set(PAGE_PARAM, String(merged.page));
    setParams(query);
  };
  return (
    <>
      <h1>{t('outbox.title')}</h1>
      <p>{t('outbox.intro')}</p>
      <div className="operator-filters">
        <div className="operator-inline-form">
          <label htmlFor={statusId}>{t('outbox.status')}</label>
          <select id={statusId} value={status ?? ''} onChange={(event) => show({ status: event.target.value || undefined })}>
            <option value="">{t('outbox.allStatuses')}</option>
            {OUTBOX_STATUSES.map((candidate) => (
              <option key={candidate} value={candidate}>
                {counts?.[candidate] === undefined
                  ? t(`outbox.statuses.${candidate}`)
                  : t('assistance.statusWithCount', { status: t(`outbox.statuses.${candidate}`), count: counts[candidate] })}
              </option>
            ))}
          </select>
        </div>
        <div className="operator-inline-form">
          <label htmlFor={channelId}>{t('outbox.channel')}</label>
          <select id={channelId} value={channel ?? ''} onChange={(event) => show({ channel: event.target.value || undefined })}>
            <option value="">{t('outbox.allChannels')}</option>
            <option value="email">{t('outbox.channels.email')}</option>
            <option value="sms">{t('outbox.channels.sms')}</option>
          </select>
        </div>
      </div>
      <SearchForm key={search} label={t('outbox.searchLabel')} hint={t('outbox.searchHint')} initialSearch={search} onSearch={(value) => show({ search: value })} />
      <QueryState query={messages}>
        {(data) =>
          data.total === 0 ? (
            <p role="status">{t('outbox.none')}</p>
          ) : (
            <>
              <p role="status" className="data-count">
                {t('outbox.count', { count: data.total })}
              </p>
              <MessageTable messages={data.items} />
              <Pagination
                label={t('outbox.pagination')}
                page={data.page}
                pages={Math.max(1, Math.ceil(data.total / data.pageSize))}
                onPage={(nextPage) => show({ page: nextPage })}
              />
            </>
          )
        }
      </QueryState>
      <AlertNotices />
    </>
  );
}

function StatusBadge({ status }: { status: OutboxStatus | AlertNotice['status'] }) {
  const { t } = useOperatorText();
  return <span className={`status-badge operator-delivery-${status}`}>{t(`outbox.statuses.${status}`)}</span>;
}

function MessageTable({ messages }: { messages: OutboxMessage[] }) {
  const { t, language } = useOperatorText();
  const [opened, setOpened] = useState<string | null>(null);
  return (
    <TableRegion label={t('outbox.caption')}>
      <table className="data-table data-table-stacked" aria-label={t('outbox.caption')}>
        <thead>
          <tr>
            <th scope="col">{t('outbox.columns.subject')}</th>
            <th scope="col">{t('outbox.columns.recipient')}</th>
            <th scope="col">{t('outbox.columns.createdAt')}</th>
            <th scope="col">{t('outbox.columns.status')}</th>
            <th scope="col">{t('outbox.columns.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((message) => (
            <tr key={message.id}>
              <th scope="row">
                {message.subject || t(`outbox.channels.${message.channel}`)}
                <span className="data-muted operator-block">{t(`outbox.channels.${message.channel}`)}</span>
              </th>
              <td data-label={t('outbox.columns.recipient')}>{message.recipient}</td>
              <td data-label={t('outbox.columns.createdAt')}>
                {formatInstantDateTime(message.createdAt, language)}
                {message.sentAt && <span className="data-muted operator-block">{t('outbox.sentAt', { date: formatInstantDateTime(message.sentAt, language) })}</span>}
              </td>
              <td data-label={t('outbox.columns.status')}>
                <div>
                  <StatusBadge status={message.status} />
                  {message.attempts > 0 && <span className="data-muted operator-block">{t('outbox.attempts', { count: message.attempts })}</span>}
                  {message.lastError && <span className="operator-block">{message.lastError}</span>}
                </div>
              </td>
              <td data-label={t('outbox.columns.actions')}>
                <MessageActions message={message} opened={opened === message.id} onToggle={() => setOpened(opened === message.id ? null : message.id)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

function MessageActions({ message, opened, onToggle }: { message: OutboxMessage; opened: boolean; onToggle: () => void }) {
  const { t } = useOperatorText();
  const detail = useQuery({ ...operatorQueries.outboxMessage(message.id), enabled: opened });
  const retry = useStaffAction(() => operatorCommands.retryOutboxMessage(message.id));
  const retryable = message.channel === 'email' && (message.status === 'failed' || message.status === 'pending');
  return (
    <div className="operator-row-actions">
      <button type="button" className="button button-secondary" aria-expanded={opened} onClick={onToggle}>
        {opened ? t('outbox.hideText') : t('outbox.showText')}
      </button>
      {opened && <QueryState query={detail}>{(data) => <pre className="operator-message operator-pre">{data.bodyText}</pre>}</QueryState>}
      {retryable && (
        <button type="button" className="button button-secondary" disabled={retry.isPending} onClick={() => retry.mutate(undefined)}>
          {t('outbox.retry')}
        </button>
      )}
      <ActionOutcome action={retry} doneText={t('outbox.retried')} />
    </div>
  );
}

/** The alert notices (leak, over-consumption) and their delivery, each sent again from here when it failed. */
function AlertNotices() {
  const { t, language } = useOperatorText();
  const [page, setPage] = useState(1);
  const notices = useQuery({ ...operatorQueries.alertNotices(page), placeholderData: keepPreviousData });
  return (
    <section aria-labelledby="alert-notices-title">
      <h2 id="alert-notices-title">{t('outbox.noticesTitle')}</h2>
      <QueryState query={notices}>
        {(data) =>
          data.items.length === 0 ? (
            <p>{t('outbox.noticesNone')}</p>
          ) : (
            <>
              <TableRegion label={t('outbox.noticesCaption')}>
                <table className="data-table data-table-stacked" aria-label={t('outbox.noticesCaption')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('outbox.notice.alert')}</th>
                      <th scope="col">{t('outbox.notice.dwelling')}</th>
                      <th scope="col">{t('outbox.columns.recipient')}</th>
                      <th scope="col">{t('outbox.columns.status')}</th>
                      <th scope="col">{t('outbox.columns.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((notice) => (
                      <tr key={notice.id}>
                        <th scope="row">
                          {t(`outbox.notice.kinds.${notice.kind}`)}, {t(`outbox.notice.fluids.${notice.fluid}`)}
                          <span className="data-muted operator-block">
                            {t(`outbox.channels.${notice.channel}`)} · {formatInstantDateTime(notice.episodeStartedAt, language)}
                          </span>
                        </th>
                        <td data-label={t('outbox.notice.dwelling')}>
                          {t('search.dwellingOf', { dwellingCode: notice.dwelling.code, buildingCode: notice.residence.buildingCode })}
                        </td>
                        <td data-label={t('outbox.columns.recipient')}>{notice.recipient ?? <span className="data-muted">{t('notProvided')}</span>}</td>
                        <td data-label={t('outbox.columns.status')}>
                          <div>
                            <StatusBadge status={notice.status} />
                            {notice.lastError && <span className="operator-block">{notice.lastError}</span>}
                            {notice.skipReason && <span className="operator-block">{t(`outbox.skipReasons.${notice.skipReason}`)}</span>}
                          </div>
                        </td>
                        <td data-label={t('outbox.columns.actions')}>{notice.status === 'failed' && <RetryNotice notice={notice} />}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableRegion>
              <Pagination label={t('outbox.noticesPagination')} page={data.page} pages={data.items.length < data.pageSize ? data.page : data.page + 1} onPage={setPage} />
            </>
          )
        }
      </QueryState>
    </section>
  );
}

function RetryNotice({ notice }: { notice: AlertNotice }) {
  const { t } = useOperatorText();
  const retry = useStaffAction(() => operatorCommands.retryAlertNotice(notice.id));
  return (
    <div className="operator-row-actions">
      <button type="button" className="button button-secondary" disabled={retry.isPending} onClick={() => retry.mutate(undefined)}>
        {t('outbox.retry')}
      </button>
      <ActionOutcome action={retry} doneText={t('outbox.retried')} />
    </div>
  );
}
