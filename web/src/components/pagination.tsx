import { useDataViewsText } from './data-views-i18n.ts';
import './data-views.css';

interface PaginationProps {
  /** Names the navigation landmark, e.g. « Pages de la liste des résidences ». */
  label: string;
  page: number;
  pages: number;
  onPage: (page: number) => void;
}

/** « Page précédente », « Page n sur m », « Page suivante »; nothing when everything fits on one page. */
export function Pagination({ label, page, pages, onPage }: PaginationProps) {
  const { t } = useDataViewsText();
  if (pages <= 1) return null;
  return (
    <nav aria-label={label} className="pagination">
      <button type="button" className="button button-secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('previous')}
      </button>
      <span>{t('pageOf', { page, pages })}</span>
      <button type="button" className="button button-secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('next')}
      </button>
    </nav>
  );
}
