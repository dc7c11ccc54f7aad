import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { openSecret, sealSecret } from './secret-box.ts';

/**
 * Phase 2 of a SESSION_SECRET rotation ends with this: every sealed value the database keeps
 * (staff TOTP secrets, the outbox's undelivered secret content) is sealed again under the signing
 * secret, so dropping the previous secret (phase 3) loses none of them.
 */
export interface ResealCount {
  resealed: number;
  /** Opened under no accepted secret: sealed under a secret already dropped. */
  unreadable: number;
}

interface SealedRow {
  key: string;
  sealed: string;
}

/** Each row is written back only if it still holds what was read: a concurrent enrolment or delivery wins. */
async function resealRows(
  config: Pick<Config, 'sessionSecret' | 'acceptedSessionSecrets'>,
  rows: SealedRow[],
  writeBack: (row: SealedRow, resealed: string) => Promise<void>,
): Promise<ResealCount> {
  const count: ResealCount = { resealed: 0, unreadable: 0 };
  for (const row of rows) {
    let plaintext: string;
    try {
      plaintext = openSecret(config.acceptedSessionSecrets, row.sealed);
    } catch {
      count.unreadable += 1;
      continue;
    }
    await writeBack(row, sealSecret(config.sessionSecret, plaintext));
    count.resealed += 1;
  }
  return count;
}

export async function resealStoredSecrets(
  db: Kysely<Database>,
  config: Pick<Config, 'sessionSecret' | 'acceptedSessionSecrets'>,
): Promise<{ secondFactors: ResealCount; outboxMessages: ResealCount }> {
  const factors = await db.selectFrom('staff_second_factors').select(['user_id as key', 'secret_ciphertext as sealed']).execute();
  const secondFactors = await resealRows(config, factors, async (row, resealed) => {
    await db
      .updateTable('staff_second_factors')
      .set({ secret_ciphertext: resealed })
      .where('user_id', '=', row.key)
      .where('secret_ciphertext', '=', row.sealed)
      .execute();
  });
  const messages = await db
    .selectFrom('outbox_messages')
    .select(['id as key', 'sealed_content as sealed'])
    .where('sealed_content', 'is not', null)
    .$narrowType<{ sealed: string }>()
    .execute();
  const outboxMessages = await resealRows(config, messages, async (row, resealed) => {
    await db.updateTable('outbox_messages').set({ sealed_content: resealed }).where('id', '=', row.key).where('sealed_content', '=', row.sealed).execute();
  });
  return { secondFactors, outboxMessages };
}
