import type { Kysely } from 'kysely';
import type { ContractOption, Database } from '../../db/schema.ts';
import {
  findContractByReference,
  findDevice,
  findOtherDeviceWithRadioId,
  insertClient,
  insertContract,
  insertDevice,
  updateClient,
  updateContract,
  type DeviceValues,
} from './inventory.queries.ts';

export type { DeviceValues };

/**
 * The inventory owns the clients, contracts, residences, dwellings and devices. Other modules
 * (the back office) write them through these functions, in their own transaction when they
 * pass one, so their audit record commits with the change.
 */

export type ClientKind = 'syndic' | 'bailleur';

export function addClient(db: Kysely<Database>, client: { name: string; kind: ClientKind }): Promise<string> {
  return insertClient(db, client);
}

/** Only the fields given change. */
export function amendClient(db: Kysely<Database>, clientId: string, values: { name?: string; kind?: ClientKind }): Promise<void> {
  return updateClient(db, clientId, values);
}

export async function isContractReferenceTaken(db: Kysely<Database>, reference: string): Promise<boolean> {
  return (await findContractByReference(db, reference)) !== undefined;
}

export function addContract(
  db: Kysely<Database>,
  contract: { clientId: string; reference: string; bookedOptions: ContractOption[]; startsOn: string; endsOn: string | null },
): Promise<string> {
  return insertContract(db, contract);
}

/** Only the fields given change. */
export function amendContract(db: Kysely<Database>, contractId: string, values: { bookedOptions?: ContractOption[]; endsOn?: string | null }): Promise<void> {
  return updateContract(db, contractId, values);
}

/** Whether a device of that manufacturer already carries the serial number, removed or not. */
export async function isSerialNumberInUse(db: Kysely<Database>, manufacturer: string, serialNumber: string): Promise<boolean> {
  return (await findDevice(db, manufacturer, serialNumber)) !== undefined;
}

/** Whether a device still installed already answers to the radio id (lower case). */
export async function isRadioIdInUse(db: Kysely<Database>, radioId: string): Promise<boolean> {
  return (await findOtherDeviceWithRadioId(db, radioId, null)) !== undefined;
}

export function addDevice(db: Kysely<Database>, device: DeviceValues): Promise<string> {
  return insertDevice(db, device);
}
