import { AccountField } from './account-form.tsx';
import { useAccountsText } from './accounts-i18n.ts';
import { PasswordRulesChecklist } from './password-rules-checklist.tsx';

interface NewPasswordFieldsProps {
  /** Prefix of the fields' ids: `<prefix>-new-password`, `<prefix>-confirmation`, `<prefix>-rules`. */
  idPrefix: string;
  password: string;
  confirmation: string;
  onPasswordChange: (value: string) => void;
  onConfirmationChange: (value: string) => void;
  passwordError?: string | undefined;
  confirmationError?: string | undefined;
}

/** A new password with the rules ticked live as it is typed, then its confirmation (password reset and change). */
export function NewPasswordFields({ idPrefix, password, confirmation, onPasswordChange, onConfirmationChange, passwordError, confirmationError }: NewPasswordFieldsProps) {
  const t = useAccountsText();
  return (
    <>
      <AccountField
        id={`${idPrefix}-new-password`}
        label={t('forgot.newPassword')}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(event) => onPasswordChange(event.target.value)}
        hint={<PasswordRulesChecklist id={`${idPrefix}-rules`} password={password} />}
        error={passwordError}
      />
      <AccountField
        id={`${idPrefix}-confirmation`}
        label={t('forgot.confirmPassword')}
        type="password"
        autoComplete="new-password"
        value={confirmation}
        onChange={(event) => onConfirmationChange(event.target.value)}
        error={confirmationError}
      />
    </>
  );
}
