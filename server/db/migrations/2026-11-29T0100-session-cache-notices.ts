import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * Each node keeps the sessions it resolved (accounts/session-cache.ts). Whatever the session
 * lookup reads is watched here: a change to one of its rows sends `pg_notify('session_cache',
 * '<kind>:<id>')` at commit, and every node drops the sessions it names — a user's, a
 * dwelling's or a residence's; `all` after a TRUNCATE. Written by triggers, so no write path
 * (the portal's, a script's, an administrator's) can change a session's rights unseen.
 */
const WATCHED: Array<{ table: string; keys: string[]; operations: string; when?: string }> = [
  { table: 'sessions', keys: ['user:user_id'], operations: 'delete' },
  // Every node touches last_seen_at now and then; only what the lookup judges by counts.
  {
    table: 'sessions',
    keys: ['user:user_id'],
    operations: 'update',
    when: 'old.user_id is distinct from new.user_id or old.assurance is distinct from new.assurance or old.expires_at is distinct from new.expires_at',
  },
  { table: 'users', keys: ['user:id', 'dwelling:dwelling_id'], operations: 'update or delete' },
  { table: 'resident_profiles', keys: ['user:user_id', 'residence:residence_id'], operations: 'insert or update or delete' },
  { table: 'manager_memberships', keys: ['user:user_id'], operations: 'insert or update or delete' },
  { table: 'staff_members', keys: ['user:user_id'], operations: 'insert or update or delete' },
  { table: 'residences', keys: ['residence:id'], operations: 'update or delete' },
  { table: 'dwellings', keys: ['residence:residence_id'], operations: 'update or delete' },
  { table: 'devices', keys: ['residence:residence_id'], operations: 'insert or update or delete' },
  { table: 'occupant_changes', keys: ['residence:residence_id'], operations: 'insert or update or delete' },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const tables = [...new Set(WATCHED.map((watched) => watched.table))];
  await executeStatements(db, [
    `create function notify_session_cache() returns trigger language plpgsql as $$
      declare
        kind text := split_part(tg_argv[0], ':', 1);
        key_column text := split_part(tg_argv[0], ':', 2);
      begin
        if tg_op = 'TRUNCATE' then
          perform pg_notify('session_cache', 'all');
          return null;
        end if;
        if tg_op in ('UPDATE', 'DELETE') and to_jsonb(old) ->> key_column is not null then
          perform pg_notify('session_cache', kind || ':' || (to_jsonb(old) ->> key_column));
        end if;
        if tg_op in ('INSERT', 'UPDATE') and to_jsonb(new) ->> key_column is not null then
          perform pg_notify('session_cache', kind || ':' || (to_jsonb(new) ->> key_column));
        end if;
        return null;
      end
    $$`,
    ...WATCHED.flatMap(({ table, keys, operations, when }, position) =>
      keys.map(
        (key) =>
          `create trigger session_cache_${position}_${key.split(':')[0]} after ${operations} on ${table}
             for each row ${when ? `when (${when})` : ''} execute function notify_session_cache('${key}')`,
      ),
    ),
    ...tables.map((table) => `create trigger session_cache_truncate after truncate on ${table} for each statement execute function notify_session_cache('all:')`),
  ]);
}
