import { useEffect, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import type { z } from 'zod';
import { ApiError } from '../../api/client.ts';
import { useSignupText, validationText, type SignupText } from './signup-i18n.ts';

/** Field → message key, from a shared schema's refusal: the same checks the server makes. */
export type FieldErrors = Partial<Record<string, string>>;

export function validate<Schema extends z.ZodType>(schema: Schema, values: unknown): { data?: z.output<Schema>; errors: FieldErrors } {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { data: parsed.data, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '');
    errors[field] ??= issue.message;
  }
  return { errors };
}

/** Runs a submission, keeping whether it is under way and the server's refusal, if any. */
export function useSubmission() {
  const [isPending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    setPending(true);
    setError(null);
    try {
      return await action();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'network_error', String(caught)));
      return undefined;
    } finally {
      setPending(false);
    }
  }
  return { isPending, error, setError, run };
}

/**
 * A form's field errors, kept current: after an edit, the field's error goes as soon as the
 * field is right, and the server's refusal, which was about what was there before, goes at once.
 */
export function useFieldErrors(schema: z.ZodType, submission: ReturnType<typeof useSubmission>) {
  const [errors, setErrors] = useState<FieldErrors>({});
  function recheck(field: string, values: unknown) {
    submission.setError(null);
    setErrors((current) => (current[field] ? { ...current, [field]: validate(schema, values).errors[field] } : current));
  }
  return { errors, setErrors, recheck };
}

export function FieldError({ id, t, messageKey }: { id: string; t: SignupText; messageKey: string | undefined }) {
  if (!messageKey) return null;
  return (
    <p id={id} className="field-error">
      {validationText(t, messageKey)}
    </p>
  );
}

/** The seconds left before a limited action may be tried again, counted down. */
function RetryWait({ seconds }: { seconds: number }) {
  const t = useSignupText();
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    setLeft(seconds);
    const timer = setInterval(() => setLeft((current) => Math.max(0, current - 1)), 1000);
    return () => clearInterval(timer);
  }, [seconds]);
  // Said once with the refusal; the countdown itself is not read out every second.
  return <p aria-live="off">{left > 0 ? t('retryIn', { count: left }) : t('retryNow')}</p>;
}

/** The server's refusal, announced to screen readers as soon as it appears, with any wait in seconds. */
export function RefusalMessage({ error, children }: { error: ApiError | null; children?: ReactNode }) {
  if (!error) return null;
  const retryAfterSeconds = Number(error.details.retryAfterSeconds);
  return (
    <div className="refusal" role="alert">
      <p>{error.message}</p>
      {retryAfterSeconds > 0 && <RetryWait seconds={retryAfterSeconds} />}
      {children}
    </div>
  );
}

export const describedBy = (...ids: Array<string | false | undefined>) => ids.filter(Boolean).join(' ') || undefined;

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'> {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  t: SignupText;
  /** The shared schema's message key for this field, when refused. */
  errorKey: string | undefined;
  /** Shown under the field and read with it. */
  hint?: ReactNode;
  /** Another element that describes the field (e.g. the password checklist). */
  describedById?: string;
}

/** A labelled text input with its hint and its error, tied together for screen readers. */
export function TextField({ id, label, value, onChange, t, errorKey, hint, describedById, ...inputProps }: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        autoComplete="off"
        {...inputProps}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={Boolean(errorKey)}
        aria-describedby={describedBy(hintId, describedById, errorKey && `${id}-error`)}
      />
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} t={t} messageKey={errorKey} />
    </div>
  );
}
