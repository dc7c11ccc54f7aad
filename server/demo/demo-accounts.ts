import { foldText } from '#shared/fold-text.ts';
import type { Civility, StaffRole } from '../db/schema.ts';
import { FIRST_NAMES, LAST_NAMES, SEED_DWELLING_CODE, type ClientKey, type ResidenceKey } from './demo-catalogue.ts';
import type { FeaturedResident, HouseholdStories } from './demo-households.ts';
import type { Inventory } from './demo-inventory.ts';
import type {
  DemoLogin,
  DemoPasswordKey,
  PlannedManagerMembership,
  PlannedManagerResidenceAccess,
  PlannedOccupantChange,
  PlannedResidentProfile,
  PlannedStaffMember,
  PlannedUser,
} from './demo-plan.ts';
import { HOUR_MS, isoDateOf, parisMidnightUtc } from './paris-calendar.ts';
import type { SeededRandom } from './seeded-random.ts';

/**
 * The demo's people: operator staff, managers of both clients, residents of the published
 * residences whose contract has the resident portal. The passwords are fixed and printed at
 * start; they only ever exist in a development database.
 */
export const DEMO_PASSWORDS: Readonly<Record<DemoPasswordKey, string>> = {
  staff: 'Demo-Staff-2026',
  manager: 'Demo-Manager-2026',
  resident: 'Demo-Resident-2026',
};

export const DEMO_EMAIL_DOMAIN = 'demo.example';
const PRIVACY_POLICY_VERSION = '2026-11';
/** Share of the other dwellings of portal residences whose resident has signed up. */
const SIGNED_UP_SHARE = 0.3;

export interface DemoAccounts {
  users: PlannedUser[];
  residentProfiles: PlannedResidentProfile[];
  managerMemberships: PlannedManagerMembership[];
  managerResidenceAccess: PlannedManagerResidenceAccess[];
  staffMembers: PlannedStaffMember[];
  occupantChanges: PlannedOccupantChange[];
  logins: DemoLogin[];
}

interface FeaturedPerson {
  story: FeaturedResident;
  civility: Civility;
  firstName: string;
  lastName: string;
  managerMaySeeDaily: boolean;
  label: string;
}

const FEATURED_PEOPLE: readonly FeaturedPerson[] = [
  { story: 'leak-in-seed-residence', civility: 'madame', firstName: 'Claire', lastName: 'Fabre', managerMaySeeDaily: true, label: 'leak running now' },
  { story: 'after-occupant-change', civility: 'monsieur', firstName: 'Julien', lastName: 'Roux', managerMaySeeDaily: false, label: 'moved in after a recorded change of occupant' },
  { story: 'marseille', civility: 'madame', firstName: 'Nadia', lastName: 'Benali', managerMaySeeDaily: true, label: 'no heating device' },
  { story: 'other-makes', civility: 'monsieur', firstName: 'Paul', lastName: 'Girard', managerMaySeeDaily: false, label: 'ITRON water meters, KAMSTRUP heat meter' },
];

const emailOf = (localPart: string) => `${localPart}@${DEMO_EMAIL_DOMAIN}`;

export function planDemoAccounts(
  inventory: Inventory,
  stories: HouseholdStories,
  ids: SeededRandom,
  random: SeededRandom,
  referenceDay: number,
): DemoAccounts {
  const accounts: DemoAccounts = {
    users: [],
    residentProfiles: [],
    managerMemberships: [],
    managerResidenceAccess: [],
    staffMembers: [],
    occupantChanges: [],
    logins: [],
  };
  const longAgo = new Date(parisMidnightUtc(referenceDay - 900) + 9 * HOUR_MS).toISOString();
  const addUser = (user: Omit<PlannedUser, 'id' | 'closedAt'> & { closedAt?: string | null }, label?: string) => {
    const planned: PlannedUser = { id: ids.uuid(), closedAt: null, ...user };
    accounts.users.push(planned);
    if (label) accounts.logins.push({ label, email: planned.email, passwordKey: planned.passwordKey });
    return planned;
  };

  const staffIds = new Map<StaffRole, string>();
  for (const [staffRole, displayName] of [
    ['admin', 'Administratrice démo'],
    ['support', 'Service client démo'],
    ['data', 'Données démo'],
  ] as const) {
    const user = addUser(
      { role: 'staff', email: emailOf(`staff.${staffRole}`), passwordKey: 'staff', dwellingId: null, createdAt: longAgo },
      `Operator staff (${staffRole})`,
    );
    accounts.staffMembers.push({ userId: user.id, staffRole, displayName });
    staffIds.set(staffRole, user.id);
  }

  const clientOf = (key: ClientKey) => inventory.clients[key === 'syndic' ? 0 : 1]!;
  const residenceOf = (key: ResidenceKey) => inventory.residences.find((residence) => residence.spec.key === key)!;
  const addManager = (clientKey: ClientKey, localPart: string, person: [string, string], residences: ResidenceKey[] | 'all') => {
    const client = clientOf(clientKey);
    const isPortalAdmin = residences === 'all';
    const label = isPortalAdmin
      ? `Manager, portal administrator of ${client.name}`
      : `Manager of ${client.name}, sees only ${residences.map((key) => residenceOf(key).name ?? residenceOf(key).buildingCode).join(' and ')}`;
    const user = addUser({ role: 'manager', email: emailOf(localPart), passwordKey: 'manager', dwellingId: null, createdAt: longAgo }, label);
    accounts.managerMemberships.push({
      userId: user.id,
      clientId: client.id,
      firstName: person[0],
      lastName: person[1],
      isPortalAdmin,
      seesAllResidences: isPortalAdmin,
    });
    if (residences !== 'all') {
      for (const key of residences) accounts.managerResidenceAccess.push({ userId: user.id, residenceId: residenceOf(key).id, grantedAt: longAgo });
    }
    return user;
  };
  const syndicAdmin = addManager('syndic', 'admin.syndic', ['Hélène', 'Vidal'], 'all');
  addManager('syndic', 'gestionnaire.syndic', ['Marc', 'Bonnet'], ['tamaris', 'oliviers']);
  const bailleurAdmin = addManager('bailleur', 'admin.bailleur', ['Sylvie', 'Castel'], 'all');

  planResidents(inventory, stories, random, referenceDay, addUser, accounts);

  const residenceById = new Map(inventory.residences.map((residence) => [residence.id, residence]));
  const dwellingById = new Map(inventory.dwellings.map((dwelling) => [dwelling.id, dwelling]));
  for (const change of stories.occupantChanges) {
    const dwelling = dwellingById.get(change.dwellingId)!;
    const residence = residenceById.get(dwelling.residenceId)!;
    const managerAdmin = residence.clientId === clientOf('syndic').id ? syndicAdmin : bailleurAdmin;
    const recordedBy = random.pick([staffIds.get('support')!, managerAdmin.id, null]);
    accounts.occupantChanges.push({
      id: ids.uuid(),
      residenceId: residence.id,
      dwellingId: dwelling.id,
      changedOn: isoDateOf(change.day),
      recordedByUserId: recordedBy,
      note: recordedBy === null ? '' : 'Nouvel occupant signalé',
    });
  }
  return accounts;
}

type AddUser = (user: Omit<PlannedUser, 'id' | 'closedAt'> & { closedAt?: string | null }, label?: string) => PlannedUser;

function planResidents(
  inventory: Inventory,
  stories: HouseholdStories,
  random: SeededRandom,
  referenceDay: number,
  addUser: AddUser,
  accounts: DemoAccounts,
): void {
  const eveningOf = (day: number) => new Date(parisMidnightUtc(day) + (18 + random.between(0, 3)) * HOUR_MS).toISOString();
  const portalResidences = inventory.residences.filter(
    (residence) =>
      residence.spec.publishedDaysAgo !== null &&
      inventory.contracts.find((contract) => contract.id === residence.contractId)!.bookedOptions.includes('resident_portal'),
  );
  const featuredByDwelling = new Map(FEATURED_PEOPLE.map((person) => [stories.featured.get(person.story)!, person]));

  const addResident = (
    dwelling: Inventory['dwellings'][number],
    person: Omit<FeaturedPerson, 'story' | 'label'> & { email: string; label?: string },
    tenancy: { movedInDay: number; movedOutDay: number | null },
  ) => {
    const residence = portalResidences.find((candidate) => candidate.id === dwelling.residenceId)!;
    const publishedDay = referenceDay - residence.spec.publishedDaysAgo!;
    const lastSignUpDay = (tenancy.movedOutDay ?? referenceDay) - 1;
    const firstSignUpDay = Math.min(lastSignUpDay, Math.max(publishedDay, tenancy.movedInDay) + 1);
    const signedUpAt = eveningOf(random.intBetween(firstSignUpDay, lastSignUpDay));
    const isTenantOfLandlord = residence.spec.contractKey !== 'syndic-portal';
    const label = person.label
      ? `Resident, ${residence.buildingCode} dwelling ${dwelling.dwellingCode}, ${person.label}; manager may see daily data: ${person.managerMaySeeDaily ? 'yes' : 'no'}`
      : undefined;
    const user = addUser(
      {
        role: 'resident',
        email: person.email,
        passwordKey: 'resident',
        dwellingId: dwelling.id,
        createdAt: signedUpAt,
        closedAt: tenancy.movedOutDay === null ? null : new Date(parisMidnightUtc(tenancy.movedOutDay) + 12 * HOUR_MS).toISOString(),
      },
      label,
    );
    const wantsNewsletter = random.chance(0.3);
    const hasMobile = random.chance(0.7);
    accounts.residentProfiles.push({
      userId: user.id,
      residenceId: residence.id,
      civility: person.civility,
      lastName: person.lastName,
      firstName: person.firstName,
      mobileE164: hasMobile ? `+33${random.pick(['6', '7'])}${String(random.int(100_000_000)).padStart(8, '0')}` : null,
      isOwner: !isTenantOfLandlord && random.chance(0.6),
      councilMember: isTenantOfLandlord ? 'no_answer' : random.pick(['yes', 'no', 'no', 'no_answer']),
      notifyLeakByEmail: person.label ? true : random.chance(0.7),
      notifyLeakBySms: hasMobile && random.chance(0.3),
      notifyOverconsumption: random.chance(0.4),
      managerMaySeeDaily: person.managerMaySeeDaily,
      privacyConsentAt: signedUpAt,
      privacyPolicyVersion: PRIVACY_POLICY_VERSION,
      newsletterConsentAt: wantsNewsletter ? signedUpAt : null,
      newsletterPolicyVersion: wantsNewsletter ? PRIVACY_POLICY_VERSION : null,
      movedInOn: isoDateOf(tenancy.movedInDay),
      movedOutOn: tenancy.movedOutDay === null ? null : isoDateOf(tenancy.movedOutDay),
    });
  };
  const randomPerson = (): Omit<FeaturedPerson, 'story' | 'label'> => {
    const civility = random.pick(['madame', 'monsieur'] as const);
    return {
      civility,
      firstName: random.pick(FIRST_NAMES[civility]),
      lastName: random.pick(LAST_NAMES),
      managerMaySeeDaily: random.chance(0.5),
    };
  };

  for (const dwelling of inventory.dwellings) {
    if (!portalResidences.some((residence) => residence.id === dwelling.residenceId)) continue;
    if (dwelling.spec.key === 'garnison' && dwelling.dwellingCode === SEED_DWELLING_CODE) continue;
    if (stories.vacantNow.has(dwelling.id)) continue;
    const households = stories.householdsByDwelling.get(dwelling.id)!;
    const current = households.at(-1)!;
    const featured = featuredByDwelling.get(dwelling.id);
    if (featured) {
      if (featured.story === 'after-occupant-change') addPreviousOccupant(dwelling, households[0]!.fromDay, households[1]!.fromDay - 1);
      const email = `${foldText(featured.firstName)}.${foldText(featured.lastName)}@${DEMO_EMAIL_DOMAIN}`;
      addResident(dwelling, { ...featured, email }, { movedInDay: current.fromDay, movedOutDay: null });
    } else if (random.chance(SIGNED_UP_SHARE)) {
      const email = `resident.${dwelling.spec.buildingCode}.${dwelling.dwellingCode}@${DEMO_EMAIL_DOMAIN}`;
      addResident(dwelling, { ...randomPerson(), email }, { movedInDay: current.fromDay, movedOutDay: null });
    }
  }

  /** The one who left before the featured newcomer: a closed account, so the address can serve again. */
  function addPreviousOccupant(dwelling: Inventory['dwellings'][number], movedInDay: number, movedOutDay: number): void {
    addResident(
      dwelling,
      { civility: 'madame', firstName: 'Sophie', lastName: 'Lambert', managerMaySeeDaily: false, email: `sophie.lambert@${DEMO_EMAIL_DOMAIN}` },
      { movedInDay, movedOutDay },
    );
  }
}
