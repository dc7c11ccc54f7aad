import type { Insertable, Kysely, Selectable } from 'kysely';
import { unitOf } from '#shared/device-kinds.ts';
import { generateDwellingReference } from '../modules/inventory/dwelling-reference.ts';
import type {
  ClientsTable,
  ContractsTable,
  Database,
  DevicesTable,
  DeviceKind,
  DwellingsTable,
  ResidencesTable,
  ResidentProfilesTable,
  StaffRole,
  UsersTable,
} from '../db/schema.ts';

/**
 * Test data builders. Each takes the few fields a test cares about and fills the rest with
 * valid, unique values, so a test states only what it is about.
 */
let sequence = 0;
const next = () => ++sequence;
const pad = (value: number, length: number) => String(value).padStart(length, '0');

/** Unique per process: test files run in separate processes with separate databases. */
const uniqueBase = 10_000_000 + (process.pid % 1000) * 10_000;

export async function buildClient(db: Kysely<Database>, overrides: Partial<Insertable<ClientsTable>> = {}) {
  return db
    .insertInto('clients')
    .values({ name: `Cabinet Test ${next()}`, kind: 'syndic', ...overrides })
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function buildContract(
  db: Kysely<Database>,
  overrides: Partial<Insertable<ContractsTable>> & { client_id?: string } = {},
) {
  const clientId = overrides.client_id ?? (await buildClient(db)).id;
  return db
    .insertInto('contracts')
    .values({
      reference: `CTR-${pad(uniqueBase + next(), 8)}`,
      booked_options: ['remote_reading', 'resident_portal'],
      starts_on: '2020-01-01',
      ...overrides,
      client_id: clientId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildResidence(
  db: Kysely<Database>,
  overrides: Partial<Insertable<ResidencesTable>> & { withoutResidentPortal?: boolean } = {},
): Promise<Selectable<ResidencesTable>> {
  const { withoutResidentPortal, ...values } = overrides;
  const contract = values.contract_id
    ? await db.selectFrom('contracts').selectAll().where('id', '=', values.contract_id).executeTakeFirstOrThrow()
    : await buildContract(db, {
        ...(values.client_id ? { client_id: values.client_id } : {}),
        booked_options: withoutResidentPortal ? ['remote_reading'] : ['remote_reading', 'resident_portal'],
      });
  return db
    .insertInto('residences')
    .values({
      building_code: pad(uniqueBase + next(), 8),
      name: null,
      street: '12 RUE DES TESTS',
      postal_code: '75011',
      city: 'PARIS',
      published_at: '2025-01-01T00:00:00Z',
      ...values,
      client_id: contract.client_id,
      contract_id: contract.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildDwelling(
  db: Kysely<Database>,
  overrides: Partial<Insertable<DwellingsTable>> = {},
): Promise<Selectable<DwellingsTable>> {
  const residenceId = overrides.residence_id ?? (await buildResidence(db)).id;
  const number = next();
  return db
    .insertInto('dwellings')
    .values({
      client_number: `T${pad(number, 6)}`,
      building: '01',
      staircase: '01',
      floor: '00',
      dwelling_code: pad(uniqueBase + number, 8),
      reference: generateDwellingReference(),
      ...overrides,
      residence_id: residenceId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildDevice(
  db: Kysely<Database>,
  overrides: Partial<Insertable<DevicesTable>> & { kind?: DeviceKind } = {},
): Promise<Selectable<DevicesTable>> {
  const dwelling = overrides.dwelling_id
    ? await db.selectFrom('dwellings').selectAll().where('id', '=', overrides.dwelling_id).executeTakeFirstOrThrow()
    : await buildDwelling(db, overrides.residence_id ? { residence_id: overrides.residence_id } : {});
  const kind = overrides.kind ?? 'cold_water';
  return db
    .insertInto('devices')
    .values({
      kind,
      unit: unitOf(kind),
      serial_number: pad(100_000_000 + uniqueBase + next(), 9),
      manufacturer: 'ISTA',
      installed_on: '2020-01-01',
      ...overrides,
      residence_id: dwelling.residence_id,
      dwelling_id: dwelling.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A resident with an active account on a dwelling (built when not given). No password unless given a hash. */
export async function buildResident(
  db: Kysely<Database>,
  overrides: {
    user?: Partial<Insertable<UsersTable>>;
    profile?: Partial<Insertable<ResidentProfilesTable>>;
    dwelling_id?: string;
  } = {},
) {
  const dwelling = overrides.dwelling_id
    ? await db.selectFrom('dwellings').selectAll().where('id', '=', overrides.dwelling_id).executeTakeFirstOrThrow()
    : await buildDwelling(db);
  const user = await db
    .insertInto('users')
    .values({ role: 'resident', email: `resident${next()}@example.test`, ...overrides.user, dwelling_id: dwelling.id })
    .returningAll()
    .executeTakeFirstOrThrow();
  const profile = await db
    .insertInto('resident_profiles')
    .values({
      user_id: user.id,
      residence_id: dwelling.residence_id,
      civility: 'madame',
      last_name: 'Testeuse',
      first_name: 'Camille',
      mobile_e164: null,
      is_owner: false,
      council_member: 'no_answer',
      notify_leak_by_email: true,
      notify_leak_by_sms: false,
      notify_overconsumption: true,
      manager_may_see_daily: false,
      privacy_consent_at: '2025-01-01T00:00:00Z',
      privacy_policy_version: '2026-01',
      moved_in_on: '2025-01-01',
      ...overrides.profile,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { user, profile, dwelling };
}

export async function buildManager(
  db: Kysely<Database>,
  overrides: {
    client_id?: string;
    email?: string;
    password_hash?: string;
    is_portal_admin?: boolean;
    sees_all_residences?: boolean;
    residence_ids?: string[];
  } = {},
) {
  const clientId = overrides.client_id ?? (await buildClient(db)).id;
  const user = await db
    .insertInto('users')
    .values({
      role: 'manager',
      email: overrides.email ?? `manager${next()}@example.test`,
      password_hash: overrides.password_hash ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const membership = await db
    .insertInto('manager_memberships')
    .values({
      user_id: user.id,
      client_id: clientId,
      is_portal_admin: overrides.is_portal_admin ?? false,
      sees_all_residences: overrides.sees_all_residences ?? false,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  for (const residenceId of overrides.residence_ids ?? []) {
    await db.insertInto('manager_residence_access').values({ user_id: user.id, residence_id: residenceId }).execute();
  }
  return { user, membership };
}

export async function buildStaff(
  db: Kysely<Database>,
  overrides: { staff_role?: StaffRole; email?: string; password_hash?: string } = {},
) {
  const user = await db
    .insertInto('users')
    .values({
      role: 'staff',
      email: overrides.email ?? `staff${next()}@operator.test`,
      password_hash: overrides.password_hash ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const member = await db
    .insertInto('staff_members')
    .values({ user_id: user.id, staff_role: overrides.staff_role ?? 'support' })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { user, member };
}
