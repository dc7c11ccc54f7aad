import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Pagination } from '../../components/pagination.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { SearchForm } from '../../components/search-form.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { useSearchAndPage } from '../../components/use-search-and-page.ts';
import { useCurrentUser } from '../accounts/use-current-user.ts';
import { operatorCommands, operatorQueries, type ClientKind, type ClientPage } from './operator-api.ts';
import { useOperatorText } from './operator-i18n.ts';
import { operatorLinks, SEARCH_PARAM } from './operator-paths.ts';
import { ActionOutcome, useStaffAction } from './staff-action.tsx';

/** The operator's clients (syndics and bailleurs), searched by name; admins create them. */
export function ClientsPage() {
  const { t } = useOperatorText();
  useDocumentTitle(t('clients.title'));
  const { data: me } = useCurrentUser();
  const { search, page, show: showPage } = useSearchAndPage(SEARCH_PARAM);
  const clients = useQuery({ ...operatorQueries.clients(search, page), placeholderData: keepPreviousData });
  return (
    <>
      <h1>{t('clients.title')}</h1>
      <SearchForm key={search} label={t('clients.searchLabel')} hint={t('clients.searchHint')} initialSearch={search} onSearch={(value) => showPage(value, 1)} />
      <QueryState query={clients}>{(data) => <ClientTable data={data} onPage={(nextPage) => showPage(search, nextPage)} />}</QueryState>
      {me?.user?.staffRole === 'admin' && <NewClientForm />}
    </>
  );
}

function ClientTable({ data, onPage }: { data: ClientPage; onPage: (page: number) => void }) {
  const { t, language } = useOperatorText();
  if (data.total === 0) return <p role="status">{t('clients.none')}</p>;
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const caption = t('clients.caption', { page: data.page, pages });
  return (
    <>
      <TableRegion label={caption}>
        <table className="data-table data-table-stacked" aria-label={caption}>
          <thead>
            <tr>
              <th scope="col">{t('clients.columns.name')}</th>
              <th scope="col">{t('clients.columns.kind')}</th>
              <th scope="col">{t('clients.columns.portal')}</th>
              <th scope="col" className="numeric">
                {t('clients.columns.contracts')}
              </th>
              <th scope="col" className="numeric">
                {t('clients.columns.residences')}
              </th>
              <th scope="col" className="numeric">
                {t('clients.columns.managers')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((client) => (
              <tr key={client.id}>
                <th scope="row">
                  <Link to={operatorLinks.client(client.id)}>{client.name}</Link>
                </th>
                <td data-label={t('clients.columns.kind')}>{t(`clients.kinds.${client.kind}`)}</td>
                <td data-label={t('clients.columns.portal')}>{client.hasResidentPortal ? t('yes') : t('no')}</td>
                <td className="numeric" data-label={t('clients.columns.contracts')}>
                  {client.contractCount.toLocaleString(language)}
                </td>
                <td className="numeric" data-label={t('clients.columns.residences')}>
                  {client.residenceCount.toLocaleString(language)}
                </td>
                <td className="numeric" data-label={t('clients.columns.managers')}>
                  {client.managerCount.toLocaleString(language)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <Pagination label={t('clients.pagination')} page={data.page} pages={pages} onPage={onPage} />
    </>
  );
}

function NewClientForm() {
  const { t } = useOperatorText();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ClientKind>('syndic');
  const create = useStaffAction(() => operatorCommands.createClient({ name: name.trim(), kind }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(undefined, { onSuccess: (client) => navigate(operatorLinks.client(client.id)) });
  };
  return (
    <section className="panel" aria-labelledby="new-client-title">
      <h2 id="new-client-title">{t('clients.newTitle')}</h2>
      <form className="operator-form" onSubmit={submit}>
        <label>
          {t('clients.columns.name')}
          <input required maxLength={200} value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label>
          {t('clients.columns.kind')}
          <select value={kind} onChange={(event) => setKind(event.target.value as ClientKind)}>
            <option value="syndic">{t('clients.kinds.syndic')}</option>
            <option value="bailleur">{t('clients.kinds.bailleur')}</option>
          </select>
        </label>
        <div>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {t('clients.create')}
          </button>
        </div>
      </form>
      <ActionOutcome action={create} doneText={t('clients.created')} />
    </section>
  );
}
