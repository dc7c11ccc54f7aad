import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface NewResetCode {
  user_id: string;
  code_id: string;
  code_hash: Buffer;
  key_id: string;
  created_at: Date;
  expires_at: Date;
}

/**
 * Stores a new code in place of the previous one, unless the previous one was sent less than
 * `resendAfterMs` ago or `maxSendsPerWindow` codes went out in the current window. One
 * statement, so parallel requests cannot both send. Returns false when throttled.
 */
export async function replaceResetCodeUnlessThrottled(
  db: Kysely<Database>,
  code: NewResetCode,
  limits: { resendAfter: Date; windowStartedAfter: Date; maxSendsPerWindow: number },
): Promise<boolean> {
  const stored = await db
    .insertInto('password_reset_codes')
    .values({ ...code, failed_attempts: 0, consumed_at: null, sends_in_window: 1, window_started_at: code.created_at })
    .onConflict((conflict) =>
      conflict
        .column('user_id')
        .doUpdateSet((eb) => {
          const isWindowRunning = eb('password_reset_codes.window_started_at', '>', limits.windowStartedAfter);
          return {
            code_id: code.code_id,
            code_hash: code.code_hash,
            key_id: code.key_id,
            created_at: code.created_at,
            expires_at: code.expires_at,
            failed_attempts: 0,
            consumed_at: null,
            sends_in_window: eb
              .case()
              .when(isWindowRunning)
              .then(eb('password_reset_codes.sends_in_window', '+', 1))
              .else(1)
              .end(),
            window_started_at: eb
              .case()
              .when(isWindowRunning)
              .then(eb.ref('password_reset_codes.window_started_at'))
              .else(code.created_at)
              .end(),
          };
        })
        .where((eb) =>
          eb.and([
            eb('password_reset_codes.created_at', '<=', limits.resendAfter),
            eb.or([
              eb('password_reset_codes.window_started_at', '<=', limits.windowStartedAfter),
              eb('password_reset_codes.sends_in_window', '<', limits.maxSendsPerWindow),
            ]),
          ]),
        ),
    )
    .returning('code_id')
    .executeTakeFirst();
  return stored?.code_id === code.code_id;
}

export function findResetCode(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('password_reset_codes')
    .select(['code_id', 'code_hash', 'expires_at', 'failed_attempts', 'consumed_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/**
 * Counts one try on the live code BEFORE it is compared, in one statement: however many
 * arrive at once, at most `maxAttempts` are reserved. Undefined when there is no live code
 * left to try (none, used, expired or out of tries).
 */
export function reserveResetCodeTry(db: Kysely<Database>, input: { userId: string; now: Date; maxAttempts: number }) {
  return db
    .updateTable('password_reset_codes')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('user_id', '=', input.userId)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', input.now)
    .where('failed_attempts', '<', input.maxAttempts)
    .returning(['code_id', 'code_hash'])
    .executeTakeFirst();
}

/** Gives a reserved try back to that very code (the code was right, the new password refused). */
export async function releaseResetCodeTry(db: Kysely<Database>, userId: string, codeId: string): Promise<void> {
  await db
    .updateTable('password_reset_codes')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '-', 1) }))
    .where('user_id', '=', userId)
    .where('code_id', '=', codeId)
    .where('failed_attempts', '>', 0)
    .execute();
}

/** Uses the code up (its try already reserved); true for exactly one caller, and only while it is still valid. */
export async function consumeResetCode(
  db: Kysely<Database>,
  input: { userId: string; codeId: string; now: Date; maxAttempts: number },
): Promise<boolean> {
  const result = await db
    .updateTable('password_reset_codes')
    .set({ consumed_at: input.now })
    .where('user_id', '=', input.userId)
    .where('code_id', '=', input.codeId)
    .where('consumed_at', 'is', null)
    .where('failed_attempts', '<=', input.maxAttempts)
    .where('expires_at', '>', input.now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteResetCodesOf(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('password_reset_codes').where('user_id', '=', userId).execute();
}
