import type { Kysely } from 'kysely';
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
export async function updateSealedSecondFactor(db: Db, row: SealedRow, resealed: string): Promise<void> {
  await db
    .updateTable('staff_second_factors')
    .set({ secret_ciphertext: resealed })
    .where('user_id', '=', row.key)
    .where('secret_ciphertext', '=', row.sealed)
    .execute();
}

export function selectSealedOutboxContents(db: Db): Promise<SealedRow[]> {
  return db
    .selectFrom('outbox_messages')
    .select(['id as key', 'sealed_content as sealed'])
    .where('sealed_content', 'is not', null)
    .$narrowType<{ sealed: string }>()
    .execute();
}

/** Written only if the row still holds what was read: a concurrent delivery wins. */
export async function updateSealedOutboxContent(db: Db, row: SealedRow, resealed: string): Promise<void> {
  await db.updateTable('outbox_messages').set({ sealed_content: resealed }).where('id', '=', row.key).where('sealed_content', '=', row.sealed).execute();
}
