import { formatInstantDate } from '../../components/format.ts';
import { formatInstantDateTime } from './operator-format.ts';
import type { Address } from './operator-api.ts';
import { useOperatorText } from './operator-i18n.ts';

export function AddressText({ address }: { address: Address }) {
  return (
    <>
      {address.street}, {address.postalCode} {address.city}
    </>
  );
}

/** « Publiées le 12/05/2024 », or the seed's « Portail en cours de construction ». */
export function PublicationBadge({ publishedAt }: { publishedAt: string | null }) {
  const { t, language } = useOperatorText();
  return publishedAt ? (
    <span className="status-badge status-badge-published">{t('residences.published', { date: formatInstantDate(publishedAt, language) })}</span>
  ) : (
    <span className="status-badge status-badge-pending">{t('residences.underConstruction')}</span>
  );
}

/** The last reading received, or « Aucun relevé ». */
export function LastReading({ at }: { at: string | null }) {
  const { t, language } = useOperatorText();
  return at ? <>{formatInstantDateTime(at, language)}</> : <span className="data-muted">{t('residences.noReading')}</span>;
}
