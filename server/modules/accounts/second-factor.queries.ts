import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export function findSecondFactor(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('staff_second_factors')
    .select(['secret_ciphertext', 'confirmed_at', 'last_used_step'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Stores a new, unconfirmed secret; a confirmed one is never replaced here. */
export async function saveUnconfirmedSecondFactor(
  db: Kysely<Database>,
  row: { user_id: string; secret_ciphertext: string; key_id: string; created_at: Date },
): Promise<void> {
  await db
    .insertInto('staff_second_factors')
    .values(row)
    .onConflict((conflict) =>
      conflict
        .column('user_id')
        .doUpdateSet({ secret_ciphertext: row.secret_ciphertext, key_id: row.key_id, created_at: row.created_at })
        .where('staff_second_factors.confirmed_at', 'is', null),
    )
    .execute();
}

/** Marks the factor confirmed, once; false when another request confirmed it first. */
export async function confirmSecondFactor(db: Kysely<Database>, userId: string, confirmedAt: Date, step: number): Promise<boolean> {
  const result = await db
    .updateTable('staff_second_factors')
    .set({ confirmed_at: confirmedAt, last_used_step: step })
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Records the time step a code was used at; false when that step (or a later one) was used already: no replay. */
export async function useTotpStep(db: Kysely<Database>, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('staff_second_factors')
    .set({ last_used_step: step })
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The previous set goes, used or not: only the new codes work. `keyId`: the secret that keyed `codeHashes`. */
export async function replaceRecoveryCodes(db: Kysely<Database>, userId: string, codeHashes: Buffer[], keyId: string): Promise<void> {
  await db.deleteFrom('staff_recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('staff_recovery_codes')
    .values(codeHashes.map((codeHash) => ({ user_id: userId, code_hash: codeHash, key_id: keyId })))
    .execute();
}

/** Uses a recovery code, once; false when unknown or already used. */
/** `codeHashes`: the code under each accepted secret (a rotation may be under way). */
export async function useRecoveryCode(db: Kysely<Database>, userId: string, codeHashes: Buffer[], usedAt: Date): Promise<boolean> {
  const result = await db
    .updateTable('staff_recovery_codes')
    .set({ used_at: usedAt })
    .where('user_id', '=', userId)
    .where('code_hash', 'in', codeHashes)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
