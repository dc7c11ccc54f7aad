import { sql, type Kysely } from 'kysely';
import type { ContractOption, Database, DeviceKind, DeviceUnit } from '../../db/schema.ts';

/**
 * The inventory's own tables: clients, contracts, residences, dwellings and devices. The import
 * finds or creates by the natural keys of each level; the back office writes through the
 * inventory's service.
 */
type Db = Kysely<Database>;

export async function findClientByName(db: Db, name: string) {
  return db.selectFrom('clients').select(['id', 'kind']).where('name', '=', name).orderBy('created_at').execute();
}

export async function insertClient(db: Db, client: { name: string; kind: 'syndic' | 'bailleur' }): Promise<string> {
  const row = await db.insertInto('clients').values(client).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateClient(db: Db, id: string, values: { name?: string; kind?: 'syndic' | 'bailleur' }): Promise<void> {
  await db.updateTable('clients').set(values).where('id', '=', id).execute();
}

export async function findContractByReference(db: Db, reference: string) {
  return db.selectFrom('contracts').select(['id', 'client_id']).where('reference', '=', reference).executeTakeFirst();
}

/** An absent `endsOn` leaves the contract open-ended. */
export async function insertContract(
  db: Db,
  contract: { clientId: string; reference: string; bookedOptions: ContractOption[]; startsOn: string; endsOn?: string | null },
): Promise<string> {
  const row = await db
    .insertInto('contracts')
    .values({ client_id: contract.clientId, reference: contract.reference, booked_options: contract.bookedOptions, starts_on: contract.startsOn, ends_on: contract.endsOn })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Only the fields given change. */
export async function updateContract(db: Db, id: string, values: { bookedOptions?: ContractOption[]; endsOn?: string | null }): Promise<void> {
  await db
    .updateTable('contracts')
    .set({
      ...(values.bookedOptions ? { booked_options: values.bookedOptions } : {}),
      ...(values.endsOn !== undefined ? { ends_on: values.endsOn } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export interface ResidenceValues {
  clientId: string;
  contractId: string;
  buildingCode: string;
  name: string | null;
  street: string;
  postalCode: string;
  city: string;
  timeZone: string;
}

/** Inserts or updates by building code; tells whether the residence is new. */
export async function upsertResidence(db: Db, residence: ResidenceValues): Promise<{ id: string; isNew: boolean }> {
  const values = {
    client_id: residence.clientId,
    contract_id: residence.contractId,
    name: residence.name,
    street: residence.street,
    postal_code: residence.postalCode,
    city: residence.city,
    time_zone: residence.timeZone,
  };
  const row = await db
    .insertInto('residences')
    .values({ ...values, building_code: residence.buildingCode })
    .onConflict((oc) => oc.column('building_code').doUpdateSet(values))
    .returning(['id', sql<string>`xmax::text`.as('xmax')])
    .executeTakeFirstOrThrow();
  return { id: row.id, isNew: row.xmax === '0' };
}

export interface DwellingValues {
  residenceId: string;
  dwellingCode: string;
  clientNumber: string;
  building: string;
  staircase: string;
  floor: string;
}

export async function upsertDwelling(db: Db, dwelling: DwellingValues, newReference: string): Promise<{ id: string; isNew: boolean }> {
  const values = { client_number: dwelling.clientNumber, building: dwelling.building, staircase: dwelling.staircase, floor: dwelling.floor };
  const row = await db
    .insertInto('dwellings')
    .values({ ...values, residence_id: dwelling.residenceId, dwelling_code: dwelling.dwellingCode, reference: newReference })
    .onConflict((oc) => oc.columns(['residence_id', 'dwelling_code']).doUpdateSet(values))
    .returning(['id', sql<string>`xmax::text`.as('xmax')])
    .executeTakeFirstOrThrow();
  return { id: row.id, isNew: row.xmax === '0' };
}

export async function findDevice(db: Db, manufacturer: string, serialNumber: string) {
  return db
    .selectFrom('devices')
    .select(['id', 'dwelling_id', 'installed_on', 'removed_on'])
    .where('manufacturer', '=', manufacturer)
    .where('serial_number', '=', serialNumber)
    .executeTakeFirst();
}

export async function findDeviceInDwelling(db: Db, dwellingId: string, serialNumber: string) {
  return db
    .selectFrom('devices')
    .select(['id', 'installed_on', 'removed_on'])
    .where('dwelling_id', '=', dwellingId)
    .where('serial_number', '=', serialNumber)
    .executeTakeFirst();
}

export async function findOtherDeviceWithRadioId(db: Db, radioId: string, exceptDeviceId: string | null) {
  let query = db.selectFrom('devices').select(['id', 'serial_number']).where((eb) => eb(eb.fn('lower', ['radio_id']), '=', radioId)).where('removed_on', 'is', null);
  if (exceptDeviceId) query = query.where('id', '<>', exceptDeviceId);
  return query.executeTakeFirst();
}

export interface DeviceValues {
  residenceId: string;
  dwellingId: string;
  kind: DeviceKind;
  unit: DeviceUnit;
  serialNumber: string;
  radioId: string | null;
  manufacturer: string;
  location: string;
  isInCommonArea: boolean;
  installedOn: string;
  removedOn: string | null;
  replacesDeviceId: string | null;
  /** Left as it is when absent. */
  maxRatePerHour?: string | null;
}

export async function insertDevice(db: Db, device: DeviceValues): Promise<string> {
  const row = await db.insertInto('devices').values(deviceColumns(device)).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateDevice(db: Db, id: string, device: DeviceValues): Promise<void> {
  await db.updateTable('devices').set(deviceColumns(device)).where('id', '=', id).execute();
}

function deviceColumns(device: DeviceValues) {
  return {
    residence_id: device.residenceId,
    dwelling_id: device.dwellingId,
    kind: device.kind,
    unit: device.unit,
    serial_number: device.serialNumber,
    radio_id: device.radioId,
    manufacturer: device.manufacturer,
    location: device.location,
    is_in_common_area: device.isInCommonArea,
    installed_on: device.installedOn,
    removed_on: device.removedOn,
    replaces_device_id: device.replacesDeviceId,
    ...(device.maxRatePerHour === undefined ? {} : { max_rate_per_hour: device.maxRatePerHour }),
  };
}

export async function setDeviceRemovedOn(db: Db, id: string, removedOn: string): Promise<void> {
  await db.updateTable('devices').set({ removed_on: removedOn }).where('id', '=', id).execute();
}
