import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Names the browser tab after the page, then the portal, in the current language. */
export function useDocumentTitle(pageTitle: string): void {
  const { t } = useTranslation();
  const productName = t('app.name');
  useEffect(() => {
    document.title = pageTitle === productName ? productName : `${pageTitle} – ${productName}`;
  }, [pageTitle, productName]);
}
