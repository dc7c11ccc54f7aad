import { formatInstantDateTime } from './operator-format.ts';
import { useOperatorText } from './operator-i18n.ts';

/** The last reading received, or « Aucun relevé ». */
export function LastReading({ at }: { at: string | null }) {
  const { t, language } = useOperatorText();
  return at ? <>{formatInstantDateTime(at, language)}</> : <span className="data-muted">{t('residences.noReading')}</span>;
}
