import type { apiTokenCreateBody, apiTokenCreated, apiTokenSummary } from '#shared/contracts/api-tokens.ts';
import type { z } from 'zod';
import type {
  emailChangeConfirmed,
  emailChangeRequestBody,
  emailChangeRequested,
  moveOutBody,
  moveOutDeclared,
  residentDaily,
  residentDashboard,
  residentHourly,
  residentOptions,
  residentProfile,
  residentProfileBody,
} from '#shared/contracts/residents.ts';
import { apiRequest } from '../../api/client.ts';

// The request and response shapes are the contract's schemas (shared/contracts), imported as types only.
export type ResidentDashboard = z.infer<typeof residentDashboard>;
export type FluidDashboard = ResidentDashboard['fluids'][number];
export type MonthEntry = FluidDashboard['months'][number];
export type ResidentDaily = z.infer<typeof residentDaily>;
export type ResidentHourly = z.infer<typeof residentHourly>;
export type Fluid = FluidDashboard['fluid'];
export type ResidentOptions = z.infer<typeof residentOptions>;
export type ResidentProfile = z.infer<typeof residentProfile>;
export type EmailChangeRequested = z.infer<typeof emailChangeRequested>;
export type EmailChangeConfirmed = z.infer<typeof emailChangeConfirmed>;
export type MoveOutDeclared = z.infer<typeof moveOutDeclared>;
export type ApiTokenSummary = z.infer<typeof apiTokenSummary>;
export type ApiTokenCreated = z.infer<typeof apiTokenCreated>;

/** The resident portal's API calls, each keyed for TanStack Query. */
export const residentQueries = {
  dashboard: () => ({
    queryKey: ['resident', 'dashboard'],
    queryFn: () => apiRequest<ResidentDashboard>('/api/resident/consumption'),
  }),
  daily: (fluid: Fluid, range: { from?: string | undefined; to?: string | undefined }) => ({
    queryKey: ['resident', 'daily', fluid, range.from ?? '', range.to ?? ''],
    queryFn: () => {
      const query = new URLSearchParams({ fluid });
      if (range.from) query.set('from', range.from);
      if (range.to) query.set('to', range.to);
      return apiRequest<ResidentDaily>(`/api/resident/consumption/daily?${query.toString()}`);
    },
  }),
  hourly: (fluid: Fluid, day: string) => ({
    queryKey: ['resident', 'hourly', fluid, day],
    queryFn: () => apiRequest<ResidentHourly>(`/api/resident/consumption/hourly?${new URLSearchParams({ fluid, day }).toString()}`),
  }),
};

/** Downloads the browser fetches itself (links), with the session cookie. */
export const residentDownloads = {
  consumptionCsv: (period: 'daily' | 'monthly') => `/api/resident/export/consumption.csv?period=${period}`,
  personalData: () => '/api/resident/export/personal-data.json',
};

/** The resident's settings and data rights, one function per route. */
export const residentApi = {
  options: () => apiRequest<ResidentOptions>('/api/resident/options'),
  saveOptions: (body: ResidentOptions) => apiRequest<ResidentOptions>('/api/resident/options', { method: 'PUT', body }),
  profile: () => apiRequest<ResidentProfile>('/api/resident/profile'),
  saveProfile: (body: z.input<typeof residentProfileBody>) => apiRequest<ResidentProfile>('/api/resident/profile', { method: 'PUT', body }),
  requestEmailChange: (body: z.input<typeof emailChangeRequestBody>) => apiRequest<EmailChangeRequested>('/api/resident/email-change', { body }),
  confirmEmailChange: (code: string) => apiRequest<EmailChangeConfirmed>('/api/resident/email-change/confirm', { body: { code } }),
  declareMoveOut: (body: z.input<typeof moveOutBody>) => apiRequest<MoveOutDeclared>('/api/resident/move-out', { method: 'PUT', body }),
  apiTokens: () => apiRequest<{ tokens: ApiTokenSummary[] }>('/api/resident/api-tokens'),
  createApiToken: (body: z.input<typeof apiTokenCreateBody>) => apiRequest<ApiTokenCreated>('/api/resident/api-tokens', { body }),
  revokeApiToken: (id: string) => apiRequest<undefined>(`/api/resident/api-tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  deleteAccount: (currentPassword: string) => apiRequest<undefined>('/api/resident/account', { method: 'DELETE', body: { currentPassword } }),
};

export const residentSettingsKeys = {
  options: ['resident', 'options'] as const,
  profile: ['resident', 'profile'] as const,
  apiTokens: ['resident', 'api-tokens'] as const,
};
