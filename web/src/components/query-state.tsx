import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import { useDataViewsText } from './data-views-i18n.ts';
import './data-views.css';

interface QueryStateProps<T> {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
  /** Renders a refusal the page expects (e.g. a dwelling whose data is not shared); null lets the generic message show. */
  renderRefusal?: (code: string) => ReactNode | null;
}

/** A page's data: a loading line, the server's refusal in the visitor's language, or the page itself. */
export function QueryState<T>({ query, children, renderRefusal }: QueryStateProps<T>) {
  const { t } = useDataViewsText();
  if (query.isPending) {
    return (
      <p role="status" className="data-status">
        {t('loading')}
      </p>
    );
  }
  if (query.isError) {
    const { error } = query;
    const expected = error instanceof ApiError ? renderRefusal?.(error.code) : null;
    if (expected) return <>{expected}</>;
    return (
      <div role="alert" className="data-error">
        <p>{t('loadError', { message: error.message })}</p>
        <button type="button" className="button button-secondary" onClick={() => void query.refetch()}>
          {t('retry')}
        </button>
      </div>
    );
  }
  return <>{children(query.data)}</>;
}
