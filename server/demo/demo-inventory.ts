import { unitOf } from '#shared/device-kinds.ts';
import { generateDwellingReference } from '../modules/inventory/dwelling-reference.ts';
import {
  COMMON_AREA_WATER_LOCATION,
  DEMO_CLIENTS,
  DEMO_CONTRACTS,
  DEMO_RESIDENCES,
  HEAT_COST_ALLOCATOR_ROOMS,
  SEED_BUILDING_CODE,
  SEED_CLIENT_NUMBER,
  SEED_COLD_WATER_SERIAL,
  SEED_DWELLING_CODE,
  WATER_METER_LOCATIONS,
  type ResidenceSpec,
} from './demo-catalogue.ts';
import type { PlannedClient, PlannedContract, PlannedDevice, PlannedDwelling, PlannedResidence } from './demo-plan.ts';
import { HOUR_MS, isoDateOf, parisMidnightUtc } from './paris-calendar.ts';
import type { SeededRandom } from './seeded-random.ts';

/** Clients, contracts, residences, dwellings and their devices: the portfolio before any reading. */
export interface Inventory {
  clients: PlannedClient[];
  contracts: PlannedContract[];
  residences: Array<PlannedResidence & { spec: ResidenceSpec; installedOnDay: number }>;
  dwellings: Array<PlannedDwelling & { spec: ResidenceSpec; rooms: number }>;
  devices: PlannedDevice[];
}

const pad = (value: number, length: number) => String(value).padStart(length, '0');

/** Serial numbers drawn once each: 9 digits for the operator's devices, other shapes for other makes. */
class SerialNumbers {
  private readonly used = new Set<string>([SEED_COLD_WATER_SERIAL]);

  constructor(private readonly random: SeededRandom) {}

  private unique(draw: () => string): string {
    for (;;) {
      const serial = draw();
      if (!this.used.has(serial)) {
        this.used.add(serial);
        return serial;
      }
    }
  }

  operator(): string {
    return this.unique(() => String(this.random.intBetween(100_000_000, 999_999_999)));
  }

  itron(installYear: number): string {
    return this.unique(() => `${pad(installYear % 100, 2)}IT${pad(this.random.int(1_000_000), 6)}`);
  }

  kamstrup(): string {
    return this.unique(() => String(this.random.intBetween(70_000_000, 79_999_999)));
  }

  /** A wireless M-Bus address printed as 8 digits. */
  radioId(): string {
    return this.unique(() => pad(this.random.int(100_000_000), 8));
  }
}

export function planInventory(ids: SeededRandom, random: SeededRandom, referenceDay: number, historyStartDay: number): Inventory {
  const clients = DEMO_CLIENTS.map((client) => ({ id: ids.uuid(), name: client.name, kind: client.kind, key: client.key }));
  const contracts = DEMO_CONTRACTS.map((contract) => ({
    id: ids.uuid(),
    key: contract.key,
    clientId: clients.find((client) => client.key === contract.clientKey)!.id,
    reference: contract.reference,
    bookedOptions: [...contract.bookedOptions],
    startsOn: isoDateOf(historyStartDay - 400 - random.int(300)),
  }));
  const references = new Set<string>();
  const drawReference = () => {
    for (;;) {
      const reference = generateDwellingReference((max) => random.int(max));
      if (!references.has(reference)) {
        references.add(reference);
        return reference;
      }
    }
  };
  const serials = new SerialNumbers(random);
  const inventory: Inventory = { clients: clients.map(({ key: _key, ...client }) => client), contracts: [], residences: [], dwellings: [], devices: [] };
  inventory.contracts = contracts.map(({ key: _key, ...contract }) => contract);

  for (const spec of DEMO_RESIDENCES) {
    const contract = contracts.find((candidate) => candidate.key === spec.contractKey)!;
    const installedOnDay = historyStartDay - random.intBetween(60, 700);
    const residence = {
      id: ids.uuid(),
      clientId: contract.clientId,
      contractId: contract.id,
      buildingCode: spec.buildingCode,
      name: spec.name,
      street: spec.street,
      postalCode: spec.postalCode,
      city: spec.city,
      publishedAt:
        spec.publishedDaysAgo === null
          ? null
          : new Date(parisMidnightUtc(referenceDay - spec.publishedDaysAgo) + 10 * HOUR_MS).toISOString(),
      spec,
      installedOnDay,
    };
    inventory.residences.push(residence);
    const dwellings = planDwellings(spec, residence.id, ids, random, drawReference);
    inventory.dwellings.push(...dwellings);
    for (const dwelling of dwellings) {
      inventory.devices.push(...planDevices(spec, dwelling, isoDateOf(installedOnDay), ids, random, serials));
    }
  }
  return inventory;
}

function planDwellings(
  spec: ResidenceSpec,
  residenceId: string,
  ids: SeededRandom,
  random: SeededRandom,
  drawReference: () => string,
): Inventory['dwellings'] {
  const dwellings: Inventory['dwellings'] = [];
  spec.buildings.forEach((building, buildingIndex) => {
    for (const staircase of spec.staircases) {
      let sequence = 0;
      for (let floor = 0; floor < spec.floors; floor += 1) {
        for (let door = 0; door < spec.dwellingsPerFloor; door += 1) {
          sequence += 1;
          dwellings.push({
            id: ids.uuid(),
            residenceId,
            clientNumber: `${spec.clientNumberPrefix} ${pad(dwellings.length + 1, 4)}`,
            building,
            staircase,
            floor: pad(floor, 2),
            dwellingCode: `${pad(buildingIndex + 1, 2)}${staircase}${pad(sequence, 4)}`,
            reference: drawReference(),
            spec,
            rooms: random.pick([1, 2, 2, 3, 3, 3, 4, 4]),
          });
        }
      }
    }
  });
  if (spec.buildingCode === SEED_BUILDING_CODE) giveSeedClientNumber(dwellings);
  return dwellings;
}

/** The seed's dwelling carries the client number of the source document; it swaps with whoever had it. */
function giveSeedClientNumber(dwellings: Inventory['dwellings']): void {
  const seedDwelling = dwellings.find((dwelling) => dwelling.dwellingCode === SEED_DWELLING_CODE);
  const holder = dwellings.find((dwelling) => dwelling.clientNumber === SEED_CLIENT_NUMBER);
  if (!seedDwelling || !holder) throw new Error('The seed residence must contain the seed dwelling');
  holder.clientNumber = seedDwelling.clientNumber;
  seedDwelling.clientNumber = SEED_CLIENT_NUMBER;
}

function planDevices(
  spec: ResidenceSpec,
  dwelling: Inventory['dwellings'][number],
  installedOn: string,
  ids: SeededRandom,
  random: SeededRandom,
  serials: SerialNumbers,
): PlannedDevice[] {
  const isSeedDwelling = spec.buildingCode === SEED_BUILDING_CODE && dwelling.dwellingCode === SEED_DWELLING_CODE;
  const installYear = Number(installedOn.slice(0, 4));
  const base = { residenceId: dwelling.residenceId, dwellingId: dwelling.id, installedOn, removedOn: null, replacesDeviceId: null };
  const waterLocation = random.chance(0.2) ? COMMON_AREA_WATER_LOCATION : random.pick(WATER_METER_LOCATIONS);
  const water = (kind: 'cold_water' | 'hot_water'): PlannedDevice => {
    const isOtherMake = spec.equipment === 'other-makes';
    return {
      ...base,
      id: ids.uuid(),
      kind,
      unit: unitOf(kind),
      serialNumber:
        kind === 'cold_water' && isSeedDwelling ? SEED_COLD_WATER_SERIAL : isOtherMake ? serials.itron(installYear) : serials.operator(),
      radioId: isOtherMake ? serials.radioId() : null,
      manufacturer: isOtherMake ? 'ITRON' : 'ISTA',
      location: waterLocation,
      isInCommonArea: waterLocation === COMMON_AREA_WATER_LOCATION,
    };
  };
  const devices = [water('cold_water'), water('hot_water')];
  if (spec.heating === 'heat-cost-allocators') {
    const count = [2, 2, 3, 4][dwelling.rooms - 1] ?? 2;
    for (const room of HEAT_COST_ALLOCATOR_ROOMS.slice(0, count)) {
      devices.push({
        ...base,
        id: ids.uuid(),
        kind: 'heat_cost_allocator',
        unit: unitOf('heat_cost_allocator'),
        serialNumber: serials.operator(),
        radioId: null,
        manufacturer: 'ISTA',
        location: room,
        isInCommonArea: false,
      });
    }
  }
  if (spec.heating === 'heat-meters') {
    const serialNumber = serials.kamstrup();
    devices.push({
      ...base,
      id: ids.uuid(),
      kind: 'heat_meter',
      unit: unitOf('heat_meter'),
      serialNumber,
      radioId: serialNumber,
      manufacturer: 'KAMSTRUP',
      location: 'Placard technique',
      isInCommonArea: false,
    });
  }
  return devices;
}
