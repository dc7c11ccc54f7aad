import { planDemoAccounts } from './demo-accounts.ts';
import { MINIMUM_HOURLY_DAYS, planHouseholdStories } from './demo-households.ts';
import { planInventory } from './demo-inventory.ts';
import type { DemoPlan, PlannedDevice } from './demo-plan.ts';
import { planReadingSeries, replacementMoments } from './demo-readings.ts';
import { dayNumberOf, isoDateOf } from './paris-calendar.ts';
import { createSeededRandom } from './seeded-random.ts';

/** A little over three years, so every month can be compared with the same month two years before. */
const DEMO_HISTORY_DAYS = 3 * 365 + 31;
const DEMO_HOURLY_DAYS = 60;

export interface DemoPlanOptions {
  /** Last day with readings (YYYY-MM-DD, Paris). */
  referenceDate: string;
  /** Days of daily readings, the reference date included. Shorter histories make quicker tests. */
  historyDays?: number;
  /** Days of hourly readings of the water meters, the reference date's midnight included. */
  hourlyDays?: number;
}

/**
 * Builds the whole demo portfolio as plain data. Pure: the same options always give the same
 * plan (ids, readings and all), and nothing is dated after the reference date.
 */
export function planDemoPortfolio(options: DemoPlanOptions): DemoPlan {
  const historyDays = options.historyDays ?? DEMO_HISTORY_DAYS;
  const hourlyDays = options.hourlyDays ?? DEMO_HOURLY_DAYS;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.referenceDate)) throw new Error(`Invalid reference date: ${options.referenceDate}`);
  if (hourlyDays < MINIMUM_HOURLY_DAYS || historyDays < hourlyDays) {
    throw new Error(`The demo needs historyDays ≥ hourlyDays ≥ ${MINIMUM_HOURLY_DAYS} (got ${historyDays}, ${hourlyDays})`);
  }
  const referenceDay = dayNumberOf(options.referenceDate);
  const historyStartDay = referenceDay - historyDays + 1;
  const hourlyStartDay = referenceDay - hourlyDays + 1;

  const { ids, inventory, stories, accounts } = planPeople(referenceDay, historyStartDay);

  const replacedDay = referenceDay - Math.round(historyDays * 0.45);
  const removedDevice = coldWaterMeterOf(inventory.devices, stories.replacementDwellingId);
  removedDevice.removedOn = isoDateOf(replacedDay);
  const newDevice: PlannedDevice = {
    ...removedDevice,
    id: ids.uuid(),
    serialNumber: unusedOperatorSerial(inventory.devices),
    installedOn: isoDateOf(replacedDay),
    removedOn: null,
    replacesDeviceId: removedDevice.id,
  };
  inventory.devices.push(newDevice);

  const silentDayDwelling = inventory.dwellings.find(
    (dwelling) => dwelling.spec.key === 'blandan' && !stories.vacantNow.has(dwelling.id),
  )!;
  const readingSeries = planReadingSeries({
    inventory,
    stories,
    historyStartDay,
    hourlyStartDay,
    referenceDay,
    replacement: { removedDeviceId: removedDevice.id, newDeviceId: newDevice.id, ...replacementMoments(replacedDay) },
    silentDayDeviceId: coldWaterMeterOf(inventory.devices, silentDayDwelling.id).id,
  });

  const dwellingById = new Map(inventory.dwellings.map((dwelling) => [dwelling.id, dwelling]));
  return {
    referenceDate: options.referenceDate,
    historyStartDate: isoDateOf(historyStartDay),
    hourlyStartDate: isoDateOf(hourlyStartDay),
    clients: inventory.clients,
    contracts: inventory.contracts,
    residences: inventory.residences.map(({ spec: _spec, installedOnDay: _installedOnDay, ...residence }) => residence),
    dwellings: inventory.dwellings.map(({ spec: _spec, rooms: _rooms, ...dwelling }) => dwelling),
    devices: inventory.devices,
    readingSeries,
    occupantChanges: accounts.occupantChanges,
    users: accounts.users,
    residentProfiles: accounts.residentProfiles,
    managerMemberships: accounts.managerMemberships,
    managerResidenceAccess: accounts.managerResidenceAccess,
    staffMembers: accounts.staffMembers,
    plantedLeaks: stories.leaks.map((leak) => {
      const dwelling = dwellingById.get(leak.dwellingId)!;
      return {
        residenceId: dwelling.residenceId,
        dwellingId: dwelling.id,
        dwellingCode: dwelling.dwellingCode,
        deviceId: coldWaterMeterOf(inventory.devices, dwelling.id).id,
        startsAt: new Date(leak.startMs).toISOString(),
        endsAt: leak.isOngoing ? null : new Date(leak.endMs).toISOString(),
        litresPerHour: leak.litresPerHour,
      };
    }),
    plantedReplacement: {
      dwellingId: stories.replacementDwellingId,
      removedDeviceId: removedDevice.id,
      newDeviceId: newDevice.id,
      replacedOn: isoDateOf(replacedDay),
    },
    heatCostAllocatorSetDay: '01-01',
    logins: accounts.logins,
  };
}

/** Residences, dwellings, households and accounts: the plan's first, cheap part, drawn from the same seeds. */
function planPeople(referenceDay: number, historyStartDay: number) {
  const ids = createSeededRandom('demo:ids');
  const inventory = planInventory(ids, createSeededRandom('demo:inventory'), referenceDay, historyStartDay);
  const stories = planHouseholdStories(inventory, createSeededRandom('demo:stories'), historyStartDay, referenceDay);
  const accounts = planDemoAccounts(inventory, stories, ids, createSeededRandom('demo:accounts'), referenceDay);
  return { ids, inventory, stories, accounts };
}

/**
 * The demo's logins and dwellings without its readings (milliseconds instead of seconds): what
 * a warm start prints again. The same as planDemoPortfolio's for the same reference date.
 */
export function planDemoLogins(referenceDate: string): Pick<DemoPlan, 'logins' | 'dwellings' | 'residences'> {
  const referenceDay = dayNumberOf(referenceDate);
  const { inventory, accounts } = planPeople(referenceDay, referenceDay - DEMO_HISTORY_DAYS + 1);
  return {
    logins: accounts.logins,
    residences: inventory.residences.map(({ spec: _spec, installedOnDay: _installedOnDay, ...residence }) => residence),
    dwellings: inventory.dwellings.map(({ spec: _spec, rooms: _rooms, ...dwelling }) => dwelling),
  };
}

/** The dwelling's cold-water meter in service at the start of the history. */
function coldWaterMeterOf(devices: PlannedDevice[], dwellingId: string): PlannedDevice {
  const device = devices.find((candidate) => candidate.dwellingId === dwellingId && candidate.kind === 'cold_water' && candidate.replacesDeviceId === null);
  if (!device) throw new Error(`No cold-water meter in dwelling ${dwellingId}`);
  return device;
}

function unusedOperatorSerial(devices: PlannedDevice[]): string {
  const used = new Set(devices.map((device) => device.serialNumber));
  const random = createSeededRandom('demo:replacement');
  for (;;) {
    const serial = String(random.intBetween(100_000_000, 999_999_999));
    if (!used.has(serial)) return serial;
  }
}
