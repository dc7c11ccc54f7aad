import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ensureReadingPartitions } from '../modules/ingest/reading-partitions.service.ts';

type ReadingRow = Insertable<Database['readings']>;

/** Rows written straight into `readings`, as ingest would: their months' partitions made first. */
export async function insertReadings(db: Kysely<Database>, rows: ReadingRow | readonly ReadingRow[]): Promise<void> {
  const list = Array.isArray(rows) ? (rows as readonly ReadingRow[]) : [rows as ReadingRow];
  await ensureReadingPartitions(db, list.map((row) => new Date(row.read_at).getTime()));
  for (let start = 0; start < list.length; start += 5000) await db.insertInto('readings').values(list.slice(start, start + 5000)).execute();
}
