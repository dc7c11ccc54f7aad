import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { escapeLike } from '../../kernel/like-pattern.ts';

type Db = Kysely<Database>;

/**
 * The back office's inventory searches. Each picks the page's ids through an index (prefix
 * searches on codes and serials, `text_pattern_ops`), then computes the extras for those rows only.
 */
export async function searchResidenceIds(db: Db, input: { search?: string; page: number; pageSize: number }) {
  let base = db.selectFrom('residences');
  if (input.search) {
    const prefix = `${escapeLike(input.search.toLowerCase())}%`;
    const anywhere = `%${escapeLike(input.search.toLowerCase())}%`;
    base = base.where((eb) =>
      eb.or([
        eb('building_code', 'like', prefix),
        eb(sql<string>`lower(street)`, 'like', anywhere),
        eb(sql<string>`lower(city)`, 'like', prefix),
        eb(sql<string>`lower(coalesce(name, ''))`, 'like', anywhere),
        eb('postal_code', 'like', prefix),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    base.select('id').orderBy('building_code').limit(input.pageSize).offset((input.page - 1) * input.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((row) => row.id), total: Number(count.total) };
}

/** Residences with their client, counts and latest reading (one index probe per device). */
export async function findResidenceRows(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('residences')
    .innerJoin('clients', 'clients.id', 'residences.client_id')
    .innerJoin('contracts', 'contracts.id', 'residences.contract_id')
    .select((eb) => [
      'residences.id',
      'residences.building_code',
      'residences.name',
      'residences.street',
      'residences.postal_code',
      'residences.city',
      'residences.time_zone',
      'residences.published_at',
      'clients.id as client_id',
      'clients.name as client_name',
      'contracts.id as contract_id',
      'contracts.reference as contract_reference',
      'contracts.booked_options',
      eb.selectFrom('dwellings').whereRef('dwellings.residence_id', '=', 'residences.id').select(eb.fn.countAll<string>().as('n')).as('dwelling_count'),
      // Devices through their dwellings: both joins are indexed (dwellings by residence, devices by dwelling).
      eb
        .selectFrom('devices')
        .innerJoin('dwellings', 'dwellings.id', 'devices.dwelling_id')
        .whereRef('dwellings.residence_id', '=', 'residences.id')
        .select(eb.fn.countAll<string>().as('n'))
        .as('device_count'),
      sql<Date | null>`(select max(last.read_at) from dwellings dw join devices d on d.dwelling_id = dw.id cross join lateral (
          select r.read_at from readings r where r.residence_id = d.residence_id and r.device_id = d.id order by r.read_at desc limit 1
        ) last where dw.residence_id = residences.id)`.as('last_reading_at'),
    ])
    .where('residences.id', 'in', ids)
    .execute();
}

export type ResidenceRow = Awaited<ReturnType<typeof findResidenceRows>>[number];

function selectDwellings(db: Db) {
  return db
    .selectFrom('dwellings')
    .innerJoin('residences', 'residences.id', 'dwellings.residence_id')
    .select((eb) => [
      'dwellings.id',
      'dwellings.client_number',
      'dwellings.building',
      'dwellings.staircase',
      'dwellings.floor',
      'dwellings.dwelling_code',
      'dwellings.reference',
      'residences.id as residence_id',
      'residences.building_code',
      'residences.name as residence_name',
      'residences.city',
      eb
        .exists(eb.selectFrom('users').whereRef('users.dwelling_id', '=', 'dwellings.id').where('users.closed_at', 'is', null).select('users.id'))
        .as('has_resident_account'),
      eb.selectFrom('devices').whereRef('devices.dwelling_id', '=', 'dwellings.id').select(eb.fn.countAll<string>().as('n')).as('device_count'),
    ]);
}

export type DwellingRow = Awaited<ReturnType<ReturnType<typeof selectDwellings>['execute']>>[number];

export async function searchDwellings(db: Db, input: { search?: string; page: number; pageSize: number }) {
  let base = db.selectFrom('dwellings');
  if (input.search) {
    const text = input.search;
    base = base.where((eb) =>
      eb.or([
        eb('dwelling_code', 'like', `${escapeLike(text)}%`),
        eb(sql<string>`lower(client_number)`, 'like', `${escapeLike(text.toLowerCase())}%`),
        eb('reference', '=', text.toUpperCase()),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    base.select('id').orderBy('dwelling_code').orderBy('id').limit(input.pageSize).offset((input.page - 1) * input.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  const ids = rows.map((row) => row.id);
  const found = ids.length === 0 ? [] : await selectDwellings(db).where('dwellings.id', 'in', ids).execute();
  const byId = new Map(found.map((row) => [row.id, row]));
  return { rows: ids.map((id) => byId.get(id)!), total: Number(count.total) };
}

export function listDwellingsOfResidence(db: Db, residenceId: string) {
  return selectDwellings(db).where('dwellings.residence_id', '=', residenceId).orderBy('dwellings.dwelling_code').execute();
}

export function findDwelling(db: Db, dwellingId: string) {
  return selectDwellings(db).where('dwellings.id', '=', dwellingId).executeTakeFirst();
}

function selectDevices(db: Db) {
  return db
    .selectFrom('devices')
    .innerJoin('dwellings', 'dwellings.id', 'devices.dwelling_id')
    .innerJoin('residences', 'residences.id', 'devices.residence_id')
    .select([
      'devices.id',
      'devices.kind',
      'devices.unit',
      'devices.serial_number',
      'devices.radio_id',
      'devices.manufacturer',
      'devices.location',
      'devices.is_in_common_area',
      'devices.installed_on',
      'devices.removed_on',
      'devices.replaces_device_id',
      'dwellings.id as dwelling_id',
      'dwellings.dwelling_code',
      'dwellings.client_number',
      'residences.id as residence_id',
      'residences.building_code',
      'residences.name as residence_name',
      'residences.city',
      sql<Date | null>`(select r.read_at from readings r where r.residence_id = devices.residence_id and r.device_id = devices.id order by r.read_at desc limit 1)`.as(
        'last_reading_at',
      ),
    ]);
}

export type DeviceRow = Awaited<ReturnType<ReturnType<typeof selectDevices>['execute']>>[number];

export async function searchDevices(db: Db, input: { search?: string; page: number; pageSize: number }) {
  let base = db.selectFrom('devices');
  if (input.search) {
    const text = input.search.replace(/\s+/g, '');
    base = base.where((eb) =>
      eb.or([eb('serial_number', 'like', `${escapeLike(text)}%`), ...(/^[0-9A-Fa-f]{8}$/.test(text) ? [eb(eb.fn('lower', ['radio_id']), '=', text.toLowerCase())] : [])]),
    );
  }
  const [rows, count] = await Promise.all([
    base.select('id').orderBy('serial_number').orderBy('id').limit(input.pageSize).offset((input.page - 1) * input.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  const ids = rows.map((row) => row.id);
  const found = ids.length === 0 ? [] : await selectDevices(db).where('devices.id', 'in', ids).execute();
  const byId = new Map(found.map((row) => [row.id, row]));
  return { rows: ids.map((id) => byId.get(id)!), total: Number(count.total) };
}

export function listDevicesOfDwelling(db: Db, dwellingId: string) {
  return selectDevices(db).where('devices.dwelling_id', '=', dwellingId).orderBy('devices.kind').orderBy('devices.installed_on').execute();
}

export function findDeviceRow(db: Db, deviceId: string) {
  return selectDevices(db).where('devices.id', '=', deviceId).executeTakeFirst();
}

export function listOccupantChanges(db: Db, dwellingId: string) {
  return db
    .selectFrom('occupant_changes')
    .select(['id', 'changed_on', 'note', 'recorded_by_user_id', 'created_at'])
    .where('dwelling_id', '=', dwellingId)
    .orderBy('changed_on', 'desc')
    .execute();
}

export function listResidentAccountsOfDwelling(db: Db, dwellingId: string) {
  return db
    .selectFrom('users')
    .leftJoin('resident_profiles', 'resident_profiles.user_id', 'users.id')
    .select([
      'users.id',
      'users.email',
      'users.closed_at',
      'resident_profiles.first_name',
      'resident_profiles.last_name',
      'resident_profiles.moved_in_on',
      'resident_profiles.moved_out_on',
    ])
    .where('users.dwelling_id', '=', dwellingId)
    .orderBy('users.created_at', 'desc')
    .execute();
}
