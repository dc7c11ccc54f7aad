import type { AppContext } from '../../app-context.ts';
import { refuseWhenOverLimit, windowStart } from '../../http/sliding-limit.ts';
import { residenceHitBudget } from '#shared/signup-lookup-budget.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import {
  countDwellingsOfResidence,
  countMissesSince,
  countResidenceHitsSince,
  findBudgetLift,
  noteLookupHit,
  saveBudgetLift,
} from './signup-lookup-budget.queries.ts';

const HOUR = 3_600_000;

/**
 * Sign-up look-ups are also counted across all client addresses, so a botnet cannot map a
 * building's serial numbers: per residence, the look-ups that find one of its serials or
 * dwelling references are at most max(20, 25 % of its dwellings) an hour; and the look-ups
 * that find nothing are capped for the whole portal. Staff may lift a residence's budget for
 * a day (a flyer day); the cap on misses stays.
 */
export const LOOKUP_BUDGET = {
  windowMs: HOUR,
  /** The floor of `residenceHitBudget`, for tests and docs. */
  minimumHitsPerResidence: residenceHitBudget(0),
  missesPerWindow: 500,
  liftMs: 24 * HOUR,
} as const;

const BUDGET_REFUSAL = 'signup_lookup_budget_exhausted';
const MISS_OUTCOMES = ['signup_serial_number_unknown', 'signup_dwelling_reference_unknown', 'signup_building_code_unknown'] as const;

export { residenceHitBudget };

type BudgetContext = Pick<AppContext, 'db' | 'clock'>;

/** Before a look-up: refused while the portal's misses of the hour are spent. */
export async function refuseWhenMissesSpent(context: BudgetContext): Promise<void> {
  const now = context.clock.now();
  const limit = { count: LOOKUP_BUDGET.missesPerWindow, windowMs: LOOKUP_BUDGET.windowMs };
  refuseWhenOverLimit(await countMissesSince(context.db, windowStart(limit, now), MISS_OUTCOMES), limit, now, BUDGET_REFUSAL);
}

/**
 * A look-up found a serial number or reference of `residenceId`: counted against the
 * residence's budget first, then refused when over it (the first refusal of a window goes to
 * the audit trail, where staff see it).
 */
export async function spendResidenceBudget(context: BudgetContext, lookupId: number, residenceId: string): Promise<void> {
  const now = context.clock.now();
  await noteLookupHit(context.db, lookupId, residenceId);
  const lift = await findBudgetLift(context.db, residenceId);
  if (lift && lift.lifted_until.getTime() > now.getTime()) return;
  const limit = { count: residenceHitBudget(await countDwellingsOfResidence(context.db, residenceId)), windowMs: LOOKUP_BUDGET.windowMs };
  const hits = await countResidenceHitsSince(context.db, residenceId, windowStart(limit, now), BUDGET_REFUSAL);
  if (hits.count === limit.count + 1) {
    await recordAuditEvent(context.db, {
      occurredAt: now,
      action: 'signup.lookup_budget_exhausted',
      actor: null,
      target: { type: 'residence', id: residenceId },
      clientAddress: null,
      details: { budget: limit.count, window_minutes: LOOKUP_BUDGET.windowMs / 60_000 },
    });
  }
  refuseWhenOverLimit(hits, limit, now, BUDGET_REFUSAL, { allowed: 'up-to' });
}

/** Staff lift a residence's budget for a day (a flyer day). */
export async function liftResidenceLookupBudget(context: BudgetContext, input: { residenceId: string; staffUserId: string }): Promise<{ liftedUntil: Date }> {
  const now = context.clock.now();
  const liftedUntil = new Date(now.getTime() + LOOKUP_BUDGET.liftMs);
  await saveBudgetLift(context.db, { residenceId: input.residenceId, liftedUntil, liftedByUserId: input.staffUserId, now });
  return { liftedUntil };
}
