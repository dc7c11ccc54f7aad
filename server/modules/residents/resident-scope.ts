import type { AppContext } from '../../app-context.ts';
import type { DeviceUnit, Fluid } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { FLUID_OF_KIND } from '../consumption/consumption.service.ts';
import { localDayOf } from '../consumption/time-zone.ts';
import { selectResidentDwelling } from './resident-consumption.queries.ts';

/**
 * Everything a resident's request may read, resolved once per request from the session's
 * user: their dwelling, the fluids it has, today in the residence's time zone, and the
 * privacy boundary. Every consumption query of this module starts from here, so none can
 * reach another dwelling or a day before the boundary.
 */
export interface ResidentScope {
  userId: string;
  dwellingId: string;
  residenceId: string;
  timeZone: string;
  /** The first day this resident may see (SPEC §3 step 3). */
  boundaryDay: string;
  today: string;
  fluids: Array<{ fluid: Fluid; unit: DeviceUnit }>;
  dwelling: {
    clientNumber: string;
    building: string;
    staircase: string;
    floor: string;
    dwellingCode: string;
  };
  residence: { name: string | null; buildingCode: string; street: string; postalCode: string; city: string };
  /** The residence's consumption version: what the engine last wrote for it (see the dashboard cache). */
  consumptionVersion: string;
}

const FLUID_ORDER: Fluid[] = ['hot_water', 'cold_water', 'heating'];

export async function resolveResidentScope(
  context: Pick<AppContext, 'db' | 'clock'>,
  resident: string | { userId: string; dwellingId: string },
): Promise<ResidentScope> {
  const userId = typeof resident === 'string' ? resident : resident.userId;
  const row = await selectResidentDwelling(context.db, userId);
  const boundaryDay = row?.boundary_day;
  if (!row || !boundaryDay || (typeof resident !== 'string' && row.dwelling_id !== resident.dwellingId)) throw new AppError('unauthenticated');
  const units = row.device_units;
  const fluids = new Map<Fluid, DeviceUnit>();
  for (const { kind, unit } of units) if (!fluids.has(FLUID_OF_KIND[kind])) fluids.set(FLUID_OF_KIND[kind], unit);
  return {
    userId,
    dwellingId: row.dwelling_id,
    residenceId: row.residence_id,
    timeZone: row.time_zone,
    boundaryDay,
    today: localDayOf(context.clock.now().getTime(), row.time_zone),
    fluids: [...fluids]
      .map(([fluid, unit]) => ({ fluid, unit }))
      .sort((left, right) => FLUID_ORDER.indexOf(left.fluid) - FLUID_ORDER.indexOf(right.fluid)),
    dwelling: {
      clientNumber: row.client_number,
      building: row.building,
      staircase: row.staircase,
      floor: row.floor,
      dwellingCode: row.dwelling_code,
    },
    residence: { name: row.residence_name, buildingCode: row.building_code, street: row.street, postalCode: row.postal_code, city: row.city },
    consumptionVersion: row.consumption_version,
  };
}

/** The later of two days. */
export function laterDay(left: string, right: string): string {
  return left > right ? left : right;
}
