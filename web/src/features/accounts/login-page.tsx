import { useEffect, useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import type { LoginSpace } from '#shared/contracts/accounts.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { AccountField, AccountRefusal, EmailField, useAccountSubmission } from './account-form.tsx';
import { accountSpaces, forgotPasswordPath, secondFactorPath } from './account-spaces.ts';
import { accountsApi } from './accounts-api.ts';
import { useAccountsText, type AccountsTextKey } from './accounts-i18n.ts';
import { useCurrentUser, useRefreshCurrentUser } from './use-current-user.ts';

/** Why the login page is shown again: after a logout, a password reset, or an ended session. */
export type LoginNotice = 'loggedOut' | 'accountDeleted' | 'passwordReset' | 'sessionEnded';

export function LoginPage({ space }: { space: LoginSpace }) {
  const t = useAccountsText();
  useDocumentTitle(t(`login.documentTitle.${space}`));
  const navigate = useNavigate();
  const location = useLocation();
  const notice = (location.state as { notice?: LoginNotice } | null)?.notice;
  const currentUser = useCurrentUser();
  const refreshCurrentUser = useRefreshCurrentUser();
  const submission = useAccountSubmission();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [isPasswordShown, setPasswordShown] = useState(false);
  const [errors, setErrors] = useState<{ email?: AccountsTextKey; password?: AccountsTextKey }>({});

  const isJustLoggedOut = notice === 'loggedOut' || notice === 'accountDeleted';
  useEffect(() => {
    if (isJustLoggedOut) void refreshCurrentUser({ user: null, pendingSecondFactor: null });
    // Once, on arrival after a logout or the account's deletion.
  }, [isJustLoggedOut]);

  if (!isJustLoggedOut && currentUser.data?.user?.role === space) return <Navigate to={accountSpaces[space].home} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = {
      ...(email.trim() ? {} : { email: 'login.emailRequired' as const }),
      ...(password ? {} : { password: 'login.passwordRequired' as const }),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const result = await submission.run(() => accountsApi.logIn({ space, email: email.trim(), password }));
    if (!result) return;
    if (result.next === 'done') {
      await refreshCurrentUser({ user: result.user, pendingSecondFactor: null });
      navigate(accountSpaces[space].home, { replace: true });
    } else {
      await refreshCurrentUser({ user: null, pendingSecondFactor: result.next });
      navigate(secondFactorPath);
    }
  }

  return (
    <div className="account-page">
      <h1>{t(`login.title.${space}`)}</h1>
      <p>{t(`login.intro.${space}`)}</p>
      {notice && (
        <p className="account-notice" role="status">
          {t(`login.${notice}`)}
        </p>
      )}
      <div className="account-card">
        <AccountRefusal error={submission.error} />
        <form className="account-form" onSubmit={submit} noValidate>
          <EmailField id="login-email" label={t('login.email')} value={email} onChange={setEmail} error={errors.email && t(errors.email)} />
          <AccountField
            id="login-password"
            label={t('login.password')}
            type={isPasswordShown ? 'text' : 'password'}
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            error={errors.password && t(errors.password)}
          />
          <label className="account-show-password">
            <input type="checkbox" checked={isPasswordShown} onChange={(event) => setPasswordShown(event.target.checked)} />
            {t('login.showPassword')}
          </label>
          <button type="submit" className="button button-primary" disabled={submission.isSubmitting}>
            {submission.isSubmitting ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        <div className="account-links">
          <Link to={forgotPasswordPath(space)}>{t('login.forgotPassword')}</Link>
          {space === 'resident' && (
            <p>
              {t('login.noAccount')} <Link to="/inscription">{t('login.signUp')}</Link>
            </p>
          )}
        </div>
      </div>
    </div>
  );
}
