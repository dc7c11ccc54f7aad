import { useState, type FormEvent } from 'react';
import { CopyButton } from '../../components/copy-button.tsx';
import { AccountRefusal, CodeField, useAccountSubmission } from './account-form.tsx';
import { accountsApi } from './accounts-api.ts';
import { useAccountsText } from './accounts-i18n.ts';
import { useTotpCodeField } from './totp-code-field.ts';
import './accounts.css';

/**
 * « Mes codes de secours »: a staff member issues a fresh set with a current code of their
 * authenticator; the old codes stop working. The new ones are shown once, to copy or print.
 */
export function RecoveryCodesReissue() {
  const t = useAccountsText();
  const submission = useAccountSubmission();
  const { code, setCode, error, checkedCode } = useTotpCodeField();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkedCode();
    if (!checked) return;
    const result = await submission.run(() => accountsApi.reissueRecoveryCodes(checked));
    if (result) {
      setCode('');
      setRecoveryCodes(result.recoveryCodes);
    }
  }

  return (
    <section aria-labelledby="recovery-codes-title" className="recovery-codes-reissue">
      <h2 id="recovery-codes-title">{t('recoveryCodes.title')}</h2>
      {recoveryCodes ? (
        <div className="account-card">
          <p role="status">{t('recoveryCodes.issued')}</p>
          <ol className="recovery-codes" aria-label={t('recoveryCodes.listLabel')}>
            {recoveryCodes.map((recoveryCode) => (
              <li key={recoveryCode}>{recoveryCode}</li>
            ))}
          </ol>
          <p>{t('recoveryCodes.keepHint')}</p>
          <CopyButton text={recoveryCodes.join('\n')} label={t('recoveryCodes.copy')} doneText={t('recoveryCodes.copied')} failedText={t('recoveryCodes.copyFailed')} />
          <p>
            <button type="button" className="button button-secondary" onClick={() => window.print()}>
              {t('recoveryCodes.print')}
            </button>
          </p>
          <button type="button" className="link-button" onClick={() => setRecoveryCodes(null)}>
            {t('recoveryCodes.done')}
          </button>
        </div>
      ) : (
        <form className="account-form" onSubmit={submit} noValidate>
          <p>{t('recoveryCodes.intro')}</p>
          <AccountRefusal error={submission.error} />
          <CodeField id="recovery-codes-code" label={t('secondFactor.code')} value={code} onChange={setCode} error={error && t(error)} />
          <button type="submit" className="button button-primary" disabled={submission.isSubmitting}>
            {t('recoveryCodes.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
