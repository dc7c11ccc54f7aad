import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PRIVACY_POLICY_PATH } from '../../../../shared/privacy-policy.ts';
import { CIVILITIES, personalInfoBody, type SignupState } from '../../../../shared/signup.ts';
import { describedBy, FieldError, RefusalMessage, TextField, useSubmission, validate, type FieldErrors } from './form-support.tsx';
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

/** Step 5, « Vos informations personnelles ». */
export function PersonalInfoStep({ onDone }: { onDone: (state: SignupState) => void }) {
  const { t: appText } = useTranslation();
  const t = useSignupText();
  const [values, setValues] = useState({ civility: '', lastName: '', firstName: '', mobile: '', email: '', password: '' });
  const [acceptsPrivacyPolicy, setAcceptsPrivacy] = useState(false);
  const [subscribesNewsletter, setNewsletter] = useState(false);
  const [isPasswordShown, setPasswordShown] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const submission = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { data, errors: found } = validate(personalInfoBody, {
      ...values,
      civility: values.civility || undefined,
      acceptsPrivacyPolicy,
      subscribesNewsletter,
    });
    setErrors(found);
    if (!data) return;
    const next = await submission.run(() => signupApi.savePersonalInfo({ ...data, acceptsPrivacyPolicy: true }));
    if (next) onDone(next);
  }

  const textField = ({ id, name, label, hint, ...inputProps }: TextFieldProps) => (
    <TextField
      id={id}
      label={t(label)}
      value={values[name]}
      onChange={(value) => setValues({ ...values, [name]: value })}
      t={t}
      errorKey={errors[name]}
      hint={hint}
      {...inputProps}
    />
  );

  return (
    <SignupFrame step="personalInformation" heading={appText('signup.steps.personalInformation')}>
      <p>{t('personal.intro')}</p>
      <form onSubmit={submit} noValidate className="signup-form">
        <fieldset aria-describedby={describedBy(errors.civility && 'civility-error')}>
          <legend>{t('personal.civility')}</legend>
          <div className="choice-row">
            {CIVILITIES.map((civility) => (
              <label key={civility} className="choice">
                <input type="radio" name="civility" checked={values.civility === civility} onChange={() => setValues({ ...values, civility })} />
                {t(`personal.civilities.${civility}`)}
              </label>
            ))}
          </div>
          <FieldError id="civility-error" t={t} messageKey={errors.civility} />
        </fieldset>
        {textField({ id: 'last-name', name: 'lastName', label: 'personal.lastName', autoComplete: 'family-name' })}
        {textField({ id: 'first-name', name: 'firstName', label: 'personal.firstName', autoComplete: 'given-name' })}
        {textField({ id: 'mobile', name: 'mobile', label: 'personal.mobile', type: 'tel', autoComplete: 'tel', inputMode: 'tel', hint: t('personal.mobileHint') })}
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
              onChange={(event) => setAcceptsPrivacy(event.target.checked)}
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
