import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { openSecret, sealSecret } from './secret-box.ts';
import {
  selectSealedOutboxContents,
  selectSealedSecondFactors,
  updateSealedOutboxContent,
  updateSealedSecondFactor,
  type SealedRow,
} from './secret-reseal.queries.ts';

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
  const secondFactors = await resealRows(config, await selectSealedSecondFactors(db), (row, resealed) =>
    updateSealedSecondFactor(db, row, resealed),
  );
  const outboxMessages = await resealRows(config, await selectSealedOutboxContents(db), (row, resealed) =>
    updateSealedOutboxContent(db, row, resealed),
  );
  return { secondFactors, outboxMessages };
}
