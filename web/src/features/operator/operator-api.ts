import type { z } from 'zod';
import type {
  alertNoticePage,
  alertNoticeRetryResult,
  assistanceDetail,
  assistancePage,
  assistanceStatus,
  auditPage,
  clientBody,
  clientDetail,
  clientKind,
  clientPage,
  closeOnMoveOutBody,
  closeOnMoveOutResult,
  codeReplyDraft,
  contractBody,
  contractOption,
  contractPatchBody,
  createdDataSource,
  dataHealthDecisionResult,
  dataHealthItemsPage,
  dataHealthItemStatus,
  dataSource,
  dataSourceList,
  deviceKind,
  devicePage,
  dwellingDetail,
  dwellingPage,
  inventoryApplied,
  inventoryPreview,
  invitationSent,
  inviteStaffBody,
  managerInvitationSent,
  managerInviteBody,
  managerPatchBody,
  managerUser,
  occupantChangeBody,
  outboxDetail,
  outboxPage,
  outboxStatus,
  publicationResult,
  readingsApplied,
  readingsPreview,
  registerDeviceBody,
  registerDeviceResult,
  replacementBody,
  replacementResult,
  replayBody,
  replayResult,
  replyBody,
  resendCodeResult,
  residenceDetail,
  residenceHealthPage,
  residencePage,
  residentAccountPage,
  signupLookupBudgetLift,
  staffUser,
  staffUserList,
} from '#shared/contracts/backoffice.ts';
import type { quarantineResponseSchema, readingsCsvOptions } from '#shared/contracts/ingest.ts';
import { apiRequest } from '../../api/client.ts';

// The request and response shapes are the contract's schemas (shared/contracts), imported as types only.
export type StaffUser = z.infer<typeof staffUser>;
type StaffUserList = z.infer<typeof staffUserList>;
type InvitationSent = z.infer<typeof invitationSent>;
export type ResidencePage = z.infer<typeof residencePage>;
export type ResidenceDetail = z.infer<typeof residenceDetail>;
export type DwellingPage = z.infer<typeof dwellingPage>;
export type DwellingDetail = z.infer<typeof dwellingDetail>;
export type DevicePage = z.infer<typeof devicePage>;
export type Device = DwellingDetail['devices'][number];
type PublicationResult = z.infer<typeof publicationResult>;
type ReplacementResult = z.infer<typeof replacementResult>;
export type AssistanceStatus = z.infer<typeof assistanceStatus>;
export type AssistanceRequestPage = z.infer<typeof assistancePage>;
export type AssistanceRequestDetail = z.infer<typeof assistanceDetail>;
export type CodeReplyDraft = z.infer<typeof codeReplyDraft>;
export type InventoryPreview = z.infer<typeof inventoryPreview>;
export type ReadingsPreview = z.infer<typeof readingsPreview>;
export type UploadKind = 'inventory' | 'readings';
/** How the readings import reads a file (column names, unit, zone, separator); every field optional. */
export type ReadingsOptions = Omit<z.input<typeof readingsCsvOptions>, 'origin'>;
type UploadApplied = z.infer<typeof inventoryApplied> | z.infer<typeof readingsApplied>;
export type DeviceKind = z.infer<typeof deviceKind>;
export type QuarantinedMessage = z.infer<typeof quarantineResponseSchema>['messages'][number];
export type DataSource = z.infer<typeof dataSource>;
type ResidenceHealthPage = z.infer<typeof residenceHealthPage>;
export type DataHealthItem = z.infer<typeof dataHealthItemsPage>['items'][number];
export type DataHealthItemStatus = z.infer<typeof dataHealthItemStatus>;
export interface DataHealthItemFilters {
  buildingCode: string;
  serialNumber: string;
  status: DataHealthItemStatus | undefined;
}
type ReplayResult = z.infer<typeof replayResult>;
type RegisterDeviceResult = z.infer<typeof registerDeviceResult>;
export type ResidentAccountPage = z.infer<typeof residentAccountPage>;
export type ResidentAccount = ResidentAccountPage['items'][number];
export type OutboxStatus = z.infer<typeof outboxStatus>;
export type OutboxMessage = z.infer<typeof outboxPage>['items'][number];
export type AlertNotice = z.infer<typeof alertNoticePage>['items'][number];
export type AuditPage = z.infer<typeof auditPage>;
/** What the audit trail is searched by; times are UTC instants (ISO 8601). */
export interface AuditFilters {
  actorEmail?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
}
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'outbox'] as const satisfies readonly OutboxStatus[];
export type ClientPage = z.infer<typeof clientPage>;
export type ClientDetail = z.infer<typeof clientDetail>;
export type ClientKind = z.infer<typeof clientKind>;
export type ContractOption = z.infer<typeof contractOption>;
export type ManagerUser = z.infer<typeof managerUser>;
type ManagerInvitationSent = z.infer<typeof managerInvitationSent>;

const PAGE_SIZE = 25;

/** `page`, `pageSize` and, when there is one, `search`, as the staff list routes read them. */
function pageQuery(search: string, page: number, pageSize = PAGE_SIZE): string {
  const query = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  if (search) query.set('search', search);
  return query.toString();
}

/** The back office's API calls, each keyed for TanStack Query. */
export const operatorQueries = {
  residences: (search: string, page: number) => ({
    queryKey: ['staff', 'residences', search, page],
    queryFn: () => apiRequest<ResidencePage>(`/api/staff/residences?${pageQuery(search, page)}`),
  }),
  dwellings: (search: string, page: number) => ({
    queryKey: ['staff', 'dwellings', search, page],
    queryFn: () => apiRequest<DwellingPage>(`/api/staff/dwellings?${pageQuery(search, page)}`),
  }),
  dwelling: (dwellingId: string) => ({
    queryKey: ['staff', 'dwelling', dwellingId],
    queryFn: () => apiRequest<DwellingDetail>(`/api/staff/dwellings/${dwellingId}`),
  }),
  devices: (search: string, page: number) => ({
    queryKey: ['staff', 'devices', search, page],
    queryFn: () => apiRequest<DevicePage>(`/api/staff/devices?${pageQuery(search, page)}`),
  }),
  residence: (residenceId: string) => ({
    queryKey: ['staff', 'residence', residenceId],
    queryFn: () => apiRequest<ResidenceDetail>(`/api/staff/residences/${residenceId}`),
  }),
  assistanceRequests: (status: AssistanceStatus | 'all', search: string, page: number) => ({
    queryKey: ['staff', 'assistance', status, search, page],
    queryFn: () => {
      const query = new URLSearchParams(pageQuery(search, page));
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
    queryFn: () => apiRequest<ClientPage>(`/api/staff/clients?${pageQuery(search, page)}`),
  }),
  client: (clientId: string) => ({ queryKey: ['staff', 'client', clientId], queryFn: () => apiRequest<ClientDetail>(`/api/staff/clients/${clientId}`) }),
  residentAccounts: (search: string, includeClosed: boolean, page: number) => ({
    queryKey: ['staff', 'resident-accounts', search, includeClosed, page],
    queryFn: () => {
      const query = new URLSearchParams(pageQuery(search, page));
      if (includeClosed) query.set('includeClosed', 'true');
      return apiRequest<ResidentAccountPage>(`/api/staff/resident-accounts?${query.toString()}`);
    },
  }),
  residenceHealth: (page: number) => ({
    queryKey: ['staff', 'residence-health', page],
    queryFn: () => apiRequest<ResidenceHealthPage>(`/api/staff/data-health/residences?${pageQuery('', page)}`),
  }),
  dataHealthItems: (filters: DataHealthItemFilters, page: number) => ({
    queryKey: ['staff', 'data-health-items', filters, page],
    queryFn: () => {
      const query = new URLSearchParams({ page: String(page) });
      if (filters.buildingCode) query.set('buildingCode', filters.buildingCode);
      if (filters.serialNumber) query.set('serialNumber', filters.serialNumber);
      if (filters.status) query.set('status', filters.status);
      return apiRequest<z.infer<typeof dataHealthItemsPage>>(`/api/staff/data-health/items?${query.toString()}`);
    },
  }),
  quarantine: () => ({ queryKey: ['staff', 'quarantine'], queryFn: () => apiRequest<z.infer<typeof quarantineResponseSchema>>('/api/staff/quarantine?limit=200') }),
  dataSources: () => ({ queryKey: ['staff', 'data-sources'], queryFn: () => apiRequest<z.infer<typeof dataSourceList>>('/api/staff/data-sources') }),
  outbox: (filters: { status: OutboxStatus | undefined; channel: 'email' | 'sms' | undefined; search: string }, page: number) => ({
    queryKey: ['staff', 'outbox', filters, page],
    queryFn: () => {
      const query = new URLSearchParams(pageQuery(filters.search, page));
      if (filters.status) query.set('status', filters.status);
      if (filters.channel) query.set('channel', filters.channel);
      return apiRequest<z.infer<typeof outboxPage>>(`/api/staff/outbox?${query.toString()}`);
    },
  }),
  outboxMessage: (messageId: string) => ({
    queryKey: ['staff', 'outbox-message', messageId],
    queryFn: () => apiRequest<z.infer<typeof outboxDetail>>(`/api/staff/outbox/${messageId}`),
  }),
  alertNotices: (page: number) => ({
    queryKey: ['staff', 'alert-notices', page],
    queryFn: () => apiRequest<z.infer<typeof alertNoticePage>>(`/api/staff/alert-notices?${pageQuery('', page)}`),
  }),
  auditEvents: (filters: AuditFilters, page: number) => ({
    queryKey: ['staff', 'audit', filters, page],
    queryFn: () => {
      const query = new URLSearchParams(pageQuery('', page, 50));
      for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
      return apiRequest<AuditPage>(`/api/staff/audit-events?${query.toString()}`);
    },
  }),
  staffUsers: () => ({ queryKey: ['staff', 'staff-users'], queryFn: () => apiRequest<StaffUserList>('/api/staff/staff-users') }),
};

export const operatorCommands = {
  inviteStaffUser: (body: z.input<typeof inviteStaffBody>) => apiRequest<InvitationSent>('/api/staff/staff-users', { body }),
  resendStaffInvitation: (userId: string) => apiRequest<InvitationSent>(`/api/staff/staff-users/${userId}/invitation`, { method: 'POST', body: {} }),
  changeStaffRole: (userId: string, role: StaffUser['role']) => apiRequest<StaffUser>(`/api/staff/staff-users/${userId}`, { method: 'PATCH', body: { role } }),
  deactivateStaffUser: (userId: string) => apiRequest<StaffUser>(`/api/staff/staff-users/${userId}/deactivate`, { method: 'POST', body: {} }),
  replyToAssistance: (requestId: string, body: z.input<typeof replyBody>) =>
    apiRequest<AssistanceRequestDetail>(`/api/staff/assistance-requests/${requestId}/replies`, { body }),
  draftCodeReply: (requestId: string, dwellingId?: string) =>
    apiRequest<CodeReplyDraft>(
      `/api/staff/assistance-requests/${requestId}/code-reply${dwellingId ? `?${new URLSearchParams({ dwellingId }).toString()}` : ''}`,
    ),
  setAssistanceStatus: (requestId: string, status: AssistanceStatus) =>
    apiRequest<AssistanceRequestDetail>(`/api/staff/assistance-requests/${requestId}`, { method: 'PATCH', body: { status } }),
  createClient: (body: z.input<typeof clientBody>) => apiRequest<ClientDetail>('/api/staff/clients', { body }),
  createContract: (clientId: string, body: z.input<typeof contractBody>) => apiRequest<ClientDetail>(`/api/staff/clients/${clientId}/contracts`, { body }),
  editContract: (contractId: string, body: z.input<typeof contractPatchBody>) =>
    apiRequest<ClientDetail>(`/api/staff/contracts/${contractId}`, { method: 'PATCH', body }),
  inviteManager: (clientId: string, body: z.input<typeof managerInviteBody>) =>
    apiRequest<ManagerInvitationSent>(`/api/staff/clients/${clientId}/managers`, { body }),
  editManager: (managerId: string, body: z.input<typeof managerPatchBody>) => apiRequest<ManagerUser>(`/api/staff/managers/${managerId}`, { method: 'PATCH', body }),
  setManagerResidences: (managerId: string, residenceIds: string[]) =>
    apiRequest<ManagerUser>(`/api/staff/managers/${managerId}/residences`, { method: 'PUT', body: { residenceIds } }),
  resendManagerInvitation: (managerId: string) => apiRequest<ManagerInvitationSent>(`/api/staff/managers/${managerId}/invitation`, { method: 'POST', body: {} }),
  deactivateManager: (managerId: string) => apiRequest<ManagerUser>(`/api/staff/managers/${managerId}/deactivate`, { method: 'POST', body: {} }),
  closeOnMoveOut: (userId: string, body: z.input<typeof closeOnMoveOutBody>) =>
    apiRequest<z.infer<typeof closeOnMoveOutResult>>(`/api/staff/resident-accounts/${userId}/move-out`, { body }),
  liftLockout: (userId: string) => apiRequest<ResidentAccount>(`/api/staff/resident-accounts/${userId}/lockout/lift`, { method: 'POST', body: {} }),
  resendSignupCode: (email: string) => apiRequest<z.infer<typeof resendCodeResult>>('/api/staff/signup-codes/resend', { body: { email } }),
  previewUpload: (kind: UploadKind, text: string, options: ReadingsOptions = {}) => {
    const query = new URLSearchParams(Object.entries(options).filter((entry): entry is [string, string] => typeof entry[1] === 'string')).toString();
    return apiRequest<InventoryPreview | ReadingsPreview>(`/api/staff/uploads/${kind}/preview${query ? `?${query}` : ''}`, { body: text, contentType: 'text/csv' });
  },
  applyUpload: (kind: UploadKind, previewId: string, text: string) =>
    apiRequest<UploadApplied>(`/api/staff/uploads/${kind}/apply?${new URLSearchParams({ previewId }).toString()}`, { body: text, contentType: 'text/csv' }),
  registerQuarantinedDevice: (body: z.input<typeof registerDeviceBody>) => apiRequest<RegisterDeviceResult>('/api/staff/quarantine/devices', { body }),
  replayQuarantine: (body: z.input<typeof replayBody>) => apiRequest<ReplayResult>('/api/staff/quarantine/replay', { body }),
  decideDataHealthItem: (itemId: string, status: 'real' | 'glitch') =>
    apiRequest<z.infer<typeof dataHealthDecisionResult>>(`/api/staff/data-health/items/${itemId}/decision`, { body: { status } }),
  createDataSource: (name: string) => apiRequest<z.infer<typeof createdDataSource>>('/api/staff/data-sources', { body: { name } }),
  revokeDataSource: (sourceId: string) => apiRequest<z.infer<typeof dataSourceList>>(`/api/staff/data-sources/${sourceId}/revoke`, { method: 'POST', body: {} }),
  retryOutboxMessage: (messageId: string) => apiRequest<z.infer<typeof outboxDetail>>(`/api/staff/outbox/${messageId}/retry`, { method: 'POST', body: {} }),
  retryAlertNotice: (noticeId: string) =>
    apiRequest<z.infer<typeof alertNoticeRetryResult>>(`/api/staff/alert-notices/${noticeId}/retry`, { method: 'POST', body: {} }),
  liftSignupLookupBudget: (residenceId: string) =>
    apiRequest<z.infer<typeof signupLookupBudgetLift>>(`/api/staff/residences/${residenceId}/signup-lookup-budget/lift`, { method: 'POST', body: {} }),
  publishResidence: (residenceId: string) => apiRequest<PublicationResult>(`/api/staff/residences/${residenceId}/publication`, { method: 'POST', body: {} }),
  recordOccupantChange: (dwellingId: string, body: z.input<typeof occupantChangeBody>) =>
    apiRequest<DwellingDetail>(`/api/staff/dwellings/${dwellingId}/occupant-changes`, { body }),
  replaceDevice: (deviceId: string, body: z.input<typeof replacementBody>) =>
    apiRequest<ReplacementResult>(`/api/staff/devices/${deviceId}/replacement`, { body }),
};

export const ASSISTANCE_STATUSES = ['new', 'in_progress', 'answered', 'closed'] as const satisfies readonly AssistanceStatus[];

