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

/** One `csv` reading a day at 05:00 UTC for `days` days from `from` (YYYY-MM-DD), the index rising `stepPerDay` a day from `startIndex`. */
export function dailyReadings(options: { residenceId: string; deviceId: string; from: string; days: number; startIndex: number; stepPerDay: number }): Array<ReadingRow & { read_at: Date }> {
  const first = Date.parse(`${options.from}T05:00:00Z`);
  return Array.from({ length: options.days }, (_, day) => ({
    residence_id: options.residenceId,
    device_id: options.deviceId,
    read_at: new Date(first + day * 86_400_000),
    index_value: (options.startIndex + day * options.stepPerDay).toFixed(3),
    source: 'csv' as const,
  }));
}
