import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { LoginSpace } from '#shared/contracts/accounts.ts';
import { meetsPasswordRules } from '#shared/password-rules.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { AccountRefusal, CodeField, EmailField, useAccountSubmission } from './account-form.tsx';
import { accountSpaces } from './account-spaces.ts';
import { accountsApi } from './accounts-api.ts';
import { useAccountsText, type AccountsTextKey } from './accounts-i18n.ts';
import type { LoginNotice } from './login-page.tsx';
import { NewPasswordFields } from './new-password-fields.tsx';

/** Seconds left before « Renvoyer le code » works again. */
function useCountdown(): [number, (seconds: number) => void] {
  const [secondsLeft, setSecondsLeft] = useState(0);
  useEffect(() => {
    if (secondsLeft <= 0) return;
    const timer = setTimeout(() => setSecondsLeft((left) => left - 1), 1000);
    return () => clearTimeout(timer);
  }, [secondsLeft]);
  return [secondsLeft, setSecondsLeft];
}

/** Where a code was sent: by this page (valid `minutes`), or by an invitation email to set a first password. */
type SentCode = { email: string; minutes: number } | { email: string; isInvitation: true };

/**
 * Forgotten password: the address, then the emailed code with the new password. An invitation
 * link (`?invitation=1&email=…`) opens straight on the code step, with the invitation's code.
 */
export function ForgotPasswordPage({ space }: { space: LoginSpace }) {
  const t = useAccountsText();
  useDocumentTitle(t('forgot.documentTitle'));
  const navigate = useNavigate();
  const submission = useAccountSubmission();
  const [searchParams] = useSearchParams();
  const invitedEmail = searchParams.get('invitation') === '1' ? searchParams.get('email')?.trim() : undefined;
  const [email, setEmail] = useState(searchParams.get('email') ?? '');
  const [sentTo, setSentTo] = useState<SentCode | null>(invitedEmail ? { email: invitedEmail, isInvitation: true } : null);
  const [code, setCode] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'email' | 'code' | 'newPassword' | 'confirmation', AccountsTextKey>>>({});
  const [resendIn, startResendCountdown] = useCountdown();

  async function sendCode(address: string) {
    const sent = await submission.run(() => accountsApi.requestPasswordReset({ space, email: address }));
    if (!sent) return;
    setSentTo({ email: address, minutes: sent.validMinutes });
    startResendCountdown(sent.resendAfterSeconds);
  }

  async function submitEmail(event: FormEvent) {
    event.preventDefault();
    const address = email.trim();
    setErrors(address ? {} : { email: 'login.emailRequired' });
    if (address) await sendCode(address);
  }

  async function submitNewPassword(event: FormEvent) {
    event.preventDefault();
    if (!sentTo) return;
    const found = {
      ...(/^\d{6}$/.test(code.trim()) ? {} : { code: 'forgot.codeInvalidFormat' as const }),
      ...(meetsPasswordRules(newPassword) ? {} : { newPassword: 'forgot.rulesUnmet' as const }),
      ...(confirmation === newPassword ? {} : { confirmation: 'forgot.passwordsDiffer' as const }),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const done = await submission.run(async () => {
      await accountsApi.confirmPasswordReset({ space, email: sentTo.email, code: code.trim(), newPassword });
      return true;
    });
    if (done) navigate(accountSpaces[space].login, { replace: true, state: { notice: 'passwordReset' satisfies LoginNotice } });
  }

  return (
    <div className="account-page">
      <h1>{t(invitedEmail ? 'forgot.invitedTitle' : 'forgot.title')}</h1>
      <div className="account-card">
        <AccountRefusal error={submission.error} />
        {!sentTo ? (
          <form className="account-form" onSubmit={submitEmail} noValidate>
            <p>{t('forgot.intro')}</p>
            <EmailField id="reset-email" label={t('login.email')} value={email} onChange={setEmail} error={errors.email && t(errors.email)} />
            <button type="submit" className="button button-primary" disabled={submission.isSubmitting}>
              {t('forgot.sendCode')}
            </button>
          </form>
        ) : (
          <form className="account-form" onSubmit={submitNewPassword} noValidate>
            <p className="account-notice" role="status">
              {'isInvitation' in sentTo ? t('forgot.invited', { email: sentTo.email }) : t('forgot.sent', { email: sentTo.email, minutes: sentTo.minutes })}
            </p>
            <CodeField id="reset-code" label={t('forgot.code')} value={code} onChange={setCode} error={errors.code && t(errors.code)} />
            <NewPasswordFields
              idPrefix="reset"
              password={newPassword}
              confirmation={confirmation}
              onPasswordChange={setNewPassword}
              onConfirmationChange={setConfirmation}
              passwordError={errors.newPassword && t(errors.newPassword)}
              confirmationError={errors.confirmation && t(errors.confirmation)}
            />
            <button type="submit" className="button button-primary" disabled={submission.isSubmitting}>
              {t('forgot.submit')}
            </button>
            <button type="button" className="button button-secondary" disabled={resendIn > 0 || submission.isSubmitting} onClick={() => void sendCode(sentTo.email)}>
              {t('forgot.resend')}
            </button>
            {resendIn > 0 && <p className="hint">{t('forgot.resendIn', { seconds: resendIn })}</p>}
            <button type="button" className="link-button" onClick={() => setSentTo(null)}>
              {t('forgot.otherAddress')}
            </button>
          </form>
        )}
        <div className="account-links">
          <Link to={accountSpaces[space].login}>{t('forgot.backToLogin')}</Link>
        </div>
      </div>
    </div>
  );
}
