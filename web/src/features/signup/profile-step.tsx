import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COUNCIL_MEMBER_ANSWERS, parseFrenchDate, profileBody, type SignupState } from '../../../../shared/signup.ts';
import { describedBy, FieldError, RefusalMessage, TextField, useSubmission, validate, type FieldErrors } from './form-support.tsx';
import { signupApi } from './signup-api.ts';
import { SignupFrame } from './signup-frame.tsx';
import { useSignupText } from './signup-i18n.ts';

/** Step 3, « Votre profil ». The date is typed JJ/MM/AAAA; the server checks it against the dwelling's history. */
export function ProfileStep({ onDone }: { onDone: (state: SignupState) => void }) {
  const { t: appText } = useTranslation();
  const t = useSignupText();
  const [isOwner, setOwner] = useState(false);
  const [movedInOn, setMovedInOn] = useState('');
  const [councilMember, setCouncilMember] = useState<(typeof COUNCIL_MEMBER_ANSWERS)[number] | ''>('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const submission = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { data, errors: found } = validate(profileBody, {
      isOwner,
      movedInOn: parseFrenchDate(movedInOn) ?? '',
      councilMember: councilMember || undefined,
    });
    setErrors(found);
    if (!data) return;
    const next = await submission.run(() => signupApi.saveProfile(data));
    if (next) onDone(next);
  }

  return (
    <SignupFrame step="profile" heading={appText('signup.steps.profile')}>
      <p>{t('profile.intro')}</p>
      <form onSubmit={submit} noValidate className="signup-form">
        <fieldset>
          <legend>{t('profile.iAm')}</legend>
          <label className="choice">
            <input type="checkbox" checked={isOwner} onChange={(event) => setOwner(event.target.checked)} />
            {t('profile.owner')}
          </label>
        </fieldset>
        <TextField
          id="moved-in-on"
          label={t('profile.movedInOn')}
          inputMode="numeric"
          placeholder={t('profile.dateFormat')}
          value={movedInOn}
          onChange={setMovedInOn}
          t={t}
          errorKey={errors.movedInOn}
          hint={t('profile.dateFormat')}
        />
        <fieldset aria-describedby={describedBy(errors.councilMember && 'council-error')}>
          <legend>{t('profile.council')}</legend>
          <div className="choice-row">
            {COUNCIL_MEMBER_ANSWERS.map((answer) => (
              <label key={answer} className="choice">
                <input type="radio" name="councilMember" checked={councilMember === answer} onChange={() => setCouncilMember(answer)} />
                {t(`profile.councilAnswers.${answer}`)}
              </label>
            ))}
          </div>
          <FieldError id="council-error" t={t} messageKey={errors.councilMember} />
        </fieldset>
        <RefusalMessage error={submission.error} />
        <button type="submit" className="button button-primary" disabled={submission.isPending}>
          {t('continue')}
        </button>
      </form>
      <aside className="note">
        <h3>{t('profile.whyTitle')}</h3>
        <p>{t('profile.why')}</p>
      </aside>
    </SignupFrame>
  );
}
