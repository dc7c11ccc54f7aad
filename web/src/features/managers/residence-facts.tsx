import type { ResidenceSummary } from './managers-api.ts';
import { formatInstantDate, formatShare } from '../../components/format.ts';
import { useManagerText } from './managers-i18n.ts';

export function ResidenceAddress({ address }: { address: ResidenceSummary['address'] }) {
  return (
    <>
      {address.street}, {address.postalCode} {address.city}
    </>
  );
}

/** « Publiées le 12/05/2024 », or the seed's « Portail en cours de construction ». */
export function PublicationState({ publishedAt }: { publishedAt: string | null }) {
  const { t, language } = useManagerText();
  return publishedAt ? (
    <span className="status-badge status-badge-published">{t('residences.published', { date: formatInstantDate(publishedAt, language) })}</span>
  ) : (
    <span className="status-badge status-badge-pending">{t('residences.underConstruction')}</span>
  );
}

export function ResidentsSignedUp({ residence }: { residence: Pick<ResidenceSummary, 'accountCount' | 'accountShare'> }) {
  const { t, language } = useManagerText();
  return <>{t('residences.residentsSignedUp', { count: residence.accountCount.toLocaleString(language), share: formatShare(residence.accountShare, language) })}</>;
}
