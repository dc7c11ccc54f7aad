import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { optionsBody, type SignupAnswers, type SignupState } from '#shared/contracts/signup.ts';
import { RefusalMessage, useSubmission, validate } from './form-support.tsx';
import { signupApi } from './signup-api.ts';
import { SignupFrame } from './signup-frame.tsx';
import { useSignupText } from './signup-i18n.ts';

/** An info bubble: a button that shows and hides what the option does. */
function InfoBubble({ label, text }: { label: string; text: string }) {
  const [isOpen, setOpen] = useState(false);
  const id = useId();
  return (
    <span className="info-bubble">
      <button type="button" className="info-button" aria-expanded={isOpen} aria-controls={id} onClick={() => setOpen(!isOpen)}>
        <span aria-hidden="true">i</span>
        <span className="visually-hidden">{label}</span>
      </button>
      <span id={id} className="info-text" hidden={!isOpen}>
        {text}
      </span>
    </span>
  );
}

function Option({ label, checked, onChange, info }: { label: string; checked: boolean; onChange: (value: boolean) => void; info: ReactNode }) {
  return (
    <div className="option">
      <label className="choice">
        <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
        {label}
      </label>
      {info}
    </div>
  );
}

/** Step 4, « Activer vos options ». */
export function OptionsStep({ answers, onDone, onBack }: { answers: SignupAnswers['options']; onDone: (state: SignupState) => void; onBack: () => void }) {
  const { t: appText } = useTranslation();
  const t = useSignupText();
  // A leak notice by email is a service message, on by default; consents are never pre-ticked (SPEC §8).
  const [leakByEmail, setLeakByEmail] = useState(answers?.notifyLeakByEmail ?? true);
  const [leakBySms, setLeakBySms] = useState(answers?.notifyLeakBySms ?? false);
  const [overconsumption, setOverconsumption] = useState(answers?.notifyOverconsumption ?? false);
  const [managerDaily, setManagerDaily] = useState(answers?.managerMaySeeDaily ?? false);
  const submission = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { data } = validate(optionsBody, {
      notifyLeakByEmail: leakByEmail,
      notifyLeakBySms: leakBySms,
      notifyOverconsumption: overconsumption,
      managerMaySeeDaily: managerDaily,
    });
    if (!data) return;
    const next = await submission.run(() => signupApi.saveOptions(data));
    if (next) onDone(next);
  }

  return (
    <SignupFrame step="options" heading={appText('signup.steps.options')} onBack={onBack}>
      <p>{t('options.intro')}</p>
      <form onSubmit={submit} noValidate className="signup-form">
        <fieldset className="option">
          <legend>
            {t('options.leak')} <InfoBubble label={t('options.info')} text={t('options.leakInfo')} />
          </legend>
          <div className="choice-row">
            <label className="choice">
              <input type="checkbox" checked={leakByEmail} onChange={(event) => setLeakByEmail(event.target.checked)} />
              {t('options.leakByEmail')}
            </label>
            <label className="choice">
              <input type="checkbox" checked={leakBySms} onChange={(event) => setLeakBySms(event.target.checked)} />
              {t('options.leakBySms')}
            </label>
          </div>
        </fieldset>
        <Option
          label={t('options.overconsumption')}
          checked={overconsumption}
          onChange={setOverconsumption}
          info={<InfoBubble label={t('options.info')} text={t('options.overconsumptionInfo')} />}
        />
        <Option
          label={t('options.managerDaily')}
          checked={managerDaily}
          onChange={setManagerDaily}
          info={<InfoBubble label={t('options.info')} text={t('options.managerDailyInfo')} />}
        />
        <RefusalMessage error={submission.error} />
        <button type="submit" className="button button-primary" disabled={submission.isPending}>
          {t('continue')}
        </button>
      </form>
    </SignupFrame>
  );
}
