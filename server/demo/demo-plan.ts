import type { DeviceValues } from '../modules/inventory/inventory.service.ts';
import type { Civility, ContractOption, CouncilMember, StaffRole } from '../db/schema.ts';

/**
 * The demo portfolio as plain data: what planDemoPortfolio builds and the writer inserts.
 * Identifiers are drawn from the seeded generator, so one reference date always gives the
 * same plan, ids included.
 */
export interface DemoPlan {
  /** Last day (YYYY-MM-DD, Paris) that has readings. */
  referenceDate: string;
  /** First day with daily readings. */
  historyStartDate: string;
  /** First day with hourly readings of the water meters. */
  hourlyStartDate: string;
  clients: PlannedClient[];
  contracts: PlannedContract[];
  residences: PlannedResidence[];
  dwellings: PlannedDwelling[];
  devices: PlannedDevice[];
  readingSeries: ReadingSeries[];
  occupantChanges: PlannedOccupantChange[];
  users: PlannedUser[];
  residentProfiles: PlannedResidentProfile[];
  managerMemberships: PlannedManagerMembership[];
  managerResidenceAccess: PlannedManagerResidenceAccess[];
  staffMembers: PlannedStaffMember[];
  /** Where the generator made water run day and night: what a leak detector must find. */
  plantedLeaks: PlantedLeak[];
  plantedReplacement: PlantedReplacement;
  /** Heat cost allocators restart from 0 on this day of each year (MM-DD). */
  heatCostAllocatorSetDay: string;
  /** The logins printed at start; their passwords are in DEMO_PASSWORDS. */
  logins: DemoLogin[];
}

export interface PlannedClient {
  id: string;
  name: string;
  kind: 'syndic' | 'bailleur';
}

export interface PlannedContract {
  id: string;
  clientId: string;
  reference: string;
  bookedOptions: ContractOption[];
  startsOn: string;
}

export interface PlannedResidence {
  id: string;
  clientId: string;
  contractId: string;
  buildingCode: string;
  name: string | null;
  street: string;
  postalCode: string;
  city: string;
  /** ISO instant, or null while not yet published. */
  publishedAt: string | null;
}

export interface PlannedDwelling {
  id: string;
  residenceId: string;
  clientNumber: string;
  building: string;
  staircase: string;
  floor: string;
  dwellingCode: string;
  reference: string;
}

/** A device as the inventory module stores one, with its id drawn in advance. */
export interface PlannedDevice extends DeviceValues {
  id: string;
}

/**
 * One device's readings in time order, as parallel arrays (a plan holds over a million).
 * Values are thousandths of the device's unit (litres for m³), always whole numbers.
 */
export interface ReadingSeries {
  deviceId: string;
  residenceId: string;
  readAtMs: Float64Array;
  indexThousandths: Float64Array;
  isEstimated: Uint8Array;
}

export interface PlannedOccupantChange {
  id: string;
  residenceId: string;
  dwellingId: string;
  changedOn: string;
  recordedByUserId: string | null;
  note: string;
}

export type DemoPasswordKey = 'staff' | 'manager' | 'resident';

export interface PlannedUser {
  id: string;
  role: 'resident' | 'manager' | 'staff';
  email: string;
  passwordKey: DemoPasswordKey;
  dwellingId: string | null;
  createdAt: string;
  closedAt: string | null;
}

export interface PlannedResidentProfile {
  userId: string;
  residenceId: string;
  civility: Civility;
  lastName: string;
  firstName: string;
  mobileE164: string | null;
  isOwner: boolean;
  councilMember: CouncilMember;
  notifyLeakByEmail: boolean;
  notifyLeakBySms: boolean;
  notifyOverconsumption: boolean;
  managerMaySeeDaily: boolean;
  privacyConsentAt: string;
  privacyPolicyVersion: string;
  newsletterConsentAt: string | null;
  newsletterPolicyVersion: string | null;
  movedInOn: string;
  movedOutOn: string | null;
}

export interface PlannedManagerMembership {
  userId: string;
  clientId: string;
  firstName: string;
  lastName: string;
  isPortalAdmin: boolean;
  seesAllResidences: boolean;
}

export interface PlannedManagerResidenceAccess {
  userId: string;
  residenceId: string;
  grantedAt: string;
}

export interface PlannedStaffMember {
  userId: string;
  staffRole: StaffRole;
  displayName: string;
}

interface PlantedLeak {
  residenceId: string;
  dwellingId: string;
  dwellingCode: string;
  deviceId: string;
  /** ISO instants; endsAt null while it still runs at the end of the data. */
  startsAt: string;
  endsAt: string | null;
  litresPerHour: number;
}

interface PlantedReplacement {
  dwellingId: string;
  removedDeviceId: string;
  newDeviceId: string;
  /** The old device's removed_on and the new one's installed_on. */
  replacedOn: string;
}

export interface DemoLogin {
  /** What the account shows off, in English (printed at start). */
  label: string;
  email: string;
  passwordKey: DemoPasswordKey;
}
