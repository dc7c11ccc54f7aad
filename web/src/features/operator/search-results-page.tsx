import { useQueries } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { QueryState } from '../../components/query-state.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { AddressText, PublicationBadge } from '../../components/residence-facts.tsx';
import { useCurrentUser } from '../accounts/use-current-user.ts';
import { operatorQueries, type DevicePage, type DwellingPage, type ResidencePage, type ResidentAccountPage } from './operator-api.ts';
import { useOperatorText } from './operator-i18n.ts';
import { operatorLinks, SEARCH_PARAM } from './operator-paths.ts';
import { sectionsFor } from './operator-sections.ts';
import { DeviceKindLabel } from './residence-page.tsx';

const RESULTS_PER_KIND = 10;

/**
 * What the quick search found, grouped: residences, meters (by serial number or radio id),
 * dwellings (by code, number or reference) and, for the staff who may open them, the resident
 * accounts (by email, or the dwelling or meter they live behind).
 */
export function SearchResultsPage() {
  const { t } = useOperatorText();
  const [params] = useSearchParams();
  const search = (params.get(SEARCH_PARAM) ?? '').trim();
  useDocumentTitle(t('search.title'));
  const { data: me } = useCurrentUser();
  const seesAccounts = sectionsFor(me?.user?.staffRole).some((section) => section.to === operatorLinks.residentAccounts());
  const [residences, devices, dwellings, accounts] = useQueries({
    queries: [
      { ...operatorQueries.residences(search, 1), enabled: search !== '' },
      { ...operatorQueries.devices(search, 1), enabled: search !== '' },
      { ...operatorQueries.dwellings(search, 1), enabled: search !== '' },
      { ...operatorQueries.residentAccounts(search, false, 1), enabled: search !== '' && seesAccounts },
    ],
  });
  return (
    <>
      <h1>{t('search.title')}</h1>
      {search === '' ? (
        <p>{t('search.empty')}</p>
      ) : (
        <QueryState query={residences}>
          {(residencePage) => (
            <QueryState query={devices}>
              {(devicePage) => (
                <QueryState query={dwellings}>
                  {(dwellingPage) => {
                    const found = { search, residences: residencePage, devices: devicePage, dwellings: dwellingPage };
                    return seesAccounts ? (
                      <QueryState query={accounts}>{(accountPage) => <Results {...found} accounts={accountPage} />}</QueryState>
                    ) : (
                      <Results {...found} accounts={null} />
                    );
                  }}
                </QueryState>
              )}
            </QueryState>
          )}
        </QueryState>
      )}
    </>
  );
}

interface ResultsProps {
  search: string;
  residences: ResidencePage;
  devices: DevicePage;
  dwellings: DwellingPage;
  /** Null for the staff whose role does not open the resident accounts. */
  accounts: ResidentAccountPage | null;
}

function Results({ search, residences, devices, dwellings, accounts }: ResultsProps) {
  const { t } = useOperatorText();
  const total = residences.total + devices.total + dwellings.total + (accounts?.total ?? 0);
  return (
    <>
      <p role="status" className="data-count">
        {total === 0 ? t('search.none', { search }) : t('search.count', { count: total, search })}
      </p>
      {residences.total > 0 && (
        <section aria-labelledby="found-residences">
          <h2 id="found-residences">{t('search.residences')}</h2>
          <ul className="operator-results">
            {residences.items.slice(0, RESULTS_PER_KIND).map((residence) => (
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
          <MoreResults shown={Math.min(residences.items.length, RESULTS_PER_KIND)} total={residences.total} to={operatorLinks.residences(search)} />
        </section>
      )}
      {devices.total > 0 && (
        <section aria-labelledby="found-devices">
          <h2 id="found-devices">{t('search.devices')}</h2>
          <ul className="operator-results">
            {devices.items.slice(0, RESULTS_PER_KIND).map((device) => (
              <li key={device.id}>
                <DeviceKindLabel kind={device.kind} /> <code>{device.serialNumber}</code>
                {device.removedOn && <span className="data-muted"> {t('residence.removed')}</span>} –{' '}
                <Link to={operatorLinks.dwelling(device.dwelling.id)}>
                  {t('search.dwellingOf', { dwellingCode: device.dwelling.dwellingCode, buildingCode: device.residence.buildingCode })}
                </Link>
              </li>
            ))}
          </ul>
          <MoreResults shown={Math.min(devices.items.length, RESULTS_PER_KIND)} total={devices.total} />
        </section>
      )}
      {dwellings.total > 0 && (
        <section aria-labelledby="found-dwellings">
          <h2 id="found-dwellings">{t('search.dwellings')}</h2>
          <ul className="operator-results">
            {dwellings.items.slice(0, RESULTS_PER_KIND).map((dwelling) => (
              <li key={dwelling.id}>
                <Link to={operatorLinks.dwelling(dwelling.id)}>
                  {t('search.dwellingOf', { dwellingCode: dwelling.dwellingCode, buildingCode: dwelling.residence.buildingCode })}
                </Link>{' '}
                <span className="data-muted">{t('search.dwellingFacts', { clientNumber: dwelling.clientNumber, reference: dwelling.reference })}</span>
              </li>
            ))}
          </ul>
          <MoreResults shown={Math.min(dwellings.items.length, RESULTS_PER_KIND)} total={dwellings.total} />
        </section>
      )}
      {accounts && accounts.total > 0 && (
        <section aria-labelledby="found-accounts">
          <h2 id="found-accounts">{t('search.accounts')}</h2>
          <ul className="operator-results">
            {accounts.items.slice(0, RESULTS_PER_KIND).map((account) => (
              <li key={account.id}>
                <Link to={operatorLinks.residentAccounts(account.email)}>{account.email}</Link>
                {(account.firstName || account.lastName) && <span> ({`${account.firstName ?? ''} ${account.lastName ?? ''}`.trim()})</span>} –{' '}
                <Link to={operatorLinks.dwelling(account.dwelling.id)}>
                  {t('search.dwellingOf', { dwellingCode: account.dwelling.dwellingCode, buildingCode: account.residence.buildingCode })}
                </Link>
              </li>
            ))}
          </ul>
          <MoreResults shown={Math.min(accounts.items.length, RESULTS_PER_KIND)} total={accounts.total} to={operatorLinks.residentAccounts(search)} />
        </section>
      )}
    </>
  );
}

/** « 10 premiers sur 57 » and, where a full list exists, the way to it. */
function MoreResults({ shown, total, to }: { shown: number; total: number; to?: string }) {
  const { t } = useOperatorText();
  if (shown >= total) return null;
  return (
    <p className="data-muted">
      {t('search.firstOf', { shown, total })} {to && <Link to={to}>{t('search.seeAll')}</Link>}
    </p>
  );
}
