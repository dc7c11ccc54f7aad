import { sql, type Kysely } from 'kysely';
import type { Database, DataHealthItemKind, DataHealthItemStatus, DeviceKind, DeviceUnit, Fluid } from '../../db/schema.ts';
import type { DeviceForEngine } from './consumption.queries.ts';

/** The staff items the consumption refresh writes, and the decisions staff take on them. */
type Db = Kysely<Database>;

export interface FoundItem {
  kind: DataHealthItemKind;
  startedAt: Date;
  endedAt: Date;
  magnitude: string;
}

export interface DeviceItems {
  device: DeviceForEngine;
  /** Items ending after this moment are the refresh's to write; undecided ones starting after it and not found again go. */
  after: Date | undefined;
  items: readonly FoundItem[];
}

/**
 * One item per event (device, kind, first moment): a refresh that finds it again updates its
 * end and magnitude, never its decision; an undecided item the readings no longer show goes.
 */
export async function replaceDataHealthItems(db: Db, devices: readonly DeviceItems[], detectedAt: Date): Promise<void> {
  if (devices.length === 0) return;
  const rows = devices.flatMap((entry) => entry.items.map((item) => ({ device: entry.device, item })));
  await sql`
    delete from data_health_items item
    using unnest(${devices.map((entry) => entry.device.id)}::uuid[], ${devices.map((entry) => (entry.after ? entry.after.toISOString() : '-infinity'))}::timestamptz[])
      as changed(device_id, after_at)
    where item.device_id = changed.device_id and item.started_at > changed.after_at and item.status = 'open'
      and not exists (
        select 1 from unnest(${rows.map((row) => row.device.id)}::uuid[], ${rows.map((row) => row.item.kind)}::text[], ${rows.map((row) => row.item.startedAt.toISOString())}::timestamptz[])
          as found(device_id, kind, started_at)
        where found.device_id = item.device_id and found.kind = item.kind and found.started_at = item.started_at)
  `.execute(db);
  if (rows.length === 0) return;
  await sql`
    insert into data_health_items (residence_id, device_id, kind, started_at, ended_at, magnitude, detected_at)
    select residence_id, device_id, kind, started_at, ended_at, magnitude, ${detectedAt}::timestamptz
    from unnest(${rows.map((row) => row.device.residenceId)}::uuid[], ${rows.map((row) => row.device.id)}::uuid[], ${rows.map((row) => row.item.kind)}::text[],
                ${rows.map((row) => row.item.startedAt.toISOString())}::timestamptz[], ${rows.map((row) => row.item.endedAt.toISOString())}::timestamptz[],
                ${rows.map((row) => row.item.magnitude)}::numeric[])
      as found(residence_id, device_id, kind, started_at, ended_at, magnitude)
    on conflict (device_id, kind, started_at) do update set ended_at = excluded.ended_at, magnitude = excluded.magnitude
      where data_health_items.ended_at is distinct from excluded.ended_at or data_health_items.magnitude is distinct from excluded.magnitude
  `.execute(db);
}

interface DeviceDecisions {
  /** First moments of excursions marked real (UTC milliseconds). */
  acceptedExcursions: Set<number>;
  /** Moments of lasting decreases accepted as a reset (UTC milliseconds). */
  acceptedResets: Set<number>;
}

export interface EngineItems {
  decisions: Map<string, DeviceDecisions>;
  /**
   * Devices with a lasting decrease not accepted as a reset: their billing holds at the highest
   * index of the segment, which only their whole history shows.
   */
  holdingAtHighest: Set<string>;
}

/** What the engine needs of the staff items, per device, in one read: what staff marked real, and who holds at the highest index. */
export async function selectItemsForEngine(db: Db, deviceIds: readonly string[]): Promise<EngineItems> {
  const decisions = new Map<string, DeviceDecisions>(deviceIds.map((id) => [id, { acceptedExcursions: new Set(), acceptedResets: new Set() }]));
  const holdingAtHighest = new Set<string>();
  if (deviceIds.length === 0) return { decisions, holdingAtHighest };
  const rows = await db
    .selectFrom('data_health_items')
    .select(['device_id', 'kind', 'started_at', 'status'])
    .where('device_id', 'in', deviceIds)
    .where((eb) => eb.or([eb('kind', '=', 'lasting_decrease'), eb.and([eb('kind', '=', 'excursion'), eb('status', '=', 'real')])]))
    .execute();
  for (const row of rows) {
    const entry = decisions.get(row.device_id)!;
    if (row.status !== 'real') holdingAtHighest.add(row.device_id);
    else (row.kind === 'excursion' ? entry.acceptedExcursions : entry.acceptedResets).add(row.started_at.getTime());
  }
  return { decisions, holdingAtHighest };
}

export interface DataHealthItemRow {
  id: string;
  residence_id: string;
  building_code: string;
  residence_name: string | null;
  device_id: string;
  serial_number: string;
  device_kind: DeviceKind;
  unit: DeviceUnit;
  dwelling_code: string;
  kind: DataHealthItemKind;
  started_at: Date;
  ended_at: Date;
  magnitude: string;
  status: DataHealthItemStatus;
  decided_by_email: string | null;
  decided_at: Date | null;
}

function itemsQuery(db: Db) {
  return db
    .selectFrom('data_health_items as item')
    .innerJoin('devices', 'devices.id', 'item.device_id')
    .innerJoin('dwellings', 'dwellings.id', 'devices.dwelling_id')
    .innerJoin('residences', 'residences.id', 'item.residence_id')
    .leftJoin('users', 'users.id', 'item.decided_by');
}

/** Newest first, filtered by residence (building code), device (serial number), kind and status. */
export async function selectDataHealthItems(
  db: Db,
  filters: { buildingCode?: string | undefined; serialNumber?: string | undefined; kind?: DataHealthItemKind | undefined; status?: DataHealthItemStatus | undefined },
  page: { page: number; pageSize: number },
): Promise<{ rows: DataHealthItemRow[]; total: number }> {
  let query = itemsQuery(db);
  if (filters.buildingCode) query = query.where('residences.building_code', '=', filters.buildingCode);
  if (filters.serialNumber) query = query.where('devices.serial_number', '=', filters.serialNumber);
  if (filters.kind) query = query.where('item.kind', '=', filters.kind);
  if (filters.status) query = query.where('item.status', '=', filters.status);
  const [rows, count] = await Promise.all([
    query
      .select([
        'item.id',
        'item.residence_id',
        'residences.building_code',
        'residences.name as residence_name',
        'item.device_id',
        'devices.serial_number',
        'devices.kind as device_kind',
        'devices.unit',
        'dwellings.dwelling_code',
        'item.kind',
        'item.started_at',
        'item.ended_at',
        sql<string>`item.magnitude::text`.as('magnitude'),
        'item.status',
        'users.email as decided_by_email',
        'item.decided_at',
      ])
      .orderBy('item.started_at', 'desc')
      .orderBy('item.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as DataHealthItemRow[], total: Number(count.total) };
}

export function findDataHealthItem(db: Db, id: string) {
  return db.selectFrom('data_health_items').select(['id', 'device_id', 'residence_id', 'kind', 'started_at', 'status']).where('id', '=', id).executeTakeFirst();
}

export async function updateDataHealthItemStatus(db: Db, id: string, decision: { status: 'real' | 'glitch'; decidedBy: string; decidedAt: Date }): Promise<void> {
  await db.updateTable('data_health_items').set({ status: decision.status, decided_by: decision.decidedBy, decided_at: decision.decidedAt }).where('id', '=', id).execute();
}

export interface OverLimitRunRow {
  residence_id: string;
  dwelling_id: string;
  device_id: string;
  fluid: Fluid;
  started_at: Date;
  ended_at: Date;
  magnitude: string;
  is_ongoing: boolean;
}

/**
 * Water flow over the plausible rate that staff have not called a glitch, in some residences
 * (all when null) ending at or after a moment: alert detection opens a leak for each; it is
 * ongoing while it runs to the device's latest reading.
 */
export async function selectOverLimitRuns(db: Db, scope: { residenceIds: readonly string[] | null; from: Date | null }): Promise<OverLimitRunRow[]> {
  if (scope.residenceIds !== null && scope.residenceIds.length === 0) return [];
  const result = await sql<OverLimitRunRow>`
    select item.residence_id, devices.dwelling_id, item.device_id, devices.kind as fluid, item.started_at, item.ended_at, item.magnitude::text as magnitude,
      devices.removed_on is null and item.ended_at >= (select max(read_at) from readings where readings.residence_id = item.residence_id and readings.device_id = item.device_id) as is_ongoing
    from data_health_items item
    join devices on devices.id = item.device_id
    where item.kind = 'over_limit_rate' and item.status <> 'glitch' and devices.kind in ('hot_water', 'cold_water')
      ${scope.residenceIds === null ? sql`` : sql`and item.residence_id = any(${[...scope.residenceIds]}::uuid[])`}
      ${scope.from === null ? sql`` : sql`and item.ended_at >= ${scope.from}`}
    order by item.device_id, item.started_at
  `.execute(db);
  return result.rows;
}
