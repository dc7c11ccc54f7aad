import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PRIVACY_POLICY_PATH } from '#shared/privacy-policy.ts';
import { CIVILITIES, personalInfoBody, type SignupAnswers, type SignupState } from '#shared/contracts/signup.ts';
import { describedBy, FieldError, RefusalMessage, TextField, useFieldErrors, useSubmission, validate, type FieldErrors } from './form-support.tsx';
import { PasswordChecklist } from './password-checklist.tsx';
import { signupApi } from './signup-api.ts';
import { SignupFrame } from './signup-frame.tsx';
import { useSignupText, type SignupTextKey } from './signup-i18n.ts';

interface TextFieldProps {
  id: string;
  name: 'lastName' | 'firstName' | 'mobile' | 'email' | 'password';
  label: SignupTextKey;
  type?: string;
  autoComplete: string;
  inputMode?: 'tel' | 'email';
  hint?: string;
  describedById?: string;
}

/**
 * Step 5, « Vos informations personnelles ». Back here with « Précédent », everything is shown
 * again but the password, which is typed again. The mobile is required only when SMS leak
 * notices were chosen at step 4 (the same rule as in « Mon profil »).
 */
export function PersonalInfoStep({ answers, onDone, onBack }: { answers: SignupAnswers; onDone: (state: SignupState) => void; onBack: () => void }) {
  const { t: appText } = useTranslation();
  const t = useSignupText();
  const kept = answers.personalInfo;
  const [values, setValues] = useState({
    civility: kept?.civility ?? '',
    lastName: kept?.lastName ?? '',
    firstName: kept?.firstName ?? '',
    mobile: kept?.mobile ?? '',
    email: kept?.email ?? '',
    password: '',
  });
  const [acceptsPrivacyPolicy, setAcceptsPrivacy] = useState(kept?.acceptsPrivacyPolicy ?? false);
  const [subscribesNewsletter, setNewsletter] = useState(kept?.subscribesNewsletter ?? false);
  const [isPasswordShown, setPasswordShown] = useState(false);
  const submission = useSubmission();
  const { errors, setErrors, recheck } = useFieldErrors(personalInfoBody, submission);
  const isMobileRequired = answers.options?.notifyLeakBySms ?? false;

  const formValues = (changed: Partial<typeof values & { acceptsPrivacyPolicy: boolean }>) => {
    const next = { ...values, acceptsPrivacyPolicy, subscribesNewsletter, ...changed };
    return { ...next, civility: next.civility || undefined };
  };
  const mobileRequiredError = (mobile: string): FieldErrors => (isMobileRequired && mobile.trim() === '' ? { mobile: 'mobile_required' } : {});

  function edit(name: keyof typeof values, value: string) {
    setValues({ ...values, [name]: value });
    recheck(name, formValues({ [name]: value }));
    // The schema allows no mobile; SMS notices do not.
    if (name === 'mobile' && errors.mobile && mobileRequiredError(value).mobile) setErrors((current) => ({ ...current, mobile: 'mobile_required' }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { data, errors: found } = validate(personalInfoBody, formValues({}));
    const allFound = { ...mobileRequiredError(values.mobile), ...found };
    setErrors(allFound);
    submission.setError(null);
    if (!data || Object.values(allFound).some(Boolean)) return;
    const next = await submission.run(() => signupApi.savePersonalInfo({ ...data, acceptsPrivacyPolicy: true }));
    if (next) onDone(next);
  }

  const textField = ({ id, name, label, hint, ...inputProps }: TextFieldProps) => (
    <TextField
      id={id}
      label={t(label)}
      value={values[name]}
      onChange={(value) => edit(name, value)}
      t={t}
      errorKey={errors[name]}
      hint={hint}
      {...inputProps}
    />
  );

  return (
    <SignupFrame step="personalInformation" heading={appText('signup.steps.personalInformation')} onBack={onBack}>
      <p>{t('personal.intro')}</p>
      <form onSubmit={submit} noValidate className="signup-form">
        <fieldset aria-describedby={describedBy(errors.civility && 'civility-error')}>
          <legend>{t('personal.civility')}</legend>
          <div className="choice-row">
            {CIVILITIES.map((civility) => (
              <label key={civility} className="choice">
                <input type="radio" name="civility" checked={values.civility === civility} onChange={() => edit('civility', civility)} />
                {t(`personal.civilities.${civility}`)}
              </label>
            ))}
          </div>
          <FieldError id="civility-error" t={t} messageKey={errors.civility} />
        </fieldset>
        {textField({ id: 'last-name', name: 'lastName', label: 'personal.lastName', autoComplete: 'family-name' })}
        {textField({ id: 'first-name', name: 'firstName', label: 'personal.firstName', autoComplete: 'given-name' })}
        {textField({ id: 'mobile', name: 'mobile', label: 'personal.mobile', type: 'tel', autoComplete: 'tel', inputMode: 'tel', hint: `${t(isMobileRequired ? 'personal.mobileRequired' : 'personal.mobileOptional')} ${t('personal.mobileHint')}` })}
        {textField({ id: 'email', name: 'email', label: 'personal.email', type: 'email', autoComplete: 'email', inputMode: 'email' })}
        {textField({
          id: 'password',
          name: 'password',
          label: 'personal.password',
          type: isPasswordShown ? 'text' : 'password',
          autoComplete: 'new-password',
          describedById: 'password-rules',
        })}
        <label className="choice">
          <input type="checkbox" checked={isPasswordShown} onChange={(event) => setPasswordShown(event.target.checked)} />
          {t('personal.showPassword')}
        </label>
        <PasswordChecklist id="password-rules" password={values.password} t={t} />
        <div className="field">
          <label className="choice">
            <input
              type="checkbox"
              checked={acceptsPrivacyPolicy}
              onChange={(event) => {
                setAcceptsPrivacy(event.target.checked);
                recheck('acceptsPrivacyPolicy', formValues({ acceptsPrivacyPolicy: event.target.checked }));
              }}
              aria-invalid={Boolean(errors.acceptsPrivacyPolicy)}
              aria-describedby={describedBy(errors.acceptsPrivacyPolicy && 'privacy-error')}
            />
            <span>
              {t('personal.privacyBefore')}
              <Link to={PRIVACY_POLICY_PATH} target="_blank">
                {t('personal.privacyLink')}
              </Link>
              {t('personal.privacyAfter')}
            </span>
          </label>
          <FieldError id="privacy-error" t={t} messageKey={errors.acceptsPrivacyPolicy} />
        </div>
        <label className="choice">
          <input type="checkbox" checked={subscribesNewsletter} onChange={(event) => setNewsletter(event.target.checked)} />
          {t('personal.newsletter')}
        </label>
        <p className="note data-notice">
          {t('personal.notice')}
          <Link to={PRIVACY_POLICY_PATH}>{t('personal.noticeLink')}</Link>.
        </p>
        <RefusalMessage error={submission.error} />
        <button type="submit" className="button button-primary" disabled={submission.isPending}>
          {t('personal.submit')}
        </button>
      </form>
    </SignupFrame>
  );
}
