import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { emailCorrectionBody, SIGNUP_CODE_LENGTH, verificationBody, type SignupState } from '../../../../shared/signup.ts';
import { CodeBoxes } from './code-boxes.tsx';
import { describedBy, FieldError, RefusalMessage, TextField, useSubmission, validate, type FieldErrors } from './form-support.tsx';
import { signupApi } from './signup-api.ts';
import { SignupFrame } from './signup-frame.tsx';
import { useSignupText } from './signup-i18n.ts';

const emptyCode = () => Array.from({ length: SIGNUP_CODE_LENGTH }, () => '');

/** Step 6, « Vérification de votre identité ». */
export function VerificationStep({ state, onDone, onEmailChanged }: { state: SignupState; onDone: (state: SignupState) => void; onEmailChanged: (state: SignupState) => void }) {
  const { t: appText } = useTranslation();
  const t = useSignupText();
  const [digits, setDigits] = useState(emptyCode);
  const [isCorrecting, setCorrecting] = useState(false);
  const [newEmail, setNewEmail] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState('');
  const submission = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { data, errors: found } = validate(verificationBody, { code: digits.join('') });
    setErrors(found);
    setNotice('');
    if (!data) return;
    const next = await submission.run(() => signupApi.verify(data.code));
    if (next) onDone(next);
    else setDigits(emptyCode());
  }

  async function resend() {
    setNotice('');
    const sent = await submission.run(async () => {
      await signupApi.resend();
      return true;
    });
    if (sent) {
      setDigits(emptyCode());
      setNotice(t('verification.resent'));
    }
  }

  async function correctEmail(event: FormEvent) {
    event.preventDefault();
    const { data, errors: found } = validate(emailCorrectionBody, { email: newEmail });
    setErrors(found);
    if (!data) return;
    const next = await submission.run(() => signupApi.correctEmail(data.email));
    if (next) {
      setCorrecting(false);
      setDigits(emptyCode());
      setNotice(t('verification.resent'));
      onEmailChanged(next);
    }
  }

  const remainingTries = submission.error?.code === 'signup_code_incorrect' ? Number(submission.error.details.remainingTries) : undefined;

  return (
    <SignupFrame step="verification" heading={appText('signup.steps.verification')}>
      <p>{t('verification.sentTo', { email: state.email ?? '' })}</p>
      <p id="code-instructions">{t('verification.instructions')}</p>
      <form onSubmit={submit} noValidate className="signup-form">
        <fieldset>
          <legend>{t('verification.codeLegend')}</legend>
          <CodeBoxes digits={digits} onChange={setDigits} t={t} describedBy={describedBy('code-instructions', errors.code && 'code-error')} />
          <FieldError id="code-error" t={t} messageKey={errors.code} />
        </fieldset>
        <RefusalMessage error={submission.error}>
          {remainingTries !== undefined && remainingTries > 0 && <p>{t('verification.remainingTries', { count: remainingTries })}</p>}
        </RefusalMessage>
        <p role="status" className="confirmation-text">
          {notice}
        </p>
        <p>
          {t('verification.notReceived')}{' '}
          <button type="button" className="link-button" onClick={resend} disabled={submission.isPending}>
            {t('verification.resend')}
          </button>
        </p>
        {!isCorrecting && (
          <p>
            <button type="button" className="link-button" onClick={() => setCorrecting(true)}>
              {t('verification.correctEmail')}
            </button>
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={submission.isPending}>
          {t('continue')}
        </button>
      </form>
      {isCorrecting && (
        <form onSubmit={correctEmail} noValidate className="signup-form email-correction">
          <TextField
            id="new-email"
            label={t('verification.newEmail')}
            type="email"
            autoComplete="email"
            value={newEmail}
            onChange={setNewEmail}
            t={t}
            errorKey={errors.email}
          />
          <div className="form-actions">
            <button type="button" className="button button-secondary" onClick={() => setCorrecting(false)}>
              {t('verification.cancel')}
            </button>
            <button type="submit" className="button button-primary" disabled={submission.isPending}>
              {t('verification.sendToNewEmail')}
            </button>
          </div>
        </form>
      )}
    </SignupFrame>
  );
}
