import { useState, type InputHTMLAttributes, type ReactNode } from 'react';
import type { z } from 'zod';
import { ApiError } from '../../api/client.ts';
import { validationText, type SignupText } from './signup-i18n.ts';

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

export function FieldError({ id, t, messageKey }: { id: string; t: SignupText; messageKey: string | undefined }) {
  if (!messageKey) return null;
  return (
    <p id={id} className="field-error">
      {validationText(t, messageKey)}
    </p>
  );
}

/** The server's refusal, announced to screen readers as soon as it appears. */
export function RefusalMessage({ error, children }: { error: ApiError | null; children?: ReactNode }) {
  if (!error) return null;
  return (
    <div className="refusal" role="alert">
      <p>{error.message}</p>
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
