import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { attestationBody, type SignupState } from '#shared/contracts/signup.ts';
import { FieldError, RefusalMessage, useFieldErrors, useSubmission, validate } from './form-support.tsx';
import { signupApi } from './signup-api.ts';
import { SignupFrame } from './signup-frame.tsx';
import { useSignupText } from './signup-i18n.ts';

/** Step 2, « Attester être l'occupant du logement ». */
interface AttestStepProps {
  state: SignupState;
  /** Already attested, when back here with « Précédent ». */
  isAttested: boolean;
  onDone: (state: SignupState) => void;
  onBack: () => void;
  onNotMine: () => void;
}

export function AttestStep({ state, isAttested: wasAttested, onDone, onBack, onNotMine }: AttestStepProps) {
  const { t: appText } = useTranslation();
  const t = useSignupText();
  const [isAttested, setAttested] = useState(wasAttested);
  const submission = useSubmission();
  const { errors, setErrors, recheck } = useFieldErrors(attestationBody, submission);
  const { residence, dwelling } = state;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { data, errors: found } = validate(attestationBody, { isCurrentOccupant: isAttested });
    setErrors(found);
    if (!data) return;
    const next = await submission.run(() => signupApi.attest());
    if (next) onDone(next);
  }

  async function notMine() {
    await submission.run(() => signupApi.abandon());
    onNotMine();
  }

  const rows = (entries: Array<[string, string]>) => (
    <dl className="facts">
      {entries.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );

  return (
    <SignupFrame step="attest" heading={appText('signup.steps.attest')} onBack={onBack}>
      <h3>{t('attest.checkBuilding')}</h3>
      {rows([
        [t('attest.buildingName'), residence.name ?? t('attest.notProvided')],
        [t('attest.buildingCode'), residence.buildingCode],
        [t('attest.address'), residence.address],
      ])}
      <h3>{t('attest.dwellingIntro')}</h3>
      {rows([
        [t('attest.clientNumber'), dwelling.clientNumber],
        [t('attest.building'), dwelling.building],
        [t('attest.dwellingCode'), dwelling.dwellingCode],
        [t('attest.staircase'), dwelling.staircase],
        [t('attest.floor'), dwelling.floor],
      ])}
      <form onSubmit={submit} noValidate className="signup-form">
        <fieldset>
          <legend>{t('attest.confirmation')}</legend>
          <label className="choice">
            <input
              type="checkbox"
              checked={isAttested}
              onChange={(event) => {
                setAttested(event.target.checked);
                recheck('isCurrentOccupant', { isCurrentOccupant: event.target.checked });
              }}
              aria-describedby={errors.isCurrentOccupant ? 'attest-error' : 'owners-note'}
            />
            {t('attest.attest')}
          </label>
          <p id="owners-note" className="hint">
            {t('attest.ownersNote')}
          </p>
          <FieldError id="attest-error" t={t} messageKey={errors.isCurrentOccupant} />
        </fieldset>
        <RefusalMessage error={submission.error} />
        <div className="form-actions">
          <button type="button" className="button button-secondary" onClick={notMine} disabled={submission.isPending}>
            {t('attest.notMine')}
          </button>
          <button type="submit" className="button button-primary" disabled={submission.isPending}>
            {t('continue')}
          </button>
        </div>
      </form>
    </SignupFrame>
  );
}
