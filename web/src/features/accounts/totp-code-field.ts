import { useState } from 'react';
import type { AccountsTextKey } from './accounts-i18n.ts';

/** The authenticator's 6-digit code, as typed (spaces allowed): enrolment, verification, recovery-code reissue. */
export function useTotpCodeField() {
  const [code, setCode] = useState('');
  const [error, setError] = useState<AccountsTextKey | undefined>();
  const checkedCode = () => {
    const trimmed = code.replace(/\s/g, '');
    const isValid = /^\d{6}$/.test(trimmed);
    setError(isValid ? undefined : 'secondFactor.codeInvalidFormat');
    return isValid ? trimmed : undefined;
  };
  return { code, setCode, error, checkedCode };
}
