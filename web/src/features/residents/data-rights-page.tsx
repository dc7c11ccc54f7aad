import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { formatDay, formatInstantDate } from '../../components/format.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { accountSpaces } from '../accounts/account-spaces.ts';
import type { LoginNotice } from '../accounts/login-page.tsx';
import { AccountField, AccountRefusal, CurrentPasswordField, useAccountSubmission } from '../accounts/account-form.tsx';
import { ApiTokensSection } from './api-tokens-section.tsx';
import { residentApi, residentDownloads, residentSettingsKeys, type MoveOutDeclared } from './residents-api.ts';
import { useResidentText, type ResidentTextKey } from './residents-i18n.ts';

/** « Mes données »: consumption as CSV, personal data as JSON, the move-out, the deletion of the account. */
export function DataRightsPage() {
  const { t, language } = useResidentText();
  useDocumentTitle(t('data.title'));
  const [ended, setEnded] = useState<ResidentTextKey | null>(null);
  const [endedDay, setEndedDay] = useState('');
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  // Once the access has ended, the session is gone: the page says so, with the way out, and
  // forgets the signed-in user only when the visitor leaves (so the space's guard does not redirect first).
  if (ended) {
    return (
      <>
        <h1>{t('data.title')}</h1>
        <p className="account-notice" role="status">
          {t(ended, { day: endedDay ? formatDay(endedDay, language) : '' })}
        </p>
        <p>
          <Link to="/" reloadDocument onClick={() => queryClient.clear()}>
            {t('data.backHome')}
          </Link>
        </p>
      </>
    );
  }

  return (
    <>
      <h1>{t('data.title')}</h1>
      <section aria-labelledby="export-title" className="resident-settings-section">
        <h2 id="export-title">{t('data.exportTitle')}</h2>
        <p>{t('data.exportIntro')}</p>
        <ul className="resident-downloads">
          <li>
            <a href={residentDownloads.consumptionCsv('daily')} download>
              {t('data.exportDaily')}
            </a>
          </li>
          <li>
            <a href={residentDownloads.consumptionCsv('monthly')} download>
              {t('data.exportMonthly')}
            </a>
          </li>
        </ul>
      </section>
      <section aria-labelledby="personal-title" className="resident-settings-section">
        <h2 id="personal-title">{t('data.personalTitle')}</h2>
        <p>{t('data.personalIntro')}</p>
        <p>
          <a href={residentDownloads.personalData()} download>
            {t('data.personalDownload')}
          </a>
        </p>
      </section>
      <ApiTokensSection />
      <MoveOut
        onAccessEnded={(day) => {
          setEndedDay(day);
          setEnded('data.moveOutDone');
        }}
      />
      {/* Deleted: the login page says so, without the space's menu and « Connecté(e) ». */}
      <DeleteAccount onDeleted={() => navigate(accountSpaces.resident.login, { replace: true, state: { notice: 'accountDeleted' satisfies LoginNotice } })} />
    </>
  );
}

function MoveOut({ onAccessEnded }: { onAccessEnded: (day: string) => void }) {
  const { t, language } = useResidentText();
  const queryClient = useQueryClient();
  const profile = useQuery({ queryKey: residentSettingsKeys.profile, queryFn: residentApi.profile, staleTime: 0 });
  const submission = useAccountSubmission();
  const [movedOutOn, setMovedOutOn] = useState('');
  const [currentPassword, setCurrentPassword] = useState('');
  const [declared, setDeclared] = useState<MoveOutDeclared | null>(null);
  const [errors, setErrors] = useState<Partial<Record<'movedOutOn' | 'currentPassword', ResidentTextKey>>>({});

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = {
      ...(/^\d{4}-\d\d-\d\d$/.test(movedOutOn) ? {} : { movedOutOn: 'data.dateRequired' as const }),
      ...(currentPassword ? {} : { currentPassword: 'data.passwordRequired' as const }),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const answer = await submission.run(() => residentApi.declareMoveOut({ movedOutOn, currentPassword }));
    setCurrentPassword('');
    if (!answer) return;
    if (answer.hasAccessEnded) {
      onAccessEnded(answer.movedOutOn);
      return;
    }
    setDeclared(answer);
    await queryClient.invalidateQueries({ queryKey: residentSettingsKeys.profile });
  }

  const current = profile.data?.movedOutOn;
  return (
    <section aria-labelledby="move-out-title" className="resident-settings-section">
      <h2 id="move-out-title">{t('data.moveOutTitle')}</h2>
      <p>{t('data.moveOutIntro')}</p>
      {current && !declared && <p>{t('data.currentMoveOut', { day: formatDay(current, language) })}</p>}
      <form className="account-form" onSubmit={submit} noValidate>
        <AccountRefusal error={submission.error} />
        {declared && (
          <p className="account-notice" role="status">
            {t('data.moveOutDeclared', { day: formatDay(declared.movedOutOn, language), endsOn: formatInstantDate(declared.accessEndsAt, language) })}
          </p>
        )}
        <AccountField
          id="move-out-date"
          label={t('data.movedOutOn')}
          type="date"
          value={movedOutOn}
          onChange={(event) => setMovedOutOn(event.target.value)}
          error={errors.movedOutOn && t(errors.movedOutOn)}
        />
        <CurrentPasswordField
          id="move-out-password"
          label={t('data.currentPassword')}
          value={currentPassword}
          onChange={setCurrentPassword}
          error={errors.currentPassword && t(errors.currentPassword)}
        />
        <button type="submit" className="button button-primary" disabled={submission.isSubmitting}>
          {t('data.moveOutSubmit')}
        </button>
      </form>
    </section>
  );
}

function DeleteAccount({ onDeleted }: { onDeleted: () => void }) {
  const { t } = useResidentText();
  const submission = useAccountSubmission();
  const [isConfirmed, setConfirmed] = useState(false);
  const [currentPassword, setCurrentPassword] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'confirm' | 'currentPassword', ResidentTextKey>>>({});

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = {
      ...(isConfirmed ? {} : { confirm: 'data.deleteConfirmRequired' as const }),
      ...(currentPassword ? {} : { currentPassword: 'data.passwordRequired' as const }),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const done = await submission.run(async () => {
      await residentApi.deleteAccount(currentPassword);
      return true;
    });
    setCurrentPassword('');
    if (done) onDeleted();
  }

  return (
    <section aria-labelledby="delete-title" className="resident-settings-section resident-danger">
      <h2 id="delete-title">{t('data.deleteTitle')}</h2>
      <p>{t('data.deleteIntro')}</p>
      <form className="account-form" onSubmit={submit} noValidate>
        <AccountRefusal error={submission.error} />
        <div className="account-field">
          <label className="resident-choice">
            <input
              type="checkbox"
              checked={isConfirmed}
              onChange={(event) => setConfirmed(event.target.checked)}
              aria-invalid={Boolean(errors.confirm)}
              aria-describedby={errors.confirm ? 'delete-confirm-error' : undefined}
            />
            {t('data.deleteConfirm')}
          </label>
          {errors.confirm && (
            <p id="delete-confirm-error" className="account-field-error">
              {t(errors.confirm)}
            </p>
          )}
        </div>
        <CurrentPasswordField
          id="delete-password"
          label={t('data.currentPassword')}
          value={currentPassword}
          onChange={setCurrentPassword}
          error={errors.currentPassword && t(errors.currentPassword)}
        />
        <button type="submit" className="button button-primary" disabled={submission.isSubmitting}>
          {t('data.deleteSubmit')}
        </button>
      </form>
    </section>
  );
}
