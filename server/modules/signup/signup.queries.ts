import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { ContractOption, Database, DeviceKind, SignupAttemptsTable, SignupLookupMethod, SignupStep } from '../../db/schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** What step 1 needs to know about a dwelling to accept or refuse it. */
export interface DwellingEligibilityRow {
  dwelling_id: string;
  residence_id: string;
  booked_options: ContractOption[];
  contract_ends_on: string | null;
  published_at: Date | null;
  today: string;
}

function eligibilityQuery(db: Executor, now: Date) {
  return db
    .selectFrom('dwellings')
    .innerJoin('residences', 'residences.id', 'dwellings.residence_id')
    .innerJoin('contracts', 'contracts.id', 'residences.contract_id')
    .select([
      'dwellings.id as dwelling_id',
      'residences.id as residence_id',
      'contracts.booked_options',
      'contracts.ends_on as contract_ends_on',
      'residences.published_at',
      sql<string>`((${now}::timestamptz at time zone residences.time_zone)::date)::text`.as('today'),
    ]);
}

/** Devices in service with this serial number (any make), with their dwelling's eligibility. */
export async function findDevicesInServiceBySerial(db: Executor, serialNumber: string, now: Date) {
  return eligibilityQuery(db, now)
    .innerJoin('devices', 'devices.dwelling_id', 'dwellings.id')
    .select('devices.kind')
    .where('devices.serial_number', '=', serialNumber)
    .where((eb) =>
      eb.or([
        eb('devices.removed_on', 'is', null),
        eb('devices.removed_on', '>', sql<string>`(${now}::timestamptz at time zone residences.time_zone)::date`),
      ]),
    )
    .execute() as Promise<Array<DwellingEligibilityRow & { kind: DeviceKind }>>;
}

export async function findResidenceEligibilityByBuildingCode(db: Executor, buildingCode: string, now: Date) {
  return db
    .selectFrom('residences')
    .innerJoin('contracts', 'contracts.id', 'residences.contract_id')
    .select([
      'residences.id as residence_id',
      'residences.name',
      'residences.building_code',
      'residences.street',
      'residences.postal_code',
      'residences.city',
      'contracts.booked_options',
      'contracts.ends_on as contract_ends_on',
      'residences.published_at',
      sql<string>`((${now}::timestamptz at time zone residences.time_zone)::date)::text`.as('today'),
    ])
    .where('residences.building_code', '=', buildingCode)
    .executeTakeFirst();
}

export async function findDwellingByReference(db: Executor, buildingCode: string, reference: string, now: Date) {
  return eligibilityQuery(db, now)
    .where('residences.building_code', '=', buildingCode)
    .where('dwellings.reference', '=', reference)
    .executeTakeFirst() as Promise<DwellingEligibilityRow | undefined>;
}

export async function findResidenceAndDwelling(db: Executor, dwellingId: string) {
  return db
    .selectFrom('dwellings')
    .innerJoin('residences', 'residences.id', 'dwellings.residence_id')
    .select([
      'residences.name',
      'residences.building_code',
      'residences.street',
      'residences.postal_code',
      'residences.city',
      'dwellings.client_number',
      'dwellings.building',
      'dwellings.dwelling_code',
      'dwellings.staircase',
      'dwellings.floor',
    ])
    .where('dwellings.id', '=', dwellingId)
    .executeTakeFirstOrThrow();
}

export async function hasActiveResidentAccount(db: Executor, dwellingId: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('dwelling_id', '=', dwellingId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function isEmailUsedByActiveResident(db: Executor, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'resident')
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findResidenceToday(db: Executor, residenceId: string, now: Date): Promise<string> {
  const row = await db
    .selectFrom('residences')
    .select(sql<string>`((${now}::timestamptz at time zone time_zone)::date)::text`.as('today'))
    .where('id', '=', residenceId)
    .executeTakeFirstOrThrow();
  return row.today;
}

export async function insertLookup(
  db: Executor,
  lookup: { occurredAt: Date; clientAddress: string; method: SignupLookupMethod; outcome: string; inputDigest: Buffer },
): Promise<number> {
  const row = await db
    .insertInto('signup_lookups')
    .values({
      occurred_at: lookup.occurredAt,
      client_address: lookup.clientAddress,
      method: lookup.method,
      outcome: lookup.outcome,
      input_digest: lookup.inputDigest,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setLookupOutcome(db: Executor, lookupId: number, outcome: string): Promise<void> {
  await db.updateTable('signup_lookups').set({ outcome }).where('id', '=', lookupId).execute();
}

/** Look-ups by this client address since a moment: how many, and when the oldest of them was. */
export async function countLookupsSince(db: Executor, clientAddress: string, since: Date) {
  const row = await db
    .selectFrom('signup_lookups')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('occurred_at').as('oldest')])
    .where('client_address', '=', clientAddress)
    .where('occurred_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: row.oldest ? new Date(row.oldest) : null };
}

export async function insertAttempt(
  db: Executor,
  attempt: {
    tokenHash: Buffer;
    keyId: string;
    residenceId: string;
    dwellingId: string;
    identifiedBy: 'serial_number' | 'dwelling_reference';
    clientAddress: string;
    now: Date;
    expiresAt: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('signup_attempts')
    .values({
      token_hash: attempt.tokenHash,
      key_id: attempt.keyId,
      step: 'attest',
      residence_id: attempt.residenceId,
      dwelling_id: attempt.dwellingId,
      identified_by: attempt.identifiedBy,
      client_address: attempt.clientAddress,
      created_at: attempt.now,
      updated_at: attempt.now,
      expires_at: attempt.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const attemptColumns = [
  'id',
  'step',
  'residence_id',
  'dwelling_id',
  'is_owner',
  'moved_in_on',
  'council_member',
  'notify_leak_by_email',
  'notify_leak_by_sms',
  'notify_overconsumption',
  'manager_may_see_daily',
  'civility',
  'last_name',
  'first_name',
  'mobile_e164',
  'email',
  'password_hash',
  'privacy_consent_at',
  'privacy_policy_version',
  'newsletter_consent_at',
  'newsletter_policy_version',
  'expires_at',
] as const;

/** The live (unexpired, not abandoned) attempt a token names. */
export async function findLiveAttemptByTokenHash(db: Executor, tokenHashes: Buffer[], now: Date) {
  return db
    .selectFrom('signup_attempts')
    .select(attemptColumns)
    .where('token_hash', 'in', tokenHashes)
    .where('step', '!=', 'abandoned')
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export type AttemptRow = NonNullable<Awaited<ReturnType<typeof findLiveAttemptByTokenHash>>>;

/** Locks the attempt for the rest of the transaction: its codes are sent and checked one request at a time. */
export async function lockAttempt(trx: Transaction<Database>, attemptId: string) {
  return trx.selectFrom('signup_attempts').select(attemptColumns).where('id', '=', attemptId).forUpdate().executeTakeFirstOrThrow();
}

/**
 * Moves an attempt from one step to the next, writing that step's answers. Only one request
 * can make a given move: a replay or a parallel twin finds the step already changed.
 */
export async function advanceAttempt(
  db: Executor,
  attemptId: string,
  move: { from: SignupStep | SignupStep[]; to: SignupStep; now: Date },
  values: Omit<Updateable<SignupAttemptsTable>, 'id' | 'step' | 'token_hash' | 'updated_at'> = {},
): Promise<boolean> {
  const result = await db
    .updateTable('signup_attempts')
    .set({ ...values, step: move.to, updated_at: move.now })
    .where('id', '=', attemptId)
    .where('step', 'in', Array.isArray(move.from) ? move.from : [move.from])
    .where('expires_at', '>', move.now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function abandonAttempt(db: Executor, attemptId: string, now: Date): Promise<void> {
  await db
    .updateTable('signup_attempts')
    .set({ step: 'abandoned', updated_at: now, password_hash: null })
    .where('id', '=', attemptId)
    .where('step', '!=', 'completed')
    .execute();
  await cancelLiveCodes(db, attemptId, now);
}

export async function updateAttemptEmail(db: Executor, attemptId: string, email: string, now: Date): Promise<void> {
  await db.updateTable('signup_attempts').set({ email, updated_at: now }).where('id', '=', attemptId).execute();
}

export async function cancelLiveCodes(db: Executor, attemptId: string, now: Date): Promise<void> {
  await db
    .updateTable('signup_codes')
    .set({ cancelled_at: now })
    .where('attempt_id', '=', attemptId)
    .where('consumed_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute();
}

export async function insertCode(
  db: Executor,
  code: { attemptId: string; email: string; codeHash: Buffer; keyId: string; isAddressInUse: boolean; now: Date; expiresAt: Date },
): Promise<string> {
  const row = await db
    .insertInto('signup_codes')
    .values({
      attempt_id: code.attemptId,
      email: code.email,
      code_hash: code.codeHash,
      key_id: code.keyId,
      is_address_in_use: code.isAddressInUse,
      created_at: code.now,
      expires_at: code.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Codes created since a moment, to one address, from one attempt or from any: the send throttles. */
export async function countCodesSince(db: Executor, scope: { attemptId?: string; email: string }, since: Date) {
  const row = await db
    .selectFrom('signup_codes')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('created_at').as('oldest')])
    .where('created_at', '>', since)
    .where(sql`lower(email)`, '=', scope.email.toLowerCase())
    .$if(scope.attemptId !== undefined, (query) => query.where('attempt_id', '=', scope.attemptId!))
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: row.oldest ? new Date(row.oldest) : null };
}

/**
 * The other addresses an attempt first mailed a code to since a moment: the budget of
 * « Corriger mon adresse email », which can mail any address.
 */
export async function countOtherAddressesSince(db: Executor, attemptId: string, email: string, since: Date) {
  const row = await db
    .selectFrom(
      db
        .selectFrom('signup_codes')
        .select((eb) => [sql<string>`lower(email)`.as('address'), eb.fn.min('created_at').as('first_sent_at')])
        .where('attempt_id', '=', attemptId)
        .where(sql`lower(email)`, '!=', email.toLowerCase())
        .groupBy(sql`lower(email)`)
        .as('addresses'),
    )
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('first_sent_at').as('oldest')])
    .where('first_sent_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: row.oldest ? new Date(row.oldest) : null };
}

export async function findLiveCode(db: Executor, attemptId: string) {
  return db
    .selectFrom('signup_codes')
    .select(['id', 'email', 'code_hash', 'is_address_in_use', 'failed_tries', 'expires_at'])
    .where('attempt_id', '=', attemptId)
    .where('consumed_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
}

export async function recordFailedTry(db: Executor, codeId: string): Promise<number> {
  const row = await db
    .updateTable('signup_codes')
    .set((eb) => ({ failed_tries: eb('failed_tries', '+', 1) }))
    .where('id', '=', codeId)
    .returning('failed_tries')
    .executeTakeFirstOrThrow();
  return row.failed_tries;
}

export async function consumeCode(db: Executor, codeId: string, now: Date): Promise<void> {
  await db.updateTable('signup_codes').set({ consumed_at: now }).where('id', '=', codeId).execute();
}

export async function completeAttempt(trx: Transaction<Database>, attemptId: string, userId: string, now: Date): Promise<void> {
  await trx
    .updateTable('signup_attempts')
    .set({ step: 'completed', user_id: userId, password_hash: null, updated_at: now })
    .where('id', '=', attemptId)
    .execute();
}

/** Sign-ups of this address (case-insensitive) waiting for their code, not expired. */
export function findAttemptsWaitingForCode(db: Executor, email: string, now: Date) {
  return db
    .selectFrom('signup_attempts')
    .select('id')
    .where('step', '=', 'verify_email')
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('expires_at', '>', now)
    .execute();
}
