import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { Pagination } from '../../components/pagination.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { operatorQueries, type AuditFilters, type AuditPage } from './operator-api.ts';
import { formatUtc } from './operator-format.ts';
import { useOperatorText } from './operator-i18n.ts';

const FILTERS = ['actorEmail', 'action', 'targetType', 'targetId', 'from', 'to'] as const;
type FilterName = (typeof FILTERS)[number];
const PAGE_PARAM = 'page';

/** A `datetime-local` value read as UTC (the trail's own time), as the API takes it. */
function utcInstant(local: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? `${local}:00Z` : undefined;
}

/** The audit trail: every staff and manager action and every authentication event, in UTC, searched; never changed. */
export function AuditTrailPage() {
  const { t } = useOperatorText();
  useDocumentTitle(t('audit.title'));
  const [params, setParams] = useSearchParams();
  const typed = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ''])) as Record<FilterName, string>;
  const page = Math.max(1, Number.parseInt(params.get(PAGE_PARAM) ?? '1', 10) || 1);
  const filters: AuditFilters = {
    actorEmail: typed.actorEmail || undefined,
    action: typed.action || undefined,
    targetType: typed.targetType || undefined,
    targetId: typed.targetId || undefined,
    from: utcInstant(typed.from),
    to: utcInstant(typed.to),
  };
  const events = useQuery({ ...operatorQueries.auditEvents(filters, page), placeholderData: keepPreviousData });
  const show = (next: Record<FilterName, string>, nextPage: number) => {
    const query = new URLSearchParams();
    for (const name of FILTERS) if (next[name].trim()) query.set(name, next[name].trim());
    if (nextPage > 1) query.set(PAGE_PARAM, String(nextPage));
    setParams(query);
  };
  return (
    <>
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <AuditSearch key={params.toString()} initial={typed} onSearch={(next) => show(next, 1)} />
      <QueryState query={events}>{(data) => <AuditTable data={data} onPage={(nextPage) => show(typed, nextPage)} />}</QueryState>
    </>
  );
}

function AuditSearch({ initial, onSearch }: { initial: Record<FilterName, string>; onSearch: (filters: Record<FilterName, string>) => void }) {
  const { t } = useOperatorText();
  const [values, setValues] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(values);
  };
  const field = (name: FilterName, type: 'text' | 'email' | 'datetime-local' = 'text') => (
    <label key={name}>
      {t(`audit.filters.${name}`)}
      <input type={type} maxLength={254} value={values[name]} onChange={(event) => setValues({ ...values, [name]: event.target.value })} />
    </label>
  );
  return (
    <form role="search" aria-label={t('audit.searchLabel')} className="operator-form operator-audit-search" onSubmit={submit}>
      {field('actorEmail', 'email')}
      {field('action')}
      {field('targetType')}
      {field('targetId')}
      {field('from', 'datetime-local')}
      {field('to', 'datetime-local')}
      <p className="data-hint">{t('audit.hint')}</p>
      <div className="operator-actions">
        <button type="submit" className="button button-primary">
          {t('audit.search')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => onSearch({ actorEmail: '', action: '', targetType: '', targetId: '', from: '', to: '' })}>
          {t('audit.clear')}
        </button>
      </div>
    </form>
  );
}

function AuditTable({ data, onPage }: { data: AuditPage; onPage: (page: number) => void }) {
  const { t, language } = useOperatorText();
  if (data.total === 0) return <p role="status">{t('audit.none')}</p>;
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const caption = t('audit.caption', { page: data.page, pages });
  return (
    <>
      <p role="status" className="data-count">
        {t('audit.count', { count: data.total.toLocaleString(language) })}
      </p>
      <TableRegion label={caption}>
        <table className="data-table data-table-stacked" aria-label={caption}>
          <thead>
            <tr>
              <th scope="col">{t('audit.columns.occurredAt')}</th>
              <th scope="col">{t('audit.columns.action')}</th>
              <th scope="col">{t('audit.columns.actor')}</th>
              <th scope="col">{t('audit.columns.target')}</th>
              <th scope="col">{t('audit.columns.details')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((event) => (
              <tr key={event.id}>
                <th scope="row">
                  <time dateTime={event.occurredAt}>{formatUtc(event.occurredAt)}</time>
                </th>
                <td data-label={t('audit.columns.action')}>
                  <code>{event.action}</code>
                </td>
                <td data-label={t('audit.columns.actor')}>
                  <div>
                    {event.actor.email ?? <span className="data-muted">{t('audit.noActor')}</span>}
                    {event.actor.role && <span className="data-muted operator-block">{event.actor.role}</span>}
                    {event.clientAddress && <span className="data-muted operator-block">{event.clientAddress}</span>}
                  </div>
                </td>
                <td data-label={t('audit.columns.target')}>
                  {event.target.type ? (
                    <div>
                      {event.target.type}
                      {event.target.id && <code className="operator-block operator-wrap">{event.target.id}</code>}
                    </div>
                  ) : (
                    ''
                  )}
                </td>
                <td data-label={t('audit.columns.details')}>
                  {Object.keys(event.details).length > 0 && (
                    <ul className="operator-plain-list operator-wrap">
                      {Object.entries(event.details).map(([key, value]) => (
                        <li key={key}>
                          {key}: {typeof value === 'string' ? value : JSON.stringify(value)}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <Pagination label={t('audit.pagination')} page={data.page} pages={pages} onPage={onPage} />
    </>
  );
}
