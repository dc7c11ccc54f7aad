import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Pagination } from '../../components/pagination.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { SearchForm } from '../../components/search-form.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { useSearchAndPage } from '../../components/use-search-and-page.ts';
import { AddressText, PublicationBadge } from '../../components/residence-facts.tsx';
import { operatorQueries, type ResidencePage } from './operator-api.ts';
import { useOperatorText } from './operator-i18n.ts';
import { LastReading } from './residence-facts.tsx';
import { operatorLinks, SEARCH_PARAM } from './operator-paths.ts';

/** Every residence of the portfolio, searched and paginated; the address keeps the search. */
export function ResidencesPage() {
  const { t } = useOperatorText();
  useDocumentTitle(t('residences.title'));
  const { search, page, show: showPage } = useSearchAndPage(SEARCH_PARAM);
  const residences = useQuery({ ...operatorQueries.residences(search, page), placeholderData: keepPreviousData });

  return (
    <>
      <h1>{t('residences.title')}</h1>
      <SearchForm
        key={search}
        label={t('residences.searchLabel')}
        hint={t('residences.searchHint')}
        initialSearch={search}
        onSearch={(value) => showPage(value, 1)}
      />
      <QueryState query={residences}>
        {(data) => <ResidenceTable data={data} search={search} onPage={(nextPage) => showPage(search, nextPage)} />}
      </QueryState>
    </>
  );
}

function ResidenceTable({ data, search, onPage }: { data: ResidencePage; search: string; onPage: (page: number) => void }) {
  const { t, language } = useOperatorText();
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  if (data.total === 0) return <p role="status">{search ? t('residences.none') : t('residences.noneAtAll')}</p>;
  const caption = t('residences.caption', { page: data.page, pages });
  return (
    <>
      <p role="status" className="data-count">
        {search ? t('residences.countFor', { count: data.total, search }) : t('residences.count', { count: data.total })}
      </p>
      <TableRegion label={caption}>
        <table className="data-table data-table-stacked" aria-label={caption}>
          <thead>
            <tr>
              <th scope="col">{t('residences.columns.buildingCode')}</th>
              <th scope="col">{t('residences.columns.name')}</th>
              <th scope="col">{t('residences.columns.address')}</th>
              <th scope="col">{t('residences.columns.client')}</th>
              <th scope="col">{t('residences.columns.publication')}</th>
              <th scope="col">{t('residences.columns.lastReading')}</th>
              <th scope="col" className="numeric">
                {t('residences.columns.dwellings')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((residence) => (
              <tr key={residence.id}>
                <th scope="row">
                  <Link to={operatorLinks.residence(residence.id)}>{residence.buildingCode}</Link>
                </th>
                <td data-label={t('residences.columns.name')}>{residence.name ?? <span className="data-muted">{t('notProvided')}</span>}</td>
                <td data-label={t('residences.columns.address')}>
                  <AddressText address={residence.address} />
                </td>
                <td data-label={t('residences.columns.client')}>{residence.client.name}</td>
                <td data-label={t('residences.columns.publication')}>
                  <PublicationBadge publishedAt={residence.publishedAt} />
                </td>
                <td data-label={t('residences.columns.lastReading')}>
                  <LastReading at={residence.lastReadingAt} />
                </td>
                <td className="numeric" data-label={t('residences.columns.dwellings')}>
                  {residence.dwellingCount.toLocaleString(language)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <Pagination label={t('residences.pagination')} page={data.page} pages={pages} onPage={onPage} />
    </>
  );
}
