import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Executor = Kysely<Database>;

/** Notes the residence a look-up hit. Written before counting, so parallel hits can only over-count. */
export async function noteLookupHit(db: Executor, lookupId: number, residenceId: string): Promise<void> {
  await db.updateTable('signup_lookups').set({ residence_id: residenceId }).where('id', '=', lookupId).execute();
}

/** Hits on the residence since `since`, from every client address, the refused ones left out; and the oldest of them. */
export async function countResidenceHitsSince(db: Executor, residenceId: string, since: Date, refusedOutcome: string) {
  const row = await db
    .selectFrom('signup_lookups')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('occurred_at').as('oldest')])
    .where('residence_id', '=', residenceId)
    .where('occurred_at', '>', since)
    .where('outcome', '!=', refusedOutcome)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: row.oldest ? new Date(row.oldest) : null };
}

/** Look-ups of the whole portal since `since` that found nothing, and the oldest of them. */
export async function countMissesSince(db: Executor, since: Date, missOutcomes: readonly string[]) {
  const row = await db
    .selectFrom('signup_lookups')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('occurred_at').as('oldest')])
    .where('occurred_at', '>', since)
    .where('outcome', 'in', missOutcomes)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: row.oldest ? new Date(row.oldest) : null };
}

export async function countDwellingsOfResidence(db: Executor, residenceId: string): Promise<number> {
  const row = await db
    .selectFrom('dwellings')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('residence_id', '=', residenceId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findBudgetLift(db: Executor, residenceId: string) {
  return db.selectFrom('signup_lookup_budget_lifts').select(['lifted_until']).where('residence_id', '=', residenceId).executeTakeFirst();
}

export async function saveBudgetLift(db: Executor, lift: { residenceId: string; liftedUntil: Date; liftedByUserId: string; now: Date }): Promise<void> {
  const values = { residence_id: lift.residenceId, lifted_until: lift.liftedUntil, lifted_by_user_id: lift.liftedByUserId, created_at: lift.now };
  await db
    .insertInto('signup_lookup_budget_lifts')
    .values(values)
    .onConflict((conflict) => conflict.column('residence_id').doUpdateSet({ lifted_until: lift.liftedUntil, lifted_by_user_id: lift.liftedByUserId, created_at: lift.now }))
    .execute();
}
