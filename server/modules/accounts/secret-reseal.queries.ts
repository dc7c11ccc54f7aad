import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

/** A sealed value and the key of the row that holds it. */
export interface SealedRow {
  key: string;
  sealed: string;
}

export function selectSealedSecondFactors(db: Db): Promise<SealedRow[]> {
  return db.selectFrom('staff_second_factors').select(['user_id as key', 'secret_ciphertext as sealed']).execute();
}

/** Written only if the row still holds what was read: a concurrent enrolment wins. */
export async function updateSealedSecondFactor(db: Db, row: SealedRow, resealed: { sealed: string; keyId: string }): Promise<void> {
  await db
    .updateTable('staff_second_factors')
    .set({ secret_ciphertext: resealed.sealed, key_id: resealed.keyId })
    .where('user_id', '=', row.key)
    .where('secret_ciphertext', '=', row.sealed)
    .execute();
}

/** Live rows of each table whose keyed hash was made under another secret than `keyId`, or an unknown one (null). */
export interface RowsUnderOtherSecrets {
  recoveryCodes: number;
  gatewayTokens: number;
  resetCodes: number;
  sessions: number;
  apiTokens: number;
}

/**
 * What dropping every secret but `keyId`'s would break now: unused recovery codes, active gateway
 * tokens, live reset codes, sessions and residents' live personal access tokens, each counted where
 * its key_id is not `keyId`.
 */
export async function countRowsUnderOtherSecrets(db: Db, keyId: string, now: Date): Promise<RowsUnderOtherSecrets> {
  const isOther = sql<boolean>`key_id is distinct from ${keyId}`;
  const { rows } = await sql<{ [Name in keyof RowsUnderOtherSecrets]: string }>`
    select
      (select count(*) from staff_recovery_codes where used_at is null and ${isOther}) as "recoveryCodes",
      (select count(*) from data_sources where revoked_at is null and ${isOther}) as "gatewayTokens",
      (select count(*) from password_reset_codes where consumed_at is null and expires_at > ${now} and ${isOther}) as "resetCodes",
      (select count(*) from sessions where expires_at > ${now} and ${isOther}) as "sessions",
      (select count(*) from api_tokens where revoked_at is null and expires_at > ${now} and ${isOther}) as "apiTokens"
  `.execute(db);
  const row = rows[0]!;
  return {
    recoveryCodes: Number(row.recoveryCodes),
    gatewayTokens: Number(row.gatewayTokens),
    resetCodes: Number(row.resetCodes),
    sessions: Number(row.sessions),
    apiTokens: Number(row.apiTokens),
  };
}
