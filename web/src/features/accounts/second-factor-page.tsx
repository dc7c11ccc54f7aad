import { useEffect, useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import type { EnrolmentResponse, SignedInUser } from '#shared/contracts/accounts.ts';
import { PageLoading } from '../../components/page-loading.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { AccountField, AccountRefusal, CodeField, useAccountSubmission } from './account-form.tsx';
import { useTotpCodeField } from './totp-code-field.ts';
import { accountSpaces } from './account-spaces.ts';
import { accountsApi } from './accounts-api.ts';
import { useAccountsText, type AccountsTextKey } from './accounts-i18n.ts';
import { useCurrentUser, useRefreshCurrentUser } from './use-current-user.ts';

const staffHome = accountSpaces.staff.home;

function Enrolment({ onDone }: { onDone: (user: SignedInUser) => Promise<void> }) {
  const t = useAccountsText();
  const submission = useAccountSubmission();
  const { code, setCode, error, checkedCode } = useTotpCodeField();
  const [enrolment, setEnrolment] = useState<EnrolmentResponse | null>(null);
  const [confirmed, setConfirmed] = useState<{ recoveryCodes: string[]; user: SignedInUser } | null>(null);
  const { run } = submission;

  useEffect(() => {
    void run(accountsApi.startEnrolment).then((started) => started && setEnrolment(started));
    // Once per visit; the server keeps the same secret until it is confirmed.
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkedCode();
    if (!checked) return;
    const result = await submission.run(() => accountsApi.confirmEnrolment(checked));
    if (result) setConfirmed(result);
  }

  if (confirmed) {
    return (
      <>
        <h1>{t('secondFactor.recoveryTitle')}</h1>
        <div className="account-card">
          <p>{t('secondFactor.recoveryIntro')}</p>
          <ol className="recovery-codes" aria-label={t('secondFactor.recoveryTitle')}>
            {confirmed.recoveryCodes.map((recoveryCode) => (
              <li key={recoveryCode}>{recoveryCode}</li>
            ))}
          </ol>
          <button type="button" className="button button-primary" onClick={() => void onDone(confirmed.user)}>
            {t('secondFactor.continue')}
          </button>
        </div>
      </>
    );
  }
  return (
    <>
      <h1>{t('secondFactor.enrolTitle')}</h1>
      <div className="account-card">
        <AccountRefusal error={submission.error} />
        <p>{t('secondFactor.enrolIntro')}</p>
        {enrolment ? (
          <>
            <img className="totp-qr" src={enrolment.qrCodeDataUrl} alt={t('secondFactor.qrAlt')} />
            <p>
              {t('secondFactor.secretLabel')} : <code className="totp-secret" data-testid="totp-secret">{enrolment.secret}</code>
            </p>
            <form className="account-form" onSubmit={submit} noValidate>
              <CodeField id="enrol-code" label={t('secondFactor.enrolCode')} value={code} onChange={setCode} error={error && t(error)} />
              <button type="submit" className="button button-primary" disabled={submission.isSubmitting}>
                {t('secondFactor.enrolSubmit')}
              </button>
            </form>
          </>
        ) : (
          !submission.error && <PageLoading />
        )}
      </div>
    </>
  );
}

function Verification({ onDone }: { onDone: (user: SignedInUser) => Promise<void> }) {
  const t = useAccountsText();
  const submission = useAccountSubmission();
  const { code, setCode, error, checkedCode } = useTotpCodeField();
  const [isRecovery, setRecovery] = useState(false);
  const [recoveryCode, setRecoveryCode] = useState('');
  const [recoveryError, setRecoveryError] = useState<AccountsTextKey | undefined>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    let proof: { code: string } | { recoveryCode: string } | undefined;
    if (isRecovery) {
      setRecoveryError(recoveryCode.trim() ? undefined : 'secondFactor.recoveryCodeRequired');
      proof = recoveryCode.trim() ? { recoveryCode: recoveryCode.trim() } : undefined;
    } else {
      const checked = checkedCode();
      proof = checked ? { code: checked } : undefined;
    }
    if (!proof) return;
    const chosen = proof;
    const result = await submission.run(() => accountsApi.verifySecondFactor(chosen));
    if (result) await onDone(result.user);
  }

  return (
    <>
      <h1>{t('secondFactor.verifyTitle')}</h1>
      <div className="account-card">
        <AccountRefusal error={submission.error} />
        <form className="account-form" onSubmit={submit} noValidate>
          {isRecovery ? (
            <AccountField
              id="recovery-code"
              label={t('secondFactor.recoveryCode')}
              autoComplete="off"
              value={recoveryCode}
              onChange={(event) => setRecoveryCode(event.target.value)}
              error={recoveryError && t(recoveryError)}
            />
          ) : (
            <>
              <p>{t('secondFactor.verifyIntro')}</p>
              <CodeField id="verify-code" label={t('secondFactor.code')} value={code} onChange={setCode} error={error && t(error)} />
            </>
          )}
          <button type="submit" className="button button-primary" disabled={submission.isSubmitting}>
            {t('secondFactor.verifySubmit')}
          </button>
          <button type="button" className="link-button" onClick={() => setRecovery(!isRecovery)}>
            {t(isRecovery ? 'secondFactor.useAuthenticator' : 'secondFactor.useRecoveryCode')}
          </button>
        </form>
      </div>
    </>
  );
}

/** Staff, after the password: enrol the authenticator at first login, then a code at every login. */
export function SecondFactorPage() {
  const t = useAccountsText();
  useDocumentTitle(t('secondFactor.documentTitle'));
  const navigate = useNavigate();
  const currentUser = useCurrentUser();
  const refreshCurrentUser = useRefreshCurrentUser();

  async function finish(user: SignedInUser) {
    await refreshCurrentUser({ user, pendingSecondFactor: null });
    navigate(staffHome, { replace: true });
  }

  if (currentUser.isPending) return <PageLoading />;
  const me = currentUser.data;
  if (me?.user?.role === 'staff') return <Navigate to={staffHome} replace />;
  return (
    <div className="account-page">
      {me?.pendingSecondFactor === 'second_factor_enrolment' && <Enrolment onDone={finish} />}
      {me?.pendingSecondFactor === 'second_factor' && <Verification onDone={finish} />}
      {!me?.pendingSecondFactor && <Navigate to={accountSpaces.staff.login} replace />}
      <div className="account-links">
        <Link to={accountSpaces.staff.login}>{t('secondFactor.restart')}</Link>
      </div>
    </div>
  );
}
