import type { z } from 'zod';
import type { degreeDaysImported, heatingClimate, residenceStation, weatherStationList } from '#shared/contracts/climate.ts';
import { apiRequest } from '../../api/client.ts';

export type HeatingClimate = z.infer<typeof heatingClimate>;
export type HeatingClimateMonth = HeatingClimate['months'][number];
type DegreeDaysImported = z.infer<typeof degreeDaysImported>;
type WeatherStationList = z.infer<typeof weatherStationList>;
type ResidenceStation = z.infer<typeof residenceStation>;

/** Heating at equal climate: the resident's figures, the staff's degree-day imports and stations. */
export const climateQueries = {
  heating: () => ({ queryKey: ['resident', 'heating-climate'], queryFn: () => apiRequest<HeatingClimate>('/api/resident/heating-climate') }),
  stations: () => ({ queryKey: ['staff', 'climate', 'stations'], queryFn: () => apiRequest<WeatherStationList>('/api/climate/stations') }),
  residenceStation: (residenceId: string) => ({
    queryKey: ['staff', 'climate', 'residence', residenceId],
    queryFn: () => apiRequest<ResidenceStation>(`/api/climate/residences/${residenceId}/station`),
  }),
};

export const climateCommands = {
  importDegreeDays: (text: string) => apiRequest<DegreeDaysImported>('/api/climate/degree-days', { body: text, contentType: 'text/csv' }),
  setResidenceStation: (residenceId: string, station: string | null) =>
    apiRequest<ResidenceStation>(`/api/climate/residences/${residenceId}/station`, { method: 'PUT', body: { station } }),
};
