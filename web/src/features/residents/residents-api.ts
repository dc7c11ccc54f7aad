import type { z } from 'zod';
import type { residentDaily, residentDashboard, residentHourly } from '../../../../server/modules/residents/residents.schemas.ts';
import { apiRequest } from '../../api/client.ts';

// The response shapes are the server's own schemas, imported as types only (nothing of the server is bundled).
export type ResidentDashboard = z.infer<typeof residentDashboard>;
export type FluidDashboard = ResidentDashboard['fluids'][number];
export type MonthEntry = FluidDashboard['months'][number];
export type Period = NonNullable<FluidDashboard['currentMonth']>;
export type ResidentDaily = z.infer<typeof residentDaily>;
export type ResidentHourly = z.infer<typeof residentHourly>;
export type Fluid = FluidDashboard['fluid'];
export type Unit = FluidDashboard['unit'];

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
