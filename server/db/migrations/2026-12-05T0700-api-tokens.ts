import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * Personal access tokens (issue 23): a resident's read-only key to their own consumption, for
 * their own tools (Home Assistant). Only a keyed hash of the token is kept; `prefix` is its
 * first characters, shown in the list so its holder recognises it. The per-token rate limit
 * counts in a fixed window on the row itself; daily use counts have their own table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `create table api_tokens (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id),
      name text not null check (length(name) between 1 and 60),
      token_hash bytea not null unique,
      key_id text,
      prefix text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null check (expires_at > created_at),
      last_used_at timestamptz,
      revoked_at timestamptz,
      revoked_reason text check (revoked_reason in ('resident', 'move_out', 'closure', 'deletion')),
      check ((revoked_at is null) = (revoked_reason is null)),
      window_started_at timestamptz,
      window_count integer not null default 0
    )`,
    `create index api_tokens_user_idx on api_tokens (user_id, created_at desc)`,
    `create table api_token_daily_uses (
      token_id uuid not null references api_tokens(id) on delete cascade,
      day date not null,
      count integer not null check (count > 0),
      primary key (token_id, day)
    )`,
  ]);
}
