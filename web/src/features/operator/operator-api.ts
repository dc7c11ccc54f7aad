import type { z } from 'zod';
import type {
  clientBody,
  clientDetail,
  clientKind,
  clientPage,
  contractBody,
  contractOption,
  managerInvitationSent,
  managerInviteBody,
  managerUser,
} from '../../../../server/modules/backoffice/clients.schemas.ts';
import type { invitationSent, inviteStaffBody, staffUser, staffUserList } from '../../../../server/modules/backoffice/staff-users.schemas.ts';
import { apiRequest } from '../../api/client.ts';

// Where the server's schemas exist, the response shapes are those schemas, imported as types only (nothing of the server is bundled).
export type StaffUser = z.infer<typeof staffUser>;
type StaffUserList = z.infer<typeof staffUserList>;
type InvitationSent = z.infer<typeof invitationSent>;
export type ClientPage = z.infer<typeof clientPage>;
export type ClientDetail = z.infer<typeof clientDetail>;
export type ClientKind = z.infer<typeof clientKind>;
export type ContractOption = z.infer<typeof contractOption>;
export type ManagerUser = z.infer<typeof managerUser>;
type ManagerInvitationSent = z.infer<typeof managerInvitationSent>;


// Response shapes of the staff API (/api/staff/…).
export interface Address {
  street: string;
  postalCode: string;
  city: string;
}

export interface ResidenceSummary {
  id: string;
  buildingCode: string;
  name: string | null;
  address: Address;
  clientName: string;
  publishedAt: string | null;
  dwellingCount: number;
  lastReadingAt: string | null;
}

export interface ResidencePage {
  residences: ResidenceSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface DeviceSummary {
  id: string;
  kind: string;
  serialNumber: string;
  manufacturer: string | null;
  removedOn: string | null;
  lastReadingAt: string | null;
}

export interface DwellingSummary {
  id: string;
  clientNumber: string;
  building: string;
  staircase: string;
  floor: string;
  dwellingCode: string;
  reference: string;
  hasResidentAccount: boolean;
  devices: DeviceSummary[];
}

export interface ResidenceDetail extends ResidenceSummary {
  hasData: boolean;
  readingCount?: number;
  dwellings: DwellingSummary[];
}

export const RESIDENCES_PAGE_SIZE = 25;

/** The back office's API calls, each keyed for TanStack Query. */
export const operatorQueries = {
  search: (search: string) => ({
    queryKey: ['staff', 'search', search],
    queryFn: () => apiRequest<SearchResults>(`/api/staff/search?${new URLSearchParams({ q: search }).toString()}`),
  }),
  residences: (search: string, page: number) => ({
    queryKey: ['staff', 'residences', search, page],
    queryFn: () => {
      const query = new URLSearchParams({ page: String(page), pageSize: String(RESIDENCES_PAGE_SIZE) });
      if (search) query.set('search', search);
      return apiRequest<ResidencePage>(`/api/staff/residences?${query.toString()}`);
    },
  }),
  residence: (residenceId: string) => ({
    queryKey: ['staff', 'residence', residenceId],
    queryFn: () => apiRequest<ResidenceDetail>(`/api/staff/residences/${residenceId}`),
  }),
  assistanceRequests: (status: AssistanceStatus | 'all', page: number) => ({
    queryKey: ['staff', 'assistance', status, page],
    queryFn: () => {
      const query = new URLSearchParams({ page: String(page), pageSize: String(ASSISTANCE_PAGE_SIZE) });
      if (status !== 'all') query.set('status', status);
      return apiRequest<AssistanceRequestPage>(`/api/staff/assistance-requests?${query.toString()}`);
    },
  }),
  assistanceRequest: (requestId: string) => ({
    queryKey: ['staff', 'assistance-request', requestId],
    queryFn: () => apiRequest<AssistanceRequestDetail>(`/api/staff/assistance-requests/${requestId}`),
  }),
  clients: (search: string, page: number) => ({
    queryKey: ['staff', 'clients', search, page],
    queryFn: () => {
      const query = new URLSearchParams({ page: String(page), pageSize: String(RESIDENCES_PAGE_SIZE) });
      if (search) query.set('search', search);
      return apiRequest<ClientPage>(`/api/staff/clients?${query.toString()}`);
    },
  }),
  client: (clientId: string) => ({ queryKey: ['staff', 'client', clientId], queryFn: () => apiRequest<ClientDetail>(`/api/staff/clients/${clientId}`) }),
  residentAccounts: (search: string) => ({
    queryKey: ['staff', 'resident-accounts', search],
    queryFn: () => apiRequest<{ items: ResidentAccount[] }>(`/api/staff/resident-accounts?${new URLSearchParams({ search }).toString()}`),
  }),
  staffUsers: () => ({ queryKey: ['staff', 'staff-users'], queryFn: () => apiRequest<StaffUserList>('/api/staff/staff-users') }),
};

export const operatorCommands = {
  inviteStaffUser: (body: z.input<typeof inviteStaffBody>) => apiRequest<InvitationSent>('/api/staff/staff-users', { body }),
  resendStaffInvitation: (userId: string) => apiRequest<InvitationSent>(`/api/staff/staff-users/${userId}/invitation`, { method: 'POST', body: {} }),
  changeStaffRole: (userId: string, role: StaffUser['role']) => apiRequest<StaffUser>(`/api/staff/staff-users/${userId}`, { method: 'PATCH', body: { role } }),
  deactivateStaffUser: (userId: string) => apiRequest<StaffUser>(`/api/staff/staff-users/${userId}/deactivate`, { method: 'POST', body: {} }),
  replyToAssistance: (requestId: string, text: string) =>
    apiRequest<AssistanceRequestDetail>(`/api/staff/assistance-requests/${requestId}/replies`, { body: { text } }),
  sendAssistanceCodes: (requestId: string, dwellingCode: string | undefined) =>
    apiRequest<AssistanceRequestDetail>(`/api/staff/assistance-requests/${requestId}/signup-codes`, { body: dwellingCode ? { dwellingCode } : {} }),
  setAssistanceStatus: (requestId: string, status: AssistanceStatus) =>
    apiRequest<AssistanceRequestDetail>(`/api/staff/assistance-requests/${requestId}`, { method: 'PATCH', body: { status } }),
  createClient: (body: z.input<typeof clientBody>) => apiRequest<ClientDetail>('/api/staff/clients', { body }),
  createContract: (clientId: string, body: z.input<typeof contractBody>) => apiRequest<ClientDetail>(`/api/staff/clients/${clientId}/contracts`, { body }),
  inviteManager: (clientId: string, body: z.input<typeof managerInviteBody>) =>
    apiRequest<ManagerInvitationSent>(`/api/staff/clients/${clientId}/managers`, { body }),
  resendManagerInvitation: (managerId: string) => apiRequest<ManagerInvitationSent>(`/api/staff/managers/${managerId}/invitation`, { method: 'POST', body: {} }),
  deactivateManager: (managerId: string) => apiRequest<ManagerUser>(`/api/staff/managers/${managerId}/deactivate`, { method: 'POST', body: {} }),
  closeResidentAccount: (userId: string, movedOutOn: string) =>
    apiRequest<ResidentAccount>(`/api/staff/resident-accounts/${userId}/close`, { body: { movedOutOn } }),
  liftLockout: (userId: string) => apiRequest<ResidentAccount>(`/api/staff/resident-accounts/${userId}/unlock`, { method: 'POST', body: {} }),
  resendSignupCode: (email: string) => apiRequest<unknown>('/api/staff/signup-codes/resend', { body: { email } }),
  publishResidence: (residenceId: string) => apiRequest<{ publishedAt: string }>(`/api/staff/residences/${residenceId}/publish`, { method: 'POST', body: {} }),
};

export interface SearchResults {
  residences: ResidenceSummary[];
  dwellings: { id: string; residenceId: string; buildingCode: string; dwellingCode: string; reference: string; clientNumber: string }[];
  devices: { id: string; serialNumber: string; kind: string; residenceId: string; buildingCode: string; dwellingCode: string; removedOn: string | null }[];
  residents: { userId: string; email: string; residenceId: string; buildingCode: string; dwellingCode: string; closedAt: string | null }[];
}

export const ASSISTANCE_STATUSES = ['new', 'in_progress', 'answered', 'closed'] as const;
export type AssistanceStatus = (typeof ASSISTANCE_STATUSES)[number];
export const ASSISTANCE_PAGE_SIZE = 25;

export interface AssistanceRequestSummary {
  id: string;
  reference: string;
  createdAt: string;
  name: string;
  email: string;
  serialNumber: string | null;
  buildingCode: string | null;
  dwellingReference: string | null;
  status: AssistanceStatus;
}

export interface AssistanceRequestPage {
  items: AssistanceRequestSummary[];
  page: number;
  pageSize: number;
  total: number;
}

export interface AssistanceRequestDetail extends AssistanceRequestSummary {
  phone: string | null;
  message: string;
  page: string;
  replies: { id: string; createdAt: string; staffName: string; text: string }[];
}

export interface ResidentAccount {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  residenceId: string;
  buildingCode: string;
  dwellingCode: string;
  createdAt: string;
  closedAt: string | null;
  lockedUntil: string | null;
}
