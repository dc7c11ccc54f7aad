import type { z } from 'zod';
import type { consentedDaily, documentDetail, documentList, documentSummary, residenceDetail, residencePage, signupKit } from '#shared/contracts/managers.ts';
import { apiRequest } from '../../api/client.ts';

// The response shapes are the contract's schemas (shared/contracts), imported as types only.
export type ResidencePage = z.infer<typeof residencePage>;
export type ResidenceSummary = ResidencePage['residences'][number];
export type ResidenceDetail = z.infer<typeof residenceDetail>;
export type DwellingSummary = ResidenceDetail['dwellings'][number];
export type DocumentSummary = z.infer<typeof documentSummary>;
type DocumentList = z.infer<typeof documentList>;
export type DocumentDetail = z.infer<typeof documentDetail>;
export type SignupKit = z.infer<typeof signupKit>;
export type ConsentedDaily = z.infer<typeof consentedDaily>;

const RESIDENCES_PAGE_SIZE = 25;

/** A range of days, both ends included; a missing end is the server's default (the last 30 days). */
export interface DailyRange {
  from?: string | undefined;
  to?: string | undefined;
}

function rangeQuery(range: DailyRange): string {
  const query = new URLSearchParams();
  if (range.from) query.set('from', range.from);
  if (range.to) query.set('to', range.to);
  const text = query.toString();
  return text ? `?${text}` : '';
}

export const managerApiPaths = {
  signupCodesCsv: (residenceId: string) => `/api/manager/residences/${residenceId}/signup-codes.csv`,
  dailyCsv: (dwellingId: string, range: DailyRange) => `/api/manager/dwellings/${dwellingId}/daily.csv${rangeQuery(range)}`,
  documentDownload: (documentId: string) => `/api/manager/documents/${documentId}/download`,
};

/** The manager space's API calls, each keyed for TanStack Query. */
export const managerQueries = {
  residences: (search: string, page: number) => ({
    queryKey: ['manager', 'residences', search, page],
    queryFn: () => {
      const query = new URLSearchParams({ page: String(page), pageSize: String(RESIDENCES_PAGE_SIZE) });
      if (search) query.set('search', search);
      return apiRequest<ResidencePage>(`/api/manager/residences?${query.toString()}`);
    },
  }),
  residence: (residenceId: string) => ({
    queryKey: ['manager', 'residence', residenceId],
    queryFn: () => apiRequest<ResidenceDetail>(`/api/manager/residences/${residenceId}`),
  }),
  daily: (dwellingId: string, range: DailyRange) => ({
    queryKey: ['manager', 'daily', dwellingId, range.from, range.to],
    queryFn: () => apiRequest<ConsentedDaily>(`/api/manager/dwellings/${dwellingId}/daily${rangeQuery(range)}`),
  }),
  documents: () => ({
    queryKey: ['manager', 'documents'],
    queryFn: () => apiRequest<DocumentList>('/api/manager/documents'),
  }),
  document: (documentId: string) => ({
    queryKey: ['manager', 'document', documentId],
    queryFn: () => apiRequest<DocumentDetail>(`/api/manager/documents/${documentId}`),
  }),
  kit: () => ({ queryKey: ['manager', 'kit'], queryFn: () => apiRequest<SignupKit>('/api/manager/kit') }),
};
