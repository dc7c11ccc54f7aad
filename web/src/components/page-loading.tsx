import { useTranslation } from 'react-i18next';

/** Shown while a lazily loaded part of the app arrives. */
export function PageLoading() {
  const { t } = useTranslation();
  return (
    <p className="page-loading" role="status">
      {t('layout.loading')}
    </p>
  );
}
