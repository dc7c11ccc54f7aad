import { useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { ApiError } from '../../api/client.ts';

/** A labelled input with its error, tied together for screen readers. */
export function AccountField({
  id,
  label,
  error,
  hint,
  ...input
}: { id: string; label: string; error?: string | undefined; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="account-field">
      <label htmlFor={id}>{label}</label>
      {hint && <div id={`${id}-hint`}>{hint}</div>}
      <input id={id} aria-invalid={Boolean(error)} aria-describedby={describedBy || undefined} {...input} />
      {error && (
        <p id={`${id}-error`} className="account-field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The server's refusal, in the visitor's language, announced when it appears. */
export function AccountRefusal({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <div className="account-refusal" role="alert">
      <p>{error.message}</p>
    </div>
  );
}

/** Runs one API call at a time and keeps its refusal for display. */
export function useAccountSubmission() {
  const [error, setError] = useState<ApiError | null>(null);
  const [isSubmitting, setSubmitting] = useState(false);
  async function run<T>(call: () => Promise<T>): Promise<T | undefined> {
    setSubmitting(true);
    setError(null);
    try {
      return await call();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'network_error', String(caught)));
      return undefined;
    } finally {
      setSubmitting(false);
    }
  }
  return { error, isSubmitting, run, clearError: () => setError(null) };
}

type FieldProps = { id: string; label: string; value: string; onChange: (value: string) => void; error?: string | undefined };

export function EmailField({ id, label, value, onChange, error }: FieldProps) {
  return (
    <AccountField id={id} label={label} type="email" autoComplete="username" value={value} onChange={(event) => onChange(event.target.value)} error={error} />
  );
}

/** The account's current password, asked again before a sensitive change. */
export function CurrentPasswordField({ id, label, value, onChange, error }: FieldProps) {
  return (
    <AccountField id={id} label={label} type="password" autoComplete="current-password" value={value} onChange={(event) => onChange(event.target.value)} error={error} />
  );
}

/** A 6-digit one-time code (emailed, or from an authenticator app). */
export function CodeField({ id, label, value, onChange, error }: FieldProps) {
  return (
    <AccountField
      id={id}
      label={label}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={7}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
    />
  );
}
