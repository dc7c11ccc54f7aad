import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { formatFrenchDate } from '#shared/contracts/signup.ts';
import { QueryState } from '../../components/query-state.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { AccountField, AccountRefusal, CurrentPasswordField, CodeField, useAccountSubmission } from '../accounts/account-form.tsx';
import { PasswordChangeForm } from '../accounts/password-change-form.tsx';
import { useRefreshCurrentUser } from '../accounts/use-current-user.ts';
import { residentApi, residentSettingsKeys, type EmailChangeRequested, type ResidentProfile } from './residents-api.ts';
import { useResidentText, type ResidentTextKey } from './residents-i18n.ts';

/** « Mon profil »: civilité, names, mobile, « Propriétaire », the conseil syndical and the move-in date (changed through assistance); the email address (verified by a code sent to the new one); the password. */
export function ProfilePage() {
  const { t } = useResidentText();
  useDocumentTitle(t('profile.title'));
  const profile = useQuery({ queryKey: residentSettingsKeys.profile, queryFn: residentApi.profile, staleTime: 0 });
  return (
    <>
      <h1>{t('profile.title')}</h1>
      <QueryState query={profile}>
        {(data) => (
          <>
            <DetailsForm profile={data} />
            <EmailChange email={data.email} />
          </>
        )}
      </QueryState>
      <div className="resident-settings-section">
        <PasswordChangeForm />
      </div>
    </>
  );
}

type DetailsField = 'lastName' | 'firstName';

function DetailsForm({ profile }: { profile: ResidentProfile }) {
  const { t } = useResidentText();
  const queryClient = useQueryClient();
  const refreshCurrentUser = useRefreshCurrentUser();
  const submission = useAccountSubmission();
  const [civility, setCivility] = useState(profile.civility);
  const [lastName, setLastName] = useState(profile.lastName);
  const [firstName, setFirstName] = useState(profile.firstName);
  const [mobile, setMobile] = useState(profile.mobile ?? '');
  const [isOwner, setOwner] = useState(profile.isOwner);
  const [councilMember, setCouncilMember] = useState(profile.councilMember);
  const [errors, setErrors] = useState<Partial<Record<DetailsField, ResidentTextKey>>>({});
  const [isSaved, setSaved] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const found: Partial<Record<DetailsField, ResidentTextKey>> = {
      ...(lastName.trim() ? {} : { lastName: 'profile.required' as const }),
      ...(firstName.trim() ? {} : { firstName: 'profile.required' as const }),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const stored = await submission.run(() => residentApi.saveProfile({ civility, lastName, firstName, mobile: mobile.trim() === '' ? null : mobile, isOwner, councilMember }));
    if (!stored) return;
    queryClient.setQueryData(residentSettingsKeys.profile, stored);
    setMobile(stored.mobile ?? '');
    setSaved(true);
    // The account bar shows the person's name.
    await refreshCurrentUser();
  }

  return (
    <section aria-labelledby="details-title" className="resident-settings-section">
      <h2 id="details-title">{t('profile.detailsTitle')}</h2>
      <form className="account-form" onSubmit={submit} noValidate>
        <AccountRefusal error={submission.error} />
        {isSaved && (
          <p className="account-notice" role="status">
            {t('profile.saved')}
          </p>
        )}
        <fieldset className="resident-option">
          <legend>{t('profile.civility')}</legend>
          <div className="resident-choice-row">
            {(['madame', 'monsieur'] as const).map((value) => (
              <label className="resident-choice" key={value}>
                <input type="radio" name="civility" value={value} checked={civility === value} onChange={() => setCivility(value)} />
                {t(`profile.${value}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <AccountField
          id="profile-last-name"
          label={t('profile.lastName')}
          autoComplete="family-name"
          value={lastName}
          onChange={(event) => setLastName(event.target.value)}
          error={errors.lastName && t(errors.lastName)}
        />
        <AccountField
          id="profile-first-name"
          label={t('profile.firstName')}
          autoComplete="given-name"
          value={firstName}
          onChange={(event) => setFirstName(event.target.value)}
          error={errors.firstName && t(errors.firstName)}
        />
        <AccountField
          id="profile-mobile"
          label={t('profile.mobile')}
          type="tel"
          autoComplete="tel"
          value={mobile}
          onChange={(event) => setMobile(event.target.value)}
          hint={<p className="resident-hint">{t('profile.mobileHint')}</p>}
        />
        <fieldset className="resident-option">
          <legend>{t('profile.iAm')}</legend>
          <label className="resident-choice">
            <input type="checkbox" checked={isOwner} onChange={(event) => setOwner(event.target.checked)} />
            {t('profile.owner')}
          </label>
        </fieldset>
        <fieldset className="resident-option">
          <legend>{t('profile.council')}</legend>
          <div className="resident-choice-row">
            {(['yes', 'no', 'no_answer'] as const).map((value) => (
              <label className="resident-choice" key={value}>
                <input type="radio" name="councilMember" value={value} checked={councilMember === value} onChange={() => setCouncilMember(value)} />
                {t(`profile.councilAnswers.${value}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="resident-option">
          <p>
            <strong>{t('profile.movedInOn')}</strong> {formatFrenchDate(profile.movedInOn)}
          </p>
          <p className="resident-hint">
            {t('profile.movedInOnHint')} <Link to="/inscription/assistance">{t('profile.contactSupport')}</Link>
          </p>
        </div>
        <button type="submit" className="button button-primary" disabled={submission.isSubmitting}>
          {t('profile.save')}
        </button>
      </form>
    </section>
  );
}

function EmailChange({ email }: { email: string }) {
  const { t } = useResidentText();
  const queryClient = useQueryClient();
  const refreshCurrentUser = useRefreshCurrentUser();
  const submission = useAccountSubmission();
  const [newEmail, setNewEmail] = useState('');
  const [currentPassword, setCurrentPassword] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState<EmailChangeRequested | null>(null);
  const [changedTo, setChangedTo] = useState<string | null>(null);
  const [errors, setErrors] = useState<Partial<Record<'newEmail' | 'currentPassword' | 'code', ResidentTextKey>>>({});

  async function requestCode(event: FormEvent) {
    event.preventDefault();
    setChangedTo(null);
    const found = {
      ...(newEmail.trim() ? {} : { newEmail: 'profile.emailRequired' as const }),
      ...(currentPassword ? {} : { currentPassword: 'profile.passwordRequired' as const }),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const answer = await submission.run(() => residentApi.requestEmailChange({ newEmail: newEmail.trim(), currentPassword }));
    if (!answer) return;
    setCurrentPassword('');
    setSent(answer);
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    const isCode = /^\d{6}$/.test(code.replace(/\s/g, ''));
    setErrors(isCode ? {} : { code: 'profile.codeFormat' });
    if (!isCode) return;
    const answer = await submission.run(() => residentApi.confirmEmailChange(code.replace(/\s/g, '')));
    if (!answer) return;
    setSent(null);
    setCode('');
    setNewEmail('');
    setChangedTo(answer.email);
    await queryClient.invalidateQueries({ queryKey: residentSettingsKeys.profile });
    await refreshCurrentUser();
  }

  return (
    <section aria-labelledby="email-title" className="resident-settings-section">
      <h2 id="email-title">{t('profile.emailTitle')}</h2>
      <p>{t('profile.currentEmail', { email })}</p>
      <AccountRefusal error={submission.error} />
      {changedTo && (
        <p className="account-notice" role="status">
          {t('profile.emailChanged', { email: changedTo })}
        </p>
      )}
      {sent ? (
        <form className="account-form" onSubmit={confirm} noValidate>
          <p className="account-notice" role="status">
            {t('profile.codeSent', { email: sent.sentTo, minutes: sent.validMinutes })}
          </p>
          <CodeField id="email-change-code" label={t('profile.code')} value={code} onChange={setCode} error={errors.code && t(errors.code)} />
          <button type="submit" className="button button-primary" disabled={submission.isSubmitting}>
            {t('profile.confirm')}
          </button>
          <button type="button" className="button button-secondary" onClick={() => setSent(null)}>
            {t('profile.cancel')}
          </button>
        </form>
      ) : (
        <form className="account-form" onSubmit={requestCode} noValidate>
          <AccountField
            id="email-change-new"
            label={t('profile.newEmail')}
            type="email"
            autoComplete="email"
            value={newEmail}
            onChange={(event) => setNewEmail(event.target.value)}
            error={errors.newEmail && t(errors.newEmail)}
          />
          <CurrentPasswordField
            id="email-change-password"
            label={t('profile.currentPassword')}
            value={currentPassword}
            onChange={setCurrentPassword}
            error={errors.currentPassword && t(errors.currentPassword)}
          />
          <button type="submit" className="button button-primary" disabled={submission.isSubmitting}>
            {t('profile.sendCode')}
          </button>
        </form>
      )}
    </section>
  );
}
