import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { managerApiPaths, managerQueries, type ResidenceDetail } from './managers-api.ts';
import { formatInstantDate, formatShare } from '../../components/format.ts';
import { managerLinks } from './manager-paths.ts';
import { QueryState } from '../../components/query-state.tsx';
import { useManagerText } from './managers-i18n.ts';
import { PublicationState, ResidenceAddress } from './residence-facts.tsx';
import { TableRegion } from '../../components/table-region.tsx';

/** One residence: its publication, its sign-ups, and its dwellings with their sign-up codes. */
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
      <dl className="fact-list">
        <div>
          <dt>{t('residence.buildingCode')}</dt>
          <dd>{residence.buildingCode}</dd>
        </div>
        <div>
          <dt>{t('residence.name')}</dt>
          <dd>{residence.name ?? t('notProvided')}</dd>
        </div>
        <div>
          <dt>{t('residence.address')}</dt>
          <dd>
            <ResidenceAddress address={residence.address} />
          </dd>
        </div>
        <div>
          <dt>{t('residence.publication')}</dt>
          <dd>
            <PublicationState publishedAt={residence.publishedAt} />
          </dd>
        </div>
      </dl>
      <p>
        {residence.publishedAt
          ? t('residence.publishedText', { date: formatInstantDate(residence.publishedAt, language) })
          : t('residence.underConstructionText')}
      </p>
      <p>{t('residence.signedUp', { count: residence.accountCount, total: residence.dwellingCount, share: formatShare(residence.accountShare, language) })}</p>

      <section className="panel" aria-labelledby="signup-codes-title">
        <h2 id="signup-codes-title">{t('residence.codesTitle')}</h2>
        <p>{t('residence.codesText')}</p>
        {otherMakeDwellings > 0 && <p className="note">{t('residence.codesOtherMakes', { count: otherMakeDwellings })}</p>}
        <p>
          <a className="button button-secondary" href={managerApiPaths.signupCodesCsv(residence.id)} download>
            {t('residence.codesDownload')}
          </a>
        </p>
      </section>

      <h2>{t('residence.dwellingsTitle')}</h2>
      {residence.dwellings.length === 0 ? <p>{t('residence.noDwellings')}</p> : <DwellingTable residence={residence} />}
    </>
  );
}

function DwellingTable({ residence }: { residence: ResidenceDetail }) {
  const { t } = useManagerText();
  const caption = t('residence.dwellingsCaption', { buildingCode: residence.buildingCode });
  const yesNo = (value: boolean) => (value ? t('yes') : t('no'));
  return (
    <TableRegion label={caption}>
      <table className="data-table data-table-stacked" aria-label={caption}>
        <thead>
          <tr>
            <th scope="col">{t('residence.columns.clientNumber')}</th>
            <th scope="col">{t('residence.columns.building')}</th>
            <th scope="col">{t('residence.columns.staircase')}</th>
            <th scope="col">{t('residence.columns.floor')}</th>
            <th scope="col">{t('residence.columns.dwellingCode')}</th>
            <th scope="col">{t('residence.columns.reference')}</th>
            <th scope="col">{t('residence.columns.account')}</th>
            <th scope="col">{t('residence.columns.dailyData')}</th>
          </tr>
        </thead>
        <tbody>
          {residence.dwellings.map((dwelling) => (
            <tr key={dwelling.id}>
              <th scope="row">{dwelling.clientNumber}</th>
              <td data-label={t('residence.columns.building')}>{dwelling.building}</td>
              <td data-label={t('residence.columns.staircase')}>{dwelling.staircase}</td>
              <td data-label={t('residence.columns.floor')}>{dwelling.floor}</td>
              <td data-label={t('residence.columns.dwellingCode')}>{dwelling.dwellingCode}</td>
              <td data-label={t('residence.columns.reference')}>
                <div>
                  <code>{dwelling.reference}</code>
                  {dwelling.hasDeviceWithoutNineDigitSerial && <span className="manager-flag">{t('residence.otherMakeDevice')}</span>}
                </div>
              </td>
              <td data-label={t('residence.columns.account')}>{yesNo(dwelling.hasResidentAccount)}</td>
              <td data-label={t('residence.columns.dailyData')}>
                <div>
                  {yesNo(dwelling.sharesDailyData)}
                  {dwelling.sharesDailyData && (
                    <Link
                      className="manager-block"
                      to={managerLinks.dwellingDaily(dwelling.id, residence.id)}
                      aria-label={t('residence.viewDailyOf', { dwellingCode: dwelling.dwellingCode })}
                    >
                      {t('residence.viewDaily')}
                    </Link>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
