import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client.ts';
import { formatDay } from '../../components/format.ts';
import { useCurrentUser } from '../accounts/use-current-user.ts';
import { ActionOutcome, useStaffAction } from '../operator/staff-action.tsx';
import { climateCommands, climateQueries } from './climate-api.ts';
import { useClimateText } from './climate-i18n.ts';

function useMayWrite(): boolean {
  const { data: me } = useCurrentUser();
  return me?.user?.staffRole === 'data' || me?.user?.staffRole === 'admin';
}

/** The degree-day CSV upload: whole file or nothing, each refused line listed with its number. */
export function DegreeDaysUploadPanel() {
  const { t } = useClimateText();
  const fileId = useId();
  const titleId = useId();
  const [text, setText] = useState<string | null>(null);
  const upload = useStaffAction((csv: string) => climateCommands.importDegreeDays(csv));
  const mayWrite = useMayWrite();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text !== null) upload.mutate(text);
  };
  const refusedLines =
    upload.error instanceof ApiError ? ((upload.error.details as { errors?: Array<{ line: number; problem: string; column?: string; value?: string }> } | undefined)?.errors ?? []) : [];
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('backOffice.importTitle')}</h2>
      <p>{t('backOffice.importText')}</p>
      {mayWrite ? (
        <form className="operator-form" onSubmit={submit}>
          <label htmlFor={fileId}>{t('backOffice.file')}</label>
          <input
            id={fileId}
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={async (event) => {
              upload.reset();
              const chosen = event.target.files?.[0];
              setText(chosen ? await chosen.text() : null);
            }}
          />
          <div>
            <button type="submit" className="button button-primary" disabled={text === null || upload.isPending}>
              {upload.isPending ? t('backOffice.importing') : t('backOffice.import')}
            </button>
          </div>
        </form>
      ) : (
        <p className="data-muted">{t('backOffice.dataStaffOnly')}</p>
      )}
      <ActionOutcome
        action={upload}
        doneText={upload.data ? t('backOffice.imported', { rows: upload.data.rowsRead, stations: upload.data.stations, inserted: upload.data.inserted, replaced: upload.data.replaced }) : ''}
      />
      {refusedLines.length > 0 && (
        <ul className="data-error">
          {refusedLines.map((error, index) => (
            <li key={index}>
              {t('backOffice.refusedLine', { line: error.line, problem: `${error.problem}${error.column ? ` (${error.column})` : ''}${error.value !== undefined ? ` : ${error.value}` : ''}` })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Ties the residence to one of the stations with imported degree days. */
export function ResidenceStationPanel({ residenceId }: { residenceId: string }) {
  const { t, language } = useClimateText();
  const selectId = useId();
  const titleId = useId();
  const current = useQuery(climateQueries.residenceStation(residenceId));
  const stations = useQuery(climateQueries.stations());
  const [choice, setChoice] = useState<string | undefined>(undefined);
  const save = useStaffAction((station: string | null) => climateCommands.setResidenceStation(residenceId, station));
  const mayWrite = useMayWrite();
  const station = current.data?.station ?? null;
  const selected = choice ?? station ?? '';
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('backOffice.stationTitle')}</h2>
      <p>{t('backOffice.stationText')}</p>
      <p>{station === null ? t('backOffice.stationNone') : t('backOffice.stationCurrent', { station })}</p>
      {mayWrite ? (
        <form
          className="operator-form"
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate(selected === '' ? null : selected);
          }}
        >
          <label htmlFor={selectId}>{t('backOffice.stationLabel')}</label>
          <select id={selectId} value={selected} onChange={(event) => setChoice(event.target.value)}>
            <option value="">{t('backOffice.stationChoose')}</option>
            {(stations.data?.stations ?? []).map((candidate) => (
              <option key={candidate.code} value={candidate.code}>
                {t('backOffice.stationDays', {
                  code: candidate.code,
                  days: candidate.days,
                  from: candidate.firstDay ? formatDay(candidate.firstDay, language) : '',
                  to: candidate.lastDay ? formatDay(candidate.lastDay, language) : '',
                })}
              </option>
            ))}
          </select>
          <div>
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {t('backOffice.stationSave')}
            </button>
          </div>
        </form>
      ) : (
        <p className="data-muted">{t('backOffice.dataStaffOnly')}</p>
      )}
      <ActionOutcome action={save} doneText={t('backOffice.stationSaved')} />
    </section>
  );
}
