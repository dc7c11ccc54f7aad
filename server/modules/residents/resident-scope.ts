import type { Clock } from '../../clock.ts';
import type { DeviceUnit, Fluid } from '../../db/schema.ts';
import type { ResidentCaller } from '../../http/guards.ts';
import { FLUID_OF_KIND } from '../consumption/consumption.service.ts';
import { localDayOf } from '../../kernel/local-time.ts';
import type { ResidentDwelling } from '../occupancy/occupancy.service.ts';

/**
 * Everything a resident's request may read, resolved once per request from the session's
 * user: their dwelling, the fluids it has, today in the residence's time zone, and the
 * privacy boundary. Every consumption query of this module starts from here, so none can
 * reach another dwelling or a day before the boundary.
 */
export interface ResidentScope extends Omit<ResidentDwelling, 'deviceUnits'> {
  userId: string;
  /** Today in the residence's time zone. */
  today: string;
  /** The fluids the dwelling's devices measure (current or past), hot water first. */
  fluids: Array<{ fluid: Fluid; unit: DeviceUnit }>;
}

const FLUID_ORDER: Fluid[] = ['hot_water', 'cold_water', 'heating'];

/** The scope of the resident calling: their session already holds their dwelling, so no query is made. */
export function residentScopeOf(resident: ResidentCaller, clock: Clock): ResidentScope {
  const fluids = new Map<Fluid, DeviceUnit>();
  for (const { kind, unit } of resident.deviceUnits) if (!fluids.has(FLUID_OF_KIND[kind])) fluids.set(FLUID_OF_KIND[kind], unit);
  const { deviceUnits: _, ...dwelling } = resident;
  return {
    ...dwelling,
    today: localDayOf(clock.now().getTime(), resident.timeZone),
    fluids: [...fluids]
      .map(([fluid, unit]) => ({ fluid, unit }))
      .sort((left, right) => FLUID_ORDER.indexOf(left.fluid) - FLUID_ORDER.indexOf(right.fluid)),
  };
}

/** The later of two days. */
export function laterDay(left: string, right: string): string {
  return left > right ? left : right;
}
