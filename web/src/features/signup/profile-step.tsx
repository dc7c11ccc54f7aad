import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COUNCIL_MEMBER_ANSWERS, formatFrenchDate, profileBody, type SignupAnswers, type SignupState } from '#shared/contracts/signup.ts';
import { describedBy, FieldError, RefusalMessage, TextField, useFieldErrors, useSubmission, validate } from './form-support.tsx';
import { signupApi } from './signup-api.ts';
import { SignupFrame } from './signup-frame.tsx';
import { useSignupText } from './signup-i18n.ts';

type CouncilAnswer = (typeof COUNCIL_MEMBER_ANSWERS)[number];

/** Today in the browser's zone, as the date picker's upper bound (the server checks in the residence's zone). */
function todayIso(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/**
 * Step 3, « Votre profil ». The move-in date is a date picker (JJ/MM/AAAA, typing stays
 * possible); the server checks it against the dwelling's history, and its refusal names the
 * day that bounds it.
 */
export function ProfileStep({ answers, onDone, onBack }: { answers: SignupAnswers['profile']; onDone: (state: SignupState) => void; onBack: () => void }) {
  const { t: appText } = useTranslation();
  const t = useSignupText();
  const [isOwner, setOwner] = useState(answers?.isOwner ?? false);
  const [movedInOn, setMovedInOn] = useState(answers?.movedInOn ?? '');
  const [councilMember, setCouncilMember] = useState<CouncilAnswer | ''>(answers?.councilMember ?? '');
  const submission = useSubmission();
  const { errors, setErrors, recheck } = useFieldErrors(profileBody, submission);
  const values = (changed: Partial<{ movedInOn: string; councilMember: CouncilAnswer | '' }>) => {
    const next = { isOwner, movedInOn, councilMember, ...changed };
    return { ...next, councilMember: next.councilMember || undefined };
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { data, errors: found } = validate(profileBody, values({}));
    setErrors(found);
    submission.setError(null);
    if (!data) return;
    const next = await submission.run(() => signupApi.saveProfile(data));
    if (next) onDone(next);
  }

  const refusal = submission.error;
  const boundingDay = refusal?.details.latestDay ?? refusal?.details.earliestDay;

  return (
    <SignupFrame step="profile" heading={appText('signup.steps.profile')} onBack={onBack}>
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
          type="date"
          label={t('profile.movedInOn')}
          max={todayIso()}
          value={movedInOn}
          onChange={(value) => {
            setMovedInOn(value);
            recheck('movedInOn', values({ movedInOn: value }));
          }}
          t={t}
          errorKey={errors.movedInOn}
          hint={t('profile.dateHint')}
        />
        <fieldset aria-describedby={describedBy(errors.councilMember && 'council-error')}>
          <legend>{t('profile.council')}</legend>
          <div className="choice-row">
            {COUNCIL_MEMBER_ANSWERS.map((answer) => (
              <label key={answer} className="choice">
                <input
                  type="radio"
                  name="councilMember"
                  checked={councilMember === answer}
                  onChange={() => {
                    setCouncilMember(answer);
                    recheck('councilMember', values({ councilMember: answer }));
                  }}
                />
                {t(`profile.councilAnswers.${answer}`)}
              </label>
            ))}
          </div>
          <FieldError id="council-error" t={t} messageKey={errors.councilMember} />
        </fieldset>
        <RefusalMessage error={refusal}>
          {typeof boundingDay === 'string' && (
            <p>
              {t(refusal?.details.latestDay ? 'profile.latestDay' : 'profile.earliestDay', { date: formatFrenchDate(boundingDay) })}
            </p>
          )}
        </RefusalMessage>
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
