import type { Clock } from '../../clock.ts';
import type { DeviceUnit, Fluid } from '../../db/schema.ts';
import type { ResidentCaller, ResidentDwelling } from '../../http/caller.ts';
import { FLUIDS, fluidOf } from '#shared/device-kinds.ts';
import { localDayOf } from '../../kernel/local-time.ts';

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

/** The scope of the resident calling: their session already holds their dwelling, so no query is made. */
export function residentScopeOf(resident: ResidentCaller, clock: Clock): ResidentScope {
  const fluids = new Map<Fluid, DeviceUnit>();
  for (const { kind, unit } of resident.deviceUnits) if (!fluids.has(fluidOf(kind))) fluids.set(fluidOf(kind), unit);
  const { deviceUnits: _, ...dwelling } = resident;
  return {
    ...dwelling,
    today: localDayOf(clock.now().getTime(), resident.timeZone),
    fluids: [...fluids]
      .map(([fluid, unit]) => ({ fluid, unit }))
      .sort((left, right) => FLUIDS.indexOf(left.fluid) - FLUIDS.indexOf(right.fluid)),
  };
}

/** The later of two days. */
export function laterDay(left: string, right: string): string {
  return left > right ? left : right;
}
