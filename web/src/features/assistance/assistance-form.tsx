import { useState, type FormEvent } from 'react';
import { assistanceRequestBody } from '#shared/contracts/assistance.ts';
import { describedBy, FieldError, RefusalMessage, TextField, useSubmission, validate, type FieldErrors } from '../signup/form-support.tsx';
import { recallTypedCodes, signupApi } from '../signup/signup-api.ts';
import { useSignupText, type SignupTextKey } from '../signup/signup-i18n.ts';

/** What the portal already knows about the person and their trouble. */
export interface AssistancePrefill {
  name?: string;
  email?: string;
  message?: string;
  buildingCode?: string;
}

type FieldName = 'name' | 'email' | 'phone' | 'serialNumber' | 'buildingCode' | 'dwellingReference';

/**
 * « Contacter l'assistance »: name, email, phone, message, and the codes already typed during
 * the sign-up, sent to customer service; the sender gets an acknowledgement by email.
 */
export function AssistanceForm({ page = 'signup', prefill = {} }: { page?: string; prefill?: AssistancePrefill }) {
  const t = useSignupText();
  const typed = recallTypedCodes();
  const [values, setValues] = useState({
    name: prefill.name ?? '',
    email: prefill.email ?? '',
    phone: '',
    message: prefill.message ?? '',
    serialNumber: typed.serialNumber ?? '',
    buildingCode: typed.buildingCode ?? prefill.buildingCode ?? '',
    dwellingReference: typed.dwellingReference ?? '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [reference, setReference] = useState<string | null>(null);
  const submission = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { data, errors: found } = validate(assistanceRequestBody, { ...values, page });
    setErrors(found);
    if (!data) return;
    const created = await submission.run(() => signupApi.requestAssistance(data));
    if (created) setReference(created.reference);
  }

  if (reference) {
    return (
      <p className="confirmation" role="status">
        {t('assistance.sent', { reference, email: values.email })}
      </p>
    );
  }

  const field = (id: string, name: FieldName, label: SignupTextKey, options: { type?: string; autoComplete?: string; inputMode?: 'tel' | 'email' | 'numeric' } = {}) => (
    <TextField
      id={id}
      label={t(label)}
      value={values[name]}
      onChange={(value) => setValues({ ...values, [name]: value })}
      t={t}
      errorKey={errors[name]}
      {...options}
    />
  );

  return (
    <form onSubmit={submit} noValidate className="signup-form">
      {field('assistance-name', 'name', 'assistance.name', { autoComplete: 'name' })}
      {field('assistance-email', 'email', 'assistance.email', { type: 'email', autoComplete: 'email', inputMode: 'email' })}
      {field('assistance-phone', 'phone', 'assistance.phone', { type: 'tel', autoComplete: 'tel', inputMode: 'tel' })}
      <div className="field">
        <label htmlFor="assistance-message">{t('assistance.message')}</label>
        <textarea
          id="assistance-message"
          rows={5}
          value={values.message}
          onChange={(event) => setValues({ ...values, message: event.target.value })}
          aria-invalid={Boolean(errors.message)}
          aria-describedby={describedBy(errors.message && 'assistance-message-error')}
        />
        <FieldError id="assistance-message-error" t={t} messageKey={errors.message} />
      </div>
      <fieldset>
        <legend>{t('assistance.typedCodes')}</legend>
        {field('assistance-serial', 'serialNumber', 'assistance.serialNumber', { inputMode: 'numeric' })}
        {field('assistance-building-code', 'buildingCode', 'assistance.buildingCode', { inputMode: 'numeric' })}
        {field('assistance-reference', 'dwellingReference', 'assistance.dwellingReference')}
      </fieldset>
      <RefusalMessage error={submission.error} />
      <button type="submit" className="button button-primary" disabled={submission.isPending}>
        {t('assistance.send')}
      </button>
    </form>
  );
}
