import type { ContinuousFlow, HouseholdPeriod } from './consumption-model.ts';
import { SEED_BUILDING_CODE, SEED_DWELLING_CODE, type ResidenceKey } from './demo-catalogue.ts';
import type { Inventory } from './demo-inventory.ts';
import { HOUR_MS, parisMidnightUtc } from './paris-calendar.ts';
import type { SeededRandom } from './seeded-random.ts';

/**
 * Who lives where and when: each dwelling's successive households, the recorded changes of
 * occupant, the vacant dwellings, and the dwellings chosen for a leak, a meter replacement
 * or a featured demo resident.
 */
export type FeaturedResident = 'leak-in-seed-residence' | 'after-occupant-change' | 'marseille' | 'other-makes';

interface PlannedLeakFlow extends ContinuousFlow {
  dwellingId: string;
  /** Still running at the end of the data. */
  isOngoing: boolean;
}

export interface HouseholdStories {
  householdsByDwelling: Map<string, HouseholdPeriod[]>;
  /** Recorded changes of occupant: the day the new household moved in. */
  occupantChanges: Array<{ dwellingId: string; day: number }>;
  leaks: PlannedLeakFlow[];
  replacementDwellingId: string;
  featured: Map<FeaturedResident, string>;
  /** Dwellings without anyone living there on the reference date. */
  vacantNow: Set<string>;
}

/** Leaks are planted inside the hourly window, which must therefore span at least this many days. */
export const MINIMUM_HOURLY_DAYS = 10;
const OTHER_CHANGES = 9;
const CURRENTLY_VACANT = 3;

function newHousehold(random: SeededRandom, rooms: number, fromDay: number, seed: string): HouseholdPeriod {
  const [fewest, most] = ([[1, 2], [1, 3], [2, 4], [2, 5]] as const)[rooms - 1] ?? [1, 3];
  return {
    fromDay,
    persons: random.intBetween(fewest, most),
    litresPerPersonDay: Math.min(210, Math.max(95, random.normal(148, 22))),
    hotWaterShare: random.between(0.25, 0.33),
    seed,
  };
}

function vacancy(fromDay: number, seed: string): HouseholdPeriod {
  return { fromDay, persons: 0, litresPerPersonDay: 0, hotWaterShare: 0, seed };
}

export function planHouseholdStories(
  inventory: Inventory,
  random: SeededRandom,
  historyStartDay: number,
  referenceDay: number,
): HouseholdStories {
  const { dwellings } = inventory;
  const reserved = new Set<string>();
  const seedDwelling = dwellings.find(
    (dwelling) => dwelling.spec.buildingCode === SEED_BUILDING_CODE && dwelling.dwellingCode === SEED_DWELLING_CODE,
  )!;
  reserved.add(seedDwelling.id);
  const pickIn = (residence: ResidenceKey): Inventory['dwellings'][number] => {
    const candidates = dwellings.filter((dwelling) => dwelling.spec.key === residence && !reserved.has(dwelling.id));
    const chosen = random.pick(candidates);
    reserved.add(chosen.id);
    return chosen;
  };
  const featured = new Map<FeaturedResident, string>([
    ['leak-in-seed-residence', pickIn('garnison').id],
    ['after-occupant-change', pickIn('tamaris').id],
    ['marseille', pickIn('mistral').id],
    ['other-makes', pickIn('tonkin').id],
  ]);
  const secondLeakDwelling = pickIn('tamaris');
  const thirdLeakDwelling = pickIn('mistral');
  const replacementDwelling = pickIn('tamaris');

  const householdsByDwelling = new Map<string, HouseholdPeriod[]>();
  for (const dwelling of dwellings) {
    const seed = `household:${dwelling.spec.buildingCode}:${dwelling.dwellingCode}`;
    householdsByDwelling.set(dwelling.id, [
      newHousehold(random, dwelling.rooms, historyStartDay - random.intBetween(30, 3000), `${seed}:0`),
    ]);
  }

  const occupantChanges: HouseholdStories['occupantChanges'] = [];
  const recordChange = (dwelling: Inventory['dwellings'][number], day: number, vacantDays: number) => {
    const households = householdsByDwelling.get(dwelling.id)!;
    const seed = `household:${dwelling.spec.buildingCode}:${dwelling.dwellingCode}:${households.length}`;
    const vacantFrom = Math.max(day - vacantDays, households.at(-1)!.fromDay + 1);
    if (vacantFrom < day) households.push(vacancy(vacantFrom, `${seed}:vacant`));
    households.push(newHousehold(random, dwelling.rooms, day, seed));
    occupantChanges.push({ dwellingId: dwelling.id, day });
  };
  const historyLength = referenceDay - historyStartDay;
  recordChange(
    dwellings.find((dwelling) => dwelling.id === featured.get('after-occupant-change'))!,
    referenceDay - Math.min(150, Math.floor(historyLength / 3)),
    12,
  );
  for (let count = 0; count < OTHER_CHANGES; count += 1) {
    const dwelling = pickIn(random.pick(['garnison', 'tamaris', 'oliviers', 'blandan', 'tonkin', 'mistral']));
    recordChange(dwelling, historyStartDay + Math.round(random.between(0.1, 0.9) * historyLength), random.pick([0, 0, 7, 21, 40]));
  }

  const vacantNow = new Set<string>();
  const wholeHistoryVacant = pickIn('blandan');
  householdsByDwelling.set(wholeHistoryVacant.id, [vacancy(historyStartDay - 100, `vacant:${wholeHistoryVacant.id}`)]);
  vacantNow.add(wholeHistoryVacant.id);
  for (let count = 0; count < CURRENTLY_VACANT; count += 1) {
    const dwelling = pickIn(random.pick(['garnison', 'tamaris', 'blandan', 'mistral']));
    const since = Math.max(historyStartDay, referenceDay - random.intBetween(20, 200));
    householdsByDwelling.get(dwelling.id)!.push(vacancy(since, `vacant:${dwelling.id}`));
    vacantNow.add(dwelling.id);
  }

  const at = (daysAgo: number, hour: number) => parisMidnightUtc(referenceDay - daysAgo) + hour * HOUR_MS;
  const endOfData = parisMidnightUtc(referenceDay + 1);
  const leaks: PlannedLeakFlow[] = [
    { dwellingId: featured.get('leak-in-seed-residence')!, startMs: at(9, 14), endMs: endOfData, litresPerHour: 6, isOngoing: true },
    { dwellingId: secondLeakDwelling.id, startMs: at(8, 23), endMs: at(5, 9), litresPerHour: 25, isOngoing: false },
    { dwellingId: thirdLeakDwelling.id, startMs: at(3, 11), endMs: endOfData, litresPerHour: 2.5, isOngoing: true },
  ];

  return {
    householdsByDwelling,
    occupantChanges,
    leaks,
    replacementDwellingId: replacementDwelling.id,
    featured,
    vacantNow,
  };
}
