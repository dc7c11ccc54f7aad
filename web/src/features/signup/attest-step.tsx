import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { attestationBody, type SignupState } from '../../../../shared/signup.ts';
import { FieldError, RefusalMessage, useSubmission, validate, type FieldErrors } from './form-support.tsx';
import { signupApi } from './signup-api.ts';
import { SignupFrame } from './signup-frame.tsx';
import { useSignupText } from './signup-i18n.ts';

/** Step 2, « Attester être l'occupant du logement ». */
export function AttestStep({ state, onDone, onNotMine }: { state: SignupState; onDone: (state: SignupState) => void; onNotMine: () => void }) {
  const { t: appText } = useTranslation();
  const t = useSignupText();
  const [isAttested, setAttested] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const submission = useSubmission();
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
    <SignupFrame step="attest" heading={appText('signup.steps.attest')}>
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
              onChange={(event) => setAttested(event.target.checked)}
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
