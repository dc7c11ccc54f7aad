import { useState, type FormEvent } from 'react';
import { meetsPasswordRules } from '#shared/password-rules.ts';
import { AccountRefusal, CurrentPasswordField, useAccountSubmission } from './account-form.tsx';
import { accountsApi } from './accounts-api.ts';
import { useAccountsText, type AccountsTextKey } from './accounts-i18n.ts';
import { NewPasswordFields } from './new-password-fields.tsx';
import './accounts.css';

type Field = 'currentPassword' | 'newPassword' | 'confirmation';

/**
 * « Changer mon mot de passe » for any signed-in account: the current password, the new one
 * with the rules ticked live, its confirmation. The server ends every other session and keeps
 * this one (a new session cookie).
 */
export function PasswordChangeForm({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const t = useAccountsText();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const submission = useAccountSubmission();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, AccountsTextKey>>>({});
  const [isDone, setDone] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const found: Partial<Record<Field, AccountsTextKey>> = {
      ...(currentPassword ? {} : { currentPassword: 'passwordChange.currentRequired' as const }),
      ...(meetsPasswordRules(newPassword) ? {} : { newPassword: 'forgot.rulesUnmet' as const }),
      ...(confirmation === newPassword ? {} : { confirmation: 'forgot.passwordsDiffer' as const }),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const done = await submission.run(async () => {
      await accountsApi.changePassword({ currentPassword, newPassword });
      return true;
    });
    if (done) {
      setCurrentPassword('');
      setNewPassword('');
      setConfirmation('');
      setDone(true);
    }
  }

  return (
    <section aria-labelledby="password-change-title">
      <Heading id="password-change-title">{t('passwordChange.title')}</Heading>
      <form className="account-form" onSubmit={submit} noValidate>
        <AccountRefusal error={submission.error} />
        {isDone && (
          <p className="account-notice" role="status">
            {t('passwordChange.done')}
          </p>
        )}
        <CurrentPasswordField
          id="password-change-current"
          label={t('passwordChange.currentPassword')}
          value={currentPassword}
          onChange={setCurrentPassword}
          error={errors.currentPassword && t(errors.currentPassword)}
        />
        <NewPasswordFields
          idPrefix="password-change"
          password={newPassword}
          confirmation={confirmation}
          onPasswordChange={setNewPassword}
          onConfirmationChange={setConfirmation}
          passwordError={errors.newPassword && t(errors.newPassword)}
          confirmationError={errors.confirmation && t(errors.confirmation)}
        />
        <button type="submit" className="button button-primary" disabled={submission.isSubmitting}>
          {t('passwordChange.submit')}
        </button>
      </form>
    </section>
  );
}
