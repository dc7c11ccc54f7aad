import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { addDays } from '../../kernel/local-time.ts';
import { insertOccupantChange, lockResidentAccount, updateResidentProfile } from './resident-account.queries.ts';

/**
 * Changes of occupant and move-outs recorded by someone other than the resident (the back
 * office), in the caller's transaction so its audit record commits with them.
 */

export interface OccupantChange {
  residenceId: string;
  dwellingId: string;
  changedOn: string;
  recordedByUserId: string;
  note: string;
}

/** The dwelling's privacy boundary moves to `changedOn`: the next occupant sees nothing before. */
export function recordChangeOfOccupant(trx: Kysely<Database>, change: OccupantChange): Promise<void> {
  return insertOccupantChange(trx, change);
}

/**
 * Records the resident's move-out day, and a change of occupant the day after, as the
 * resident's own declaration does. False when the account is closed (nothing written).
 */
export async function recordMoveOut(
  trx: Kysely<Database>,
  input: { userId: string; residenceId: string; dwellingId: string; movedOutOn: string; recordedByUserId: string; note: string },
): Promise<boolean> {
  if (!(await lockResidentAccount(trx, input.userId))) return false;
  await updateResidentProfile(trx, input.userId, { moved_out_on: input.movedOutOn });
  await insertOccupantChange(trx, {
    residenceId: input.residenceId,
    dwellingId: input.dwellingId,
    changedOn: addDays(input.movedOutOn, 1),
    recordedByUserId: input.recordedByUserId,
    note: input.note,
  });
  return true;
}
