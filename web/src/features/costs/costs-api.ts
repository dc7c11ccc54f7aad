import type { z } from 'zod';
import type { energySupplyBody, ManagerResidenceCosts, ResidenceTariffs, ResidentCosts, tariffRateBody } from '#shared/contracts/tariffs.ts';
import { apiRequest } from '../../api/client.ts';

export type { ManagerResidenceCosts, ResidenceTariffs, ResidentCosts };
export type CostPeriod = ResidentCosts['months'][number];
export type CostFigure = CostPeriod['fluids'][number];

/** The costs and CO₂ API calls, each keyed for TanStack Query (staff keys under `staff`, refreshed after every staff action). */
export const costsQueries = {
  resident: () => ({ queryKey: ['resident', 'costs'], queryFn: () => apiRequest<ResidentCosts>('/api/resident/costs') }),
  manager: (residenceId: string) => ({
    queryKey: ['manager', 'costs', residenceId],
    queryFn: () => apiRequest<ManagerResidenceCosts>(`/api/manager/residences/${encodeURIComponent(residenceId)}/costs`),
  }),
  staff: (residenceId: string) => ({
    queryKey: ['staff', 'tariffs', residenceId],
    queryFn: () => apiRequest<ResidenceTariffs>(`/api/staff/residences/${encodeURIComponent(residenceId)}/tariffs`),
  }),
};

export const costsCommands = {
  addRate: (residenceId: string, body: z.input<typeof tariffRateBody>) =>
    apiRequest<ResidenceTariffs>(`/api/staff/residences/${encodeURIComponent(residenceId)}/tariffs/rates`, { method: 'POST', body }),
  addSupply: (residenceId: string, body: z.input<typeof energySupplyBody>) =>
    apiRequest<ResidenceTariffs>(`/api/staff/residences/${encodeURIComponent(residenceId)}/tariffs/supplies`, { method: 'POST', body }),
};
