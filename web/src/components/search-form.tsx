import { useId, useState, type FormEvent, type Ref } from 'react';
import { useDataViewsText } from './data-views-i18n.ts';
import './data-views.css';

interface SearchFormProps {
  label: string;
  hint: string;
  /** The search the page shows now; the field starts from it (give the form `key={search}` to reset it). */
  initialSearch: string;
  onSearch: (search: string) => void;
  maxLength?: number;
  inputRef?: Ref<HTMLInputElement>;
}

/** A labelled search box with its hint, « Rechercher » and, once a search is shown, « Effacer ». */
export function SearchForm({ label, hint, initialSearch, onSearch, maxLength = 100, inputRef }: SearchFormProps) {
  const { t } = useDataViewsText();
  const [value, setValue] = useState(initialSearch);
  const inputId = useId();
  const hintId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(value.trim());
  };
  return (
    <form role="search" aria-label={label} className="search-form" onSubmit={submit}>
      <label htmlFor={inputId}>{label}</label>
      <p id={hintId} className="data-hint">
        {hint}
      </p>
      <div className="search-form-row">
        <input
          id={inputId}
          ref={inputRef}
          type="search"
          value={value}
          maxLength={maxLength}
          aria-describedby={hintId}
          onChange={(event) => setValue(event.target.value)}
        />
        <button type="submit" className="button button-primary">
          {t('search')}
        </button>
        {initialSearch && (
          <button type="button" className="button button-secondary" onClick={() => onSearch('')}>
            {t('clear')}
          </button>
        )}
      </div>
    </form>
  );
}
