import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { secretKeyId } from '../../kernel/keyed-hash.ts';
import { openSecret, sealSecret } from '../../kernel/secret-box.ts';
import {
  countRowsUnderOtherSecrets,
  selectSealedSecondFactors,
  updateSealedSecondFactor,
  type RowsUnderOtherSecrets,
  type SealedRow,
} from './secret-reseal.queries.ts';
import { selectSealedOutboxContents, updateSealedOutboxContent } from '../../notifications/outbox-reseal.ts';

export type { RowsUnderOtherSecrets };

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
  writeBack: (row: SealedRow, resealed: { sealed: string; keyId: string }) => Promise<void>,
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
    await writeBack(row, { sealed: sealSecret(config.sessionSecret, plaintext), keyId: secretKeyId(config.sessionSecret) });
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

/**
 * What still depends on a secret other than the signing one. Hashes cannot be re-keyed without
 * what they hash: recovery codes go once their holders issue a fresh set, gateway tokens are
 * re-keyed at their next use, reset codes expire within 10 minutes and sessions within 24 hours;
 * residents' personal access tokens are re-keyed at their next use, and those left under a dropped
 * secret are revoked in phase 3 (`revokeApiTokensUnderDroppedSecrets`).
 * The old secret can be dropped (phase 3) once these are zero, or once their loss is accepted.
 */
export function countStillUnderOtherSecrets(
  db: Kysely<Database>,
  config: Pick<Config, 'sessionSecret'>,
  now: Date,
): Promise<RowsUnderOtherSecrets> {
  return countRowsUnderOtherSecrets(db, secretKeyId(config.sessionSecret), now);
}
