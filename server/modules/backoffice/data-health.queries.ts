import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

/** The page's residences, then for each device in service its latest reading (one index probe per device). */
export async function residenceHealthPage(db: Db, input: { page: number; pageSize: number; now: Date }) {
  const [ids, count] = await Promise.all([
    db.selectFrom('residences').select('id').orderBy('building_code').limit(input.pageSize).offset((input.page - 1) * input.pageSize).execute(),
    db.selectFrom('residences').select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  if (ids.length === 0) return { rows: [], total: Number(count.total) };
  const silentSince = new Date(input.now.getTime() - 48 * 3600_000);
  const result = await sql<{
    id: string;
    building_code: string;
    name: string | null;
    city: string;
    published_at: Date | null;
    devices_in_service: string;
    last_reading_at: Date | null;
    silent_devices: string;
  }>`
    select r.id, r.building_code, r.name, r.city, r.published_at,
      count(d.id) as devices_in_service,
      max(last.read_at) as last_reading_at,
      count(d.id) filter (where last.read_at is null or last.read_at < ${silentSince}) as silent_devices
    from residences r
    left join dwellings dw on dw.residence_id = r.id
    left join devices d on d.dwelling_id = dw.id and d.removed_on is null
    left join lateral (
      select x.read_at from readings x where x.residence_id = d.residence_id and x.device_id = d.id order by x.read_at desc limit 1
    ) last on true
    where r.id in (${sql.join(ids.map((row) => row.id))})
    group by r.id
    order by r.building_code
  `.execute(db);
  return { rows: result.rows, total: Number(count.total) };
}
