import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { formatInstantDate } from '../../components/format.ts';
import { QueryState } from '../../components/query-state.tsx';
import { ResidenceFacts } from '../../components/residence-facts.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { useCurrentUser } from '../accounts/use-current-user.ts';
import { residenceHitBudget } from '#shared/signup-lookup-budget.ts';
import { DEVICE_KINDS } from '#shared/device-kinds.ts';
import { ResidenceTariffsPanel } from '../costs/residence-tariffs-panel.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { ActionOutcome, useStaffAction } from './staff-action.tsx';
import { operatorCommands, operatorQueries, type ResidenceDetail } from './operator-api.ts';
import { useOperatorText } from './operator-i18n.ts';
import { operatorLinks } from './operator-paths.ts';
import { LastReading } from './residence-facts.tsx';
import { ResidenceStationPanel } from '../climate/climate-back-office.tsx';

/** One residence: its facts, whether it has data, its publication, and its dwellings with their devices. */
export function ResidencePage() {
  const { t } = useOperatorText();
  const { residenceId = '' } = useParams();
  const residence = useQuery(operatorQueries.residence(residenceId));
  return (
    <>
      <p>
        <Link to={operatorLinks.residences()}>{t('residence.back')}</Link>
      </p>
      <QueryState query={residence}>{(data) => <ResidenceContent residence={data} />}</QueryState>
    </>
  );
}

function ResidenceContent({ residence }: { residence: ResidenceDetail }) {
  const { t } = useOperatorText();
  const title = residence.name ? `${residence.buildingCode} – ${residence.name}` : residence.buildingCode;
  useDocumentTitle(title);
  return (
    <>
      <h1>{title}</h1>
      <ResidenceFacts
        residence={residence}
        identity={[
          { label: t('residence.client'), value: <Link to={operatorLinks.client(residence.client.id)}>{residence.client.name}</Link> },
          {
            label: t('residence.contract'),
            value: `${residence.contract.reference} – ${residence.contract.bookedOptions.includes('resident_portal') ? t('residence.portalBooked') : t('residence.portalNotBooked')}`,
          },
        ]}
        more={[
          { label: t('residence.data'), value: residence.hasReadings ? t('residence.hasData') : t('residence.noData') },
          { label: t('residence.lastReading'), value: <LastReading at={residence.lastReadingAt} /> },
        ]}
      />
      <PublicationPanel residence={residence} />
      <LookupBudgetPanel residence={residence} />
      <ResidenceStationPanel residenceId={residence.id} />
      <ResidenceTariffsPanel residenceId={residence.id} />
      <h2>{t('residence.dwellingsTitle')}</h2>
      {residence.dwellings.length === 0 ? <p>{t('residence.noDwellings')}</p> : <DwellingTable residence={residence} />}
    </>
  );
}

/** « Publier la résidence »: asked once more, then done by the server, which refuses a residence without data and says why. */
function PublicationPanel({ residence }: { residence: ResidenceDetail }) {
  const { t, language } = useOperatorText();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const publication = useMutation({
    mutationFn: () => operatorCommands.publishResidence(residence.id),
    onSettled: async () => {
      setAsking(false);
      await queryClient.invalidateQueries({ queryKey: ['staff'] });
    },
  });
  const { data: me } = useCurrentUser();
  const mayPublish = me?.user?.staffRole === 'data' || me?.user?.staffRole === 'admin';
  const refusal = publication.error instanceof ApiError ? publication.error.message : publication.error ? String(publication.error) : null;

  return (
    <section className="panel" aria-labelledby="publication-title">
      <h2 id="publication-title">{t('publication.title')}</h2>
      {residence.publishedAt ? (
        <p>{t('publication.publishedText', { date: formatInstantDate(residence.publishedAt, language) })}</p>
      ) : (
        <>
          <p>{t('publication.underConstructionText')}</p>
          {!residence.hasReadings && <p className="note">{t('publication.noDataNote')}</p>}
          {mayPublish ? (
            <p>
              <button type="button" className="button button-primary" onClick={() => setAsking(true)}>
                {t('publication.publish')}
              </button>
            </p>
          ) : (
            <p className="data-muted">{t('publication.dataStaffOnly')}</p>
          )}
        </>
      )}
      <div role="status">{publication.isSuccess && <p className="operator-success">{t('publication.done')}</p>}</div>
      {refusal && (
        <div role="alert" className="data-error">
          <p>{t('publication.refused', { message: refusal })}</p>
        </div>
      )}
      <ConfirmDialog
        open={asking}
        title={t('publication.confirmTitle', { buildingCode: residence.buildingCode })}
        confirmLabel={t('publication.confirm')}
        cancelLabel={t('cancel')}
        busy={publication.isPending}
        onConfirm={() => publication.mutate()}
        onCancel={() => setAsking(false)}
      >
        <p>{t('publication.confirmText')}</p>
      </ConfirmDialog>
    </section>
  );
}

/** A flyer day brings many sign-ups at once: support lifts the residence's look-up budget for a day. */
function LookupBudgetPanel({ residence }: { residence: ResidenceDetail }) {
  const { t, language } = useOperatorText();
  const lift = useStaffAction(() => operatorCommands.liftSignupLookupBudget(residence.id));
  const { data: me } = useCurrentUser();
  const mayLift = me?.user?.staffRole === 'support' || me?.user?.staffRole === 'admin';
  const budget = residenceHitBudget(residence.dwellings.length);
  return (
    <section className="panel" aria-labelledby="lookup-budget-title">
      <h2 id="lookup-budget-title">{t('lookupBudget.title')}</h2>
      <p>{t('lookupBudget.text', { budget })}</p>
      {mayLift ? (
        <p>
          <button type="button" className="button" disabled={lift.isPending} onClick={() => lift.mutate(undefined)}>
            {t('lookupBudget.lift')}
          </button>
        </p>
      ) : (
        <p className="data-muted">{t('lookupBudget.supportOnly')}</p>
      )}
      <ActionOutcome action={lift} doneText={lift.data ? t('lookupBudget.done', { date: new Date(lift.data.liftedUntil).toLocaleString(language) }) : ''} />
    </section>
  );
}

function DwellingTable({ residence }: { residence: ResidenceDetail }) {
  const { t, language } = useOperatorText();
  const caption = t('residence.dwellingsCaption', { buildingCode: residence.buildingCode });
  return (
    <TableRegion label={caption}>
      <table className="data-table data-table-stacked" aria-label={caption}>
        <thead>
          <tr>
            <th scope="col">{t('residence.columns.dwellingCode')}</th>
            <th scope="col">{t('residence.columns.clientNumber')}</th>
            <th scope="col">{t('residence.columns.location')}</th>
            <th scope="col">{t('residence.columns.reference')}</th>
            <th scope="col">{t('residence.columns.account')}</th>
            <th scope="col" className="numeric">
              {t('residence.columns.devices')}
            </th>
          </tr>
        </thead>
        <tbody>
          {residence.dwellings.map((dwelling) => (
            <tr key={dwelling.id}>
              <th scope="row">
                <Link to={operatorLinks.dwelling(dwelling.id)}>{dwelling.dwellingCode}</Link>
              </th>
              <td data-label={t('residence.columns.clientNumber')}>{dwelling.clientNumber}</td>
              <td data-label={t('residence.columns.location')}>
                {t('residence.location', { building: dwelling.building, staircase: dwelling.staircase, floor: dwelling.floor })}
              </td>
              <td data-label={t('residence.columns.reference')}>
                <code>{dwelling.reference}</code>
              </td>
              <td data-label={t('residence.columns.account')}>{dwelling.hasResidentAccount ? t('yes') : t('no')}</td>
              <td className="numeric" data-label={t('residence.columns.devices')}>
                {dwelling.deviceCount.toLocaleString(language)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

export function DeviceKindLabel({ kind }: { kind: string }) {
  const { t } = useOperatorText();
  const match = DEVICE_KINDS.find((candidate) => candidate === kind);
  return <>{match ? t(`deviceKinds.${match}`) : kind}</>;
}
