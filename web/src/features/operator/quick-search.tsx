import { useEffect, useRef } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { SearchForm } from '../../components/search-form.tsx';
import { useOperatorText } from './operator-i18n.ts';
import { operatorLinks, SEARCH_PARAM } from './operator-paths.ts';

/** Keys that type text: pressing « / » there must not move the focus. */
function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * The one search box of the back office: a serial number, a building code, a dwelling code or
 * reference, an email, a name. « / » anywhere puts the cursor in it.
 */
export function QuickSearch() {
  const { t } = useOperatorText();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const inputRef = useRef<HTMLInputElement>(null);
  const current = params.get(SEARCH_PARAM) ?? '';

  useEffect(() => {
    const focusSearch = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      inputRef.current?.focus();
    };
    document.addEventListener('keydown', focusSearch);
    return () => document.removeEventListener('keydown', focusSearch);
  }, []);

  return (
    <div className="operator-quick-search">
      <SearchForm
        key={current}
        label={t('quickSearch.label')}
        hint={t('quickSearch.hint')}
        initialSearch={current}
        inputRef={inputRef}
        onSearch={(value) => navigate(value === '' ? operatorLinks.home() : operatorLinks.search(value))}
      />
    </div>
  );
}
