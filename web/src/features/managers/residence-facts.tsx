import type { ResidenceSummary } from './managers-api.ts';
import { formatShare } from '../../components/format.ts';
import { useManagerText } from './managers-i18n.ts';

export function ResidentsSignedUp({ residence }: { residence: Pick<ResidenceSummary, 'accountCount' | 'accountShare'> }) {
  const { t, language } = useManagerText();
  return <>{t('residences.residentsSignedUp', { count: residence.accountCount.toLocaleString(language), share: formatShare(residence.accountShare, language) })}</>;
}
