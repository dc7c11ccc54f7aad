import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import { unitOf } from '#shared/device-kinds.ts';

/**
 * A synthetic portfolio made in bulk by the database itself: one residence, `dwellings`
 * dwellings, and per dwelling one device of each kind given. Serial numbers and radio ids
 * are derived from positions so benches can address devices without reading them back.
 */
export interface SyntheticPortfolio {
  residenceId: string;
  dwellingIds: string[];
  devices: Array<{ id: string; dwellingId: string; serialNumber: string; radioId: string; kind: string }>;
}

export async function createSyntheticPortfolio(
  db: Kysely<Database>,
  options: { buildingCode: string; dwellings: number; kinds: ReadonlyArray<'cold_water' | 'hot_water' | 'heat_cost_allocator'>; installedOn: string },
): Promise<SyntheticPortfolio> {
  const client = await db.insertInto('clients').values({ name: `Bench ${options.buildingCode}`, kind: 'syndic' }).returning('id').executeTakeFirstOrThrow();
  const contract = await db
    .insertInto('contracts')
    .values({ client_id: client.id, reference: `BENCH-${options.buildingCode}`, booked_options: ['remote_reading'], starts_on: '2020-01-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const residence = await db
    .insertInto('residences')
    .values({ client_id: client.id, contract_id: contract.id, building_code: options.buildingCode, street: 'RUE DU BANC', postal_code: '75001', city: 'PARIS' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    insert into dwellings (residence_id, client_number, dwelling_code, reference)
    select ${residence.id}::uuid, 'B' || n, lpad(n::text, 8, '0'), upper(substr(md5(${options.buildingCode} || n), 1, 10))
    from generate_series(1, ${options.dwellings}::int) as n
  `.execute(db);
  for (const [position, kind] of options.kinds.entries()) {
    await sql`
      insert into devices (residence_id, dwelling_id, kind, unit, serial_number, radio_id, manufacturer, installed_on)
      select ${residence.id}::uuid, id, ${kind}, ${unitOf(kind)},
             ${options.buildingCode} || '-' || ${position}::text || '-' || dwelling_code,
             lpad(to_hex((${options.buildingCode}::bigint % 1000) * 1000000 + ${position}::int * 100000 + dwelling_code::int), 8, '0'),
             'BENCH', ${options.installedOn}::date
      from dwellings where residence_id = ${residence.id}::uuid
    `.execute(db);
  }
  const dwellingRows = await db.selectFrom('dwellings').select('id').where('residence_id', '=', residence.id).orderBy('dwelling_code').execute();
  const deviceRows = await db
    .selectFrom('devices')
    .select(['id', 'dwelling_id', 'serial_number', 'radio_id', 'kind'])
    .where('residence_id', '=', residence.id)
    .orderBy('serial_number')
    .execute();
  return {
    residenceId: residence.id,
    dwellingIds: dwellingRows.map((row) => row.id),
    devices: deviceRows.map((row) => ({ id: row.id, dwellingId: row.dwelling_id, serialNumber: row.serial_number, radioId: row.radio_id!, kind: row.kind })),
  };
}
