import type { ReactNode } from 'react';
import { useDataViewsText } from './data-views-i18n.ts';
import { formatInstantDate } from './format.ts';

export interface PostalAddress {
  street: string;
  postalCode: string;
  city: string;
}

export function AddressText({ address }: { address: PostalAddress }) {
  return (
    <>
      {address.street}, {address.postalCode} {address.city}
    </>
  );
}

/** « Publiées le 12/05/2024 », or the seed's « Portail en cours de construction ». */
export function PublicationBadge({ publishedAt }: { publishedAt: string | null }) {
  const { t, language } = useDataViewsText();
  return publishedAt ? (
    <span className="status-badge status-badge-published">{t('residence.published', { date: formatInstantDate(publishedAt, language) })}</span>
  ) : (
    <span className="status-badge status-badge-pending">{t('residence.underConstruction')}</span>
  );
}

interface Fact {
  label: string;
  value: ReactNode;
}

interface ResidenceFactsProps {
  residence: { buildingCode: string; address: PostalAddress; publishedAt: string | null };
  /** Shown after the building code: what names the residence in this space (its name, its client and contract…). */
  identity?: Fact[];
  /** Shown after the publication. */
  more?: Fact[];
}

/** A residence's facts, as the manager space and the back office both list them. */
export function ResidenceFacts({ residence, identity = [], more = [] }: ResidenceFactsProps) {
  const { t } = useDataViewsText();
  const facts: Fact[] = [
    { label: t('residence.buildingCode'), value: residence.buildingCode },
    ...identity,
    { label: t('residence.address'), value: <AddressText address={residence.address} /> },
    { label: t('residence.publication'), value: <PublicationBadge publishedAt={residence.publishedAt} /> },
    ...more,
  ];
  return (
    <dl className="fact-list">
      {facts.map((fact) => (
        <div key={fact.label}>
          <dt>{fact.label}</dt>
          <dd>{fact.value}</dd>
        </div>
      ))}
    </dl>
  );
}
