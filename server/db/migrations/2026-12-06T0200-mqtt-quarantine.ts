import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * MQTT messages that can never be stored (not JSON, not a telegram the parser takes, a value
 * the database refuses): kept with their topic, the first bytes of their payload and the
 * reason, then acknowledged, so that the broker does not hand them again forever (issue 21).
 * Messages for a device nobody registered yet go to ingest_quarantine instead, to be replayed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `create table mqtt_quarantine (
      id bigint generated always as identity primary key,
      received_at timestamptz not null,
      topic text not null,
      payload bytea not null,
      payload_bytes integer not null check (payload_bytes >= octet_length(payload)),
      reason text not null,
      detail text
    )`,
    `create index mqtt_quarantine_received_idx on mqtt_quarantine (received_at desc)`,
  ]);
}
