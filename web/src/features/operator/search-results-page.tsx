import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { QueryState } from '../../components/query-state.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { operatorQueries, type SearchResults } from './operator-api.ts';
import { useOperatorText } from './operator-i18n.ts';
import { operatorLinks, SEARCH_PARAM } from './operator-paths.ts';
import { AddressText, PublicationBadge } from './residence-facts.tsx';
import { DeviceKindLabel } from './residence-page.tsx';

/** What the quick search found, grouped: residences, dwellings, devices, resident accounts. */
export function SearchResultsPage() {
  const { t } = useOperatorText();
  const [params] = useSearchParams();
  const search = (params.get(SEARCH_PARAM) ?? '').trim();
  useDocumentTitle(t('search.title'));
  const results = useQuery({ ...operatorQueries.search(search), enabled: search !== '' });
  return (
    <>
      <h1>{t('search.title')}</h1>
      {search === '' ? (
        <p>{t('search.empty')}</p>
      ) : (
        <QueryState query={results}>{(data) => <Results data={data} search={search} />}</QueryState>
      )}
    </>
  );
}

function Results({ data, search }: { data: SearchResults; search: string }) {
  const { t } = useOperatorText();
  const total = data.residences.length + data.dwellings.length + data.devices.length + data.residents.length;
  return (
    <>
      <p role="status" className="data-count">
        {total === 0 ? t('search.none', { search }) : t('search.count', { count: total, search })}
      </p>
      {data.residences.length > 0 && (
        <section aria-labelledby="found-residences">
          <h2 id="found-residences">{t('search.residences')}</h2>
          <ul className="operator-results">
            {data.residences.map((residence) => (
              <li key={residence.id}>
                <Link to={operatorLinks.residence(residence.id)}>
                  {residence.buildingCode}
                  {residence.name ? ` – ${residence.name}` : ''}
                </Link>{' '}
                <span className="data-muted">
                  <AddressText address={residence.address} />
                </span>{' '}
                <PublicationBadge publishedAt={residence.publishedAt} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {data.devices.length > 0 && (
        <section aria-labelledby="found-devices">
          <h2 id="found-devices">{t('search.devices')}</h2>
          <ul className="operator-results">
            {data.devices.map((device) => (
              <li key={device.id}>
                <DeviceKindLabel kind={device.kind} /> <code>{device.serialNumber}</code>
                {device.removedOn && <span className="data-muted"> {t('residence.removed')}</span>} –{' '}
                <Link to={operatorLinks.residence(device.residenceId)}>
                  {t('search.dwellingOf', { dwellingCode: device.dwellingCode, buildingCode: device.buildingCode })}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {data.dwellings.length > 0 && (
        <section aria-labelledby="found-dwellings">
          <h2 id="found-dwellings">{t('search.dwellings')}</h2>
          <ul className="operator-results">
            {data.dwellings.map((dwelling) => (
              <li key={dwelling.id}>
                <Link to={operatorLinks.residence(dwelling.residenceId)}>
                  {t('search.dwellingOf', { dwellingCode: dwelling.dwellingCode, buildingCode: dwelling.buildingCode })}
                </Link>{' '}
                <span className="data-muted">
                  {t('search.dwellingFacts', { clientNumber: dwelling.clientNumber, reference: dwelling.reference })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {data.residents.length > 0 && (
        <section aria-labelledby="found-residents">
          <h2 id="found-residents">{t('search.residents')}</h2>
          <ul className="operator-results">
            {data.residents.map((resident) => (
              <li key={resident.userId}>
                <Link to={operatorLinks.residentAccounts(resident.email)}>{resident.email}</Link>{' '}
                <span className="data-muted">{t('search.dwellingOf', { dwellingCode: resident.dwellingCode, buildingCode: resident.buildingCode })}</span>
                {resident.closedAt && <span className="data-muted"> {t('search.closed')}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
