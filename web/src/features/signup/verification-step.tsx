import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { emailCorrectionBody, SIGNUP_CODE_LENGTH, verificationBody, type SignupState } from '#shared/contracts/signup.ts';
import { CodeBoxes } from './code-boxes.tsx';
import { Link } from 'react-router';
import { describedBy, FieldError, RefusalMessage, TextField, useFieldErrors, useSubmission, validate } from './form-support.tsx';
import { signupApi } from './signup-api.ts';
import { SignupFrame } from './signup-frame.tsx';
import { useSignupText } from './signup-i18n.ts';

const emptyCode = () => Array.from({ length: SIGNUP_CODE_LENGTH }, () => '');

interface VerificationStepProps {
  state: SignupState;
  onDone: (state: SignupState) => void;
  onEmailChanged: (state: SignupState) => void;
  onBack: () => void;
}

/** Step 6, « Vérification de votre identité ». The correction of the address has its own budget, apart from resends. */
export function VerificationStep({ state, onDone, onEmailChanged, onBack }: VerificationStepProps) {
  const { t: appText } = useTranslation();
  const t = useSignupText();
  const [digits, setDigits] = useState(emptyCode);
  const [isCorrecting, setCorrecting] = useState(false);
  const [newEmail, setNewEmail] = useState('');
  const [notice, setNotice] = useState('');
  const submission = useSubmission();
  // The correction's refusals show beside its own form, not as the code's.
  const correction = useSubmission();
  const { errors, setErrors, recheck } = useFieldErrors(verificationBody, submission);

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
    const next = await correction.run(() => signupApi.correctEmail(data.email));
    if (next) {
      setCorrecting(false);
      setDigits(emptyCode());
      setNotice(t('verification.resent'));
      onEmailChanged(next);
    }
  }

  const remainingTries = submission.error?.code === 'signup_code_incorrect' ? Number(submission.error.details.remainingTries) : undefined;

  return (
    <SignupFrame step="verification" heading={appText('signup.steps.verification')} onBack={onBack}>
      <p>{t('verification.sentTo', { email: state.email ?? '' })}</p>
      <p id="code-instructions">{t('verification.instructions')}</p>
      <form onSubmit={submit} noValidate className="signup-form">
        <fieldset>
          <legend>{t('verification.codeLegend')}</legend>
          <CodeBoxes
            digits={digits}
            onChange={(next) => {
              setDigits(next);
              recheck('code', { code: next.join('') });
            }}
            t={t}
            describedBy={describedBy('code-instructions', errors.code && 'code-error')}
          />
          <FieldError id="code-error" t={t} messageKey={errors.code} />
        </fieldset>
        <RefusalMessage error={submission.error}>
          {remainingTries !== undefined && remainingTries > 0 && <p>{t('verification.remainingTries', { count: remainingTries })}</p>}
        </RefusalMessage>
        <p role="status" className="confirmation-text">
          {notice}
        </p>
        <button type="submit" className="button button-primary" disabled={submission.isPending}>
          {t('continue')}
        </button>
      </form>
      <section className="code-help" aria-labelledby="code-help-title">
        <h3 id="code-help-title">{t('verification.notReceived')}</h3>
        <p>
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
        <div className="note">
          <p>{t('verification.addressInUse')}</p>
          <ul>
            <li>{t('verification.checkMailbox')}</li>
            <li>
              <Link to="/connexion">{t('verification.logIn')}</Link>
            </li>
            <li>
              <Link to="/connexion/mot-de-passe-oublie">{t('verification.resetPassword')}</Link>
            </li>
          </ul>
        </div>
      </section>
      {isCorrecting && (
        <form onSubmit={correctEmail} noValidate className="signup-form email-correction">
          <TextField
            id="new-email"
            label={t('verification.newEmail')}
            type="email"
            autoComplete="email"
            value={newEmail}
            onChange={(value) => {
              setNewEmail(value);
              correction.setError(null);
              if (errors.email) setErrors((current) => ({ ...current, email: validate(emailCorrectionBody, { email: value }).errors.email }));
            }}
            t={t}
            errorKey={errors.email}
          />
          <RefusalMessage error={correction.error} />
          <div className="form-actions">
            <button type="button" className="button button-secondary" onClick={() => setCorrecting(false)}>
              {t('verification.cancel')}
            </button>
            <button type="submit" className="button button-primary" disabled={correction.isPending}>
              {t('verification.sendToNewEmail')}
            </button>
          </div>
        </form>
      )}
    </SignupFrame>
  );
}
