import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { managerApiPaths, managerQueries, type ResidenceDetail } from './managers-api.ts';
import { formatInstantDate, formatShare } from '../../components/format.ts';
import { managerLinks } from './manager-paths.ts';
import { QueryState } from '../../components/query-state.tsx';
import { ResidenceFacts } from '../../components/residence-facts.tsx';
import { useManagerText } from './managers-i18n.ts';
import { ManagerCostsPanel } from '../costs/manager-costs-panel.tsx';
import { DwellingList } from './dwelling-list.tsx';

/** One residence: its sign-ups and what to hand out first, then its dwellings (searchable), then its facts. */
export function ResidencePage() {
  const { t } = useManagerText();
  const { residenceId = '' } = useParams();
  const residence = useQuery(managerQueries.residence(residenceId));
  return (
    <>
      <p>
        <Link to={managerLinks.residences()}>{t('residence.back')}</Link>
      </p>
      <QueryState query={residence}>{(data) => <ResidenceContent residence={data} />}</QueryState>
    </>
  );
}

function ResidenceContent({ residence }: { residence: ResidenceDetail }) {
  const { t, language } = useManagerText();
  const title = residence.name ?? residence.buildingCode;
  useDocumentTitle(title);
  const otherMakeDwellings = residence.dwellings.filter((dwelling) => dwelling.hasDeviceWithoutNineDigitSerial).length;
  return (
    <>
      <h1>{title}</h1>
      {/* What a manager comes for first: where sign-ups stand and what to hand out, then the dwellings. */}
      <p>
        {residence.publishedAt
          ? t('residence.publishedText', { date: formatInstantDate(residence.publishedAt, language) })
          : t('residence.underConstructionText')}
      </p>
      <p>{t('residence.signedUp', { count: residence.accountCount, total: residence.dwellingCount, share: formatShare(residence.accountShare, language) })}</p>
      <div className="manager-actions">
        <a className="button button-secondary" href={managerApiPaths.signupCodesCsv(residence.id)} download>
          {t('residence.codesDownload')}
        </a>
        <Link className="button button-secondary" to={managerLinks.kit()}>
          {t('residence.kitLink')}
        </Link>
      </div>

      <section aria-labelledby="dwellings-title">
        <h2 id="dwellings-title">{t('residence.dwellingsTitle')}</h2>
        {residence.dwellings.length === 0 ? <p>{t('residence.noDwellings')}</p> : <DwellingList residence={residence} />}
      </section>

      <ManagerCostsPanel residenceId={residence.id} />

      <section className="panel" aria-labelledby="signup-codes-title">
        <h2 id="signup-codes-title">{t('residence.codesTitle')}</h2>
        <p>{t('residence.codesText')}</p>
        {otherMakeDwellings > 0 && <p className="note">{t('residence.codesOtherMakes', { count: otherMakeDwellings })}</p>}
      </section>

      <section aria-labelledby="residence-facts-title">
        <h2 id="residence-facts-title">{t('residence.factsTitle')}</h2>
        <ResidenceFacts residence={residence} identity={[{ label: t('residence.name'), value: residence.name ?? t('notProvided') }]} />
      </section>
    </>
  );
}
