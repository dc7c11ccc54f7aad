import type { AppContext } from '../../app-context.ts';
import type { SignupLookupMethod } from '../../db/schema.ts';
import { fluidOf } from '#shared/device-kinds.ts';
import { AppError, type ErrorCode } from '../../http/errors.ts';
import type { ResidenceSummary, SignupDeviceType } from '#shared/contracts/signup.ts';
import { digestLookupInput } from './signup-secrets.ts';
import { refuseWhenOverLimit, windowStart } from '../../http/sliding-limit.ts';
import { refuseWhenMissesSpent, spendResidenceBudget } from './signup-lookup-budget.ts';
import {
  countLookupsSince,
  findDevicesInServiceBySerial,
  findDwellingByReference,
  findResidenceEligibilityByBuildingCode,
  hasActiveResidentAccount,
  insertLookup,
  setLookupOutcome,
  type DwellingEligibilityRow,
} from './signup.queries.ts';

/**
 * Step 1, « Identifier votre logement ». Every look-up is logged and counted per client
 * address in the database (so the limit holds across app nodes), and across all addresses
 * per residence (signup-lookup-budget.ts): serial numbers cannot be scanned to map
 * dwellings and addresses.
 */
const LOOKUP_LIMIT = { count: 20, windowMs: 15 * 60_000 } as const;

export interface IdentifiedDwelling {
  dwellingId: string;
  residenceId: string;
}

interface Lookup {
  clientAddress: string;
  method: SignupLookupMethod;
  input: string;
}

/**
 * Logs the look-up first, then counts: parallel requests can only over-count, never slip past
 * the limit. The log row then records how the look-up ended.
 */
async function runLoggedLookup<T>(context: AppContext, lookup: Lookup, find: (lookupId: number) => Promise<T>): Promise<T> {
  const now = context.clock.now();
  const lookupId = await insertLookup(context.db, {
    occurredAt: now,
    clientAddress: lookup.clientAddress,
    method: lookup.method,
    outcome: 'received',
    inputDigest: digestLookupInput(context.config.sessionSecret, `${lookup.method}:${lookup.input}`),
  });
  let outcome = 'accepted';
  try {
    const recent = await countLookupsSince(context.db, lookup.clientAddress, windowStart(LOOKUP_LIMIT, now));
    // This look-up is already counted: up to the limit passes.
    refuseWhenOverLimit(recent, LOOKUP_LIMIT, now, 'rate_limited', { allowed: 'up-to' });
    await refuseWhenMissesSpent(context);
    return await find(lookupId);
  } catch (error) {
    outcome = error instanceof AppError ? error.code : 'failed';
    throw error;
  } finally {
    await setLookupOutcome(context.db, lookupId, outcome);
  }
}

function residenceRefusal(row: Pick<DwellingEligibilityRow, 'booked_options' | 'contract_ends_on' | 'published_at' | 'today'>): ErrorCode | null {
  const isContractRunning = row.contract_ends_on === null || row.contract_ends_on >= row.today;
  if (!row.booked_options.includes('resident_portal') || !isContractRunning) return 'signup_resident_portal_not_booked';
  if (row.published_at === null) return 'signup_portal_under_construction';
  return null;
}

async function acceptDwelling(context: AppContext, row: DwellingEligibilityRow): Promise<IdentifiedDwelling> {
  const refusal = residenceRefusal(row);
  if (refusal) throw new AppError(refusal);
  if (await hasActiveResidentAccount(context.db, row.dwelling_id)) throw new AppError('signup_dwelling_already_registered');
  return { dwellingId: row.dwelling_id, residenceId: row.residence_id };
}

export async function identifyDwellingBySerial(
  context: AppContext,
  input: { deviceType: SignupDeviceType; serialNumber: string; clientAddress: string },
): Promise<IdentifiedDwelling> {
  const lookup: Lookup = { clientAddress: input.clientAddress, method: 'serial_number', input: input.serialNumber };
  return runLoggedLookup(context, lookup, async (lookupId) => {
    const devices = await findDevicesInServiceBySerial(context.db, input.serialNumber, context.clock.now());
    const dwellingIds = new Set(devices.map((device) => device.dwelling_id));
    const [device] = devices;
    if (!device) throw new AppError('signup_serial_number_unknown');
    await spendResidenceBudget(context, lookupId, device.residence_id);
    if (dwellingIds.size > 1) throw new AppError('signup_serial_number_ambiguous');
    // The device types a resident chooses from are the fluids.
    if (input.deviceType !== 'unknown' && fluidOf(device.kind) !== input.deviceType) {
      throw new AppError('signup_device_type_mismatch', { chosenType: input.deviceType, foundType: fluidOf(device.kind) });
    }
    return acceptDwelling(context, device);
  });
}

export function formatAddress(residence: { street: string; postal_code: string; city: string }): string {
  return `${residence.street}, ${residence.postal_code} ${residence.city}`;
}

/** The first half of the building-code way: the building exists and can take sign-ups. */
export async function checkBuildingCode(
  context: AppContext,
  input: { buildingCode: string; clientAddress: string },
): Promise<ResidenceSummary> {
  const lookup: Lookup = { clientAddress: input.clientAddress, method: 'building_code', input: input.buildingCode };
  return runLoggedLookup(context, lookup, async () => {
    const residence = await findResidenceEligibilityByBuildingCode(context.db, input.buildingCode, context.clock.now());
    if (!residence) throw new AppError('signup_building_code_unknown');
    const refusal = residenceRefusal(residence);
    if (refusal) throw new AppError(refusal);
    return { name: residence.name, buildingCode: residence.building_code, address: formatAddress(residence) };
  });
}

export async function identifyDwellingByReference(
  context: AppContext,
  input: { buildingCode: string; dwellingReference: string; clientAddress: string },
): Promise<IdentifiedDwelling> {
  const lookup: Lookup = {
    clientAddress: input.clientAddress,
    method: 'dwelling_reference',
    input: `${input.buildingCode}:${input.dwellingReference}`,
  };
  return runLoggedLookup(context, lookup, async (lookupId) => {
    const now = context.clock.now();
    const dwelling = await findDwellingByReference(context.db, input.buildingCode, input.dwellingReference, now);
    if (!dwelling) {
      const residence = await findResidenceEligibilityByBuildingCode(context.db, input.buildingCode, now);
      throw new AppError(residence ? 'signup_dwelling_reference_unknown' : 'signup_building_code_unknown');
    }
    await spendResidenceBudget(context, lookupId, dwelling.residence_id);
    return acceptDwelling(context, dwelling);
  });
}

/**
 * The dwellings the sign-up would find, without a look-up logged or counted: the back office
 * points an assistance request at its dwelling with them.
 */
export async function dwellingsOfSerialInService(context: Pick<AppContext, 'db'>, serialNumber: string, now: Date): Promise<string[]> {
  const devices = await findDevicesInServiceBySerial(context.db, serialNumber, now);
  return [...new Set(devices.map((device) => device.dwelling_id))];
}

export async function dwellingOfReference(context: Pick<AppContext, 'db'>, buildingCode: string, reference: string, now: Date): Promise<string | undefined> {
  return (await findDwellingByReference(context.db, buildingCode, reference, now))?.dwelling_id;
}
