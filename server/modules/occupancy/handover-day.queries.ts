import { sql, type Kysely } from 'kysely';
import type { Database, DeviceKind, DeviceUnit } from '../../db/schema.ts';

/**
 * Per unit, what a dwelling's devices of the given kinds counted between their first and last
 * readings in (after, until]: the part of a handover day that is the new resident's.
 */
export async function selectReadingSpansAfter(
  db: Kysely<Database>,
  span: { residenceId: string; dwellingId: string; kinds: DeviceKind[]; after: Date; until: Date },
): Promise<Array<{ unit: DeviceUnit; consumption: string; is_estimated: boolean }>> {
  const result = await sql<{ unit: DeviceUnit; consumption: string; is_estimated: boolean }>`
    select devices.unit, sum(greatest(last.index_value - first.index_value, 0))::text as consumption,
      bool_or(first.is_estimated or last.is_estimated) as is_estimated
    from devices
    cross join lateral (
      select index_value, is_estimated from readings
      where residence_id = ${span.residenceId} and device_id = devices.id and read_at > ${span.after} and read_at <= ${span.until}
      order by read_at limit 1) first
    cross join lateral (
      select index_value, is_estimated from readings
      where residence_id = ${span.residenceId} and device_id = devices.id and read_at > ${span.after} and read_at <= ${span.until}
      order by read_at desc limit 1) last
    where devices.dwelling_id = ${span.dwellingId} and devices.kind = any(${span.kinds}::text[])
    group by devices.unit
    order by devices.unit`.execute(db);
  return result.rows;
}
