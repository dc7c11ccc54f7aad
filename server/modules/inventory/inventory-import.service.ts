import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { recordImportBatch } from '../ingest/readings-import.service.ts';
import { replayQuarantineFor } from '../ingest/wmbusmeters.service.ts';
import { generateDwellingReference } from './dwelling-reference.ts';
import { parseInventoryCsv, type InventoryLine, type InventoryLineError } from './inventory-csv.ts';
import { unitOf } from '#shared/device-kinds.ts';
import {
  findClientByName,
  findContractByReference,
  findDevice,
  findDeviceInDwelling,
  findOtherDeviceWithRadioId,
  insertClient,
  insertContract,
  insertDevice,
  setDeviceRemovedOn,
  updateClient,
  updateContract,
  updateDevice,
  upsertDwelling,
  upsertResidence,
} from './inventory.queries.ts';

/**
 * Imports the inventory CSV: idempotent upserts by natural keys (client name, contract
 * reference, building code, dwelling code, manufacturer and serial), all in one transaction.
 * A file with any bad line is refused whole, with every line and reason.
 */
export interface InventoryImportReport {
  batchId: string;
  outcome: 'imported' | 'refused';
  rowsRead: number;
  errors: InventoryLineError[];
  created: Record<Level, number>;
  updated: Record<Level, number>;
  quarantinedMessagesReplayed: number;
}

type Level = 'clients' | 'contracts' | 'residences' | 'dwellings' | 'devices';
const noCounts = (): Record<Level, number> => ({ clients: 0, contracts: 0, residences: 0, dwellings: 0, devices: 0 });

export async function importInventoryCsv(
  context: Pick<AppContext, 'database' | 'db' | 'clock' | 'jobs' | 'hooks'>,
  input: { text: string; origin: string },
): Promise<InventoryImportReport> {
  const startedAt = context.clock.now();
  const lines = input.text.split(/\r?\n/);
  const parsed = parseInventoryCsv(lines);
  const rowsRead = lines.slice(1).filter((line) => line.trim() !== '').length;
  const created = noCounts();
  const updated = noCounts();

  let errors = parsed.errors;
  let batchId: string | undefined;
  if (errors.length === 0) {
    try {
      batchId = await context.db.transaction().execute(async (trx) => {
        const writer = await writeInventoryRows(trx, context.clock.now().toISOString().slice(0, 10), parsed.rows, created, updated);
        if (writer.errors.length > 0) throw new AppError('import_refused', { errors: writer.errors });
        return recordImportBatch(trx, batchRecord('imported', []));
      });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'import_refused')) throw error;
      errors = (error.details?.errors as InventoryLineError[]).sort((a, b) => a.line - b.line);
      Object.assign(created, noCounts());
      Object.assign(updated, noCounts());
    }
  }
  if (errors.length > 0) {
    return { batchId: await recordImportBatch(context.db, batchRecord('refused', errors)), outcome: 'refused', rowsRead, errors, created, updated, quarantinedMessagesReplayed: 0 };
  }

  const devices = parsed.rows.flatMap((row) => (row.device ? [row.device] : []));
  const replay = await replayQuarantineFor(context, {
    radioIds: devices.flatMap((device) => (device.radioId ? [device.radioId] : [])),
    serialNumbers: devices.map((device) => device.serialNumber),
  });
  return { batchId: batchId!, outcome: 'imported', rowsRead, errors: [], created, updated, quarantinedMessagesReplayed: replay.replayed };

  function batchRecord(outcome: 'imported' | 'refused', lineErrors: InventoryLineError[]) {
    return {
      kind: 'inventory_csv' as const,
      origin: input.origin,
      dataSourceId: null,
      startedAt,
      finishedAt: context.clock.now(),
      outcome,
      rowsRead,
      rowsStored: outcome === 'imported' ? rowsRead : 0,
      rowsDuplicate: 0,
      rowsConflicting: 0,
      rowsRefused: new Set(lineErrors.map((error) => error.line)).size,
      report: { errors: lineErrors.slice(0, 500), created, updated },
    };
  }
}

/** Writes the checked lines in the transaction given; the writer holds the refusals. */
async function writeInventoryRows(
  trx: Kysely<Database>,
  today: string,
  rows: readonly InventoryLine[],
  created: Record<Level, number>,
  updated: Record<Level, number>,
): Promise<InventoryWriter> {
  const writer = new InventoryWriter(trx, today, created, updated);
  // Successors after the devices they replace, wherever they sit in the file.
  const ordered = [...rows].sort((a, b) => Number(Boolean(a.device?.replacesSerialNumber)) - Number(Boolean(b.device?.replacesSerialNumber)));
  for (const row of ordered) await writer.write(row);
  return writer;
}

export interface InventoryPreview {
  outcome: 'clean' | 'refused';
  rowsRead: number;
  errors: InventoryLineError[];
  /** What importing the file would create and update; zero when it would be refused. */
  created: Record<Level, number>;
  updated: Record<Level, number>;
}

class PreviewRollback extends Error {}

/**
 * What importing the file would do, without doing it: the same checks and the same writes in
 * a transaction that is then rolled back. Gives every error, or what would change.
 */
export async function previewInventoryCsv(context: Pick<AppContext, 'db' | 'clock'>, text: string): Promise<InventoryPreview> {
  const lines = text.split(/\r?\n/);
  const parsed = parseInventoryCsv(lines);
  const rowsRead = lines.slice(1).filter((line) => line.trim() !== '').length;
  const created = noCounts();
  const updated = noCounts();
  let errors = parsed.errors;
  if (errors.length === 0) {
    try {
      await context.db.transaction().execute(async (trx) => {
        errors = (await writeInventoryRows(trx, context.clock.now().toISOString().slice(0, 10), parsed.rows, created, updated)).errors;
        throw new PreviewRollback();
      });
    } catch (error) {
      if (!(error instanceof PreviewRollback)) throw error;
    }
  }
  if (errors.length > 0) return { outcome: 'refused', rowsRead, errors: [...errors].sort((a, b) => a.line - b.line), created: noCounts(), updated: noCounts() };
  return { outcome: 'clean', rowsRead, errors: [], created, updated };
}

/**
 * A successor declared on `installedOn` takes over from the device it replaces in the same
 * dwelling: that device is removed the same day (if it is not already), so the dwelling's
 * consumption carries on across the change (the engine sums both devices). Shared by the
 * inventory file and the back office's « remplacer le compteur ».
 */
export async function handOverReplacedDevice(
  db: Kysely<Database>,
  input: { dwellingId: string; replacedSerialNumber: string; installedOn: string },
): Promise<{ replacedDeviceId: string } | { problem: 'replaced_device_not_found' | 'replacement_dates_disagree'; value: string }> {
  const replaced = await findDeviceInDwelling(db, input.dwellingId, input.replacedSerialNumber);
  if (!replaced) return { problem: 'replaced_device_not_found', value: input.replacedSerialNumber };
  const isSameDayHandOver = replaced.removed_on === null || replaced.removed_on === input.installedOn;
  if (!isSameDayHandOver || input.installedOn < replaced.installed_on) {
    return { problem: 'replacement_dates_disagree', value: `${replaced.removed_on} ≠ ${input.installedOn}` };
  }
  if (replaced.removed_on === null) await setDeviceRemovedOn(db, replaced.id, input.installedOn);
  return { replacedDeviceId: replaced.id };
}

/** Writes lines one by one, remembering what it already resolved, and collects refusals. */
class InventoryWriter {
  readonly errors: InventoryLineError[] = [];
  private readonly clients = new Map<string, string>();
  private readonly contracts = new Map<string, string>();
  private readonly residences = new Map<string, string>();
  private readonly dwellings = new Map<string, string>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly today: string,
    private readonly created: Record<Level, number>,
    private readonly updated: Record<Level, number>,
  ) {}

  async write(row: InventoryLine): Promise<void> {
    const clientId = await this.client(row);
    if (!clientId) return;
    const contractId = await this.contract(row, clientId);
    if (!contractId) return;
    const residenceId = await this.residence(row, clientId, contractId);
    const dwellingId = await this.dwelling(row, residenceId);
    if (row.device) await this.device(row, residenceId, dwellingId);
  }

  private refuse(line: number, problem: string, value?: string): undefined {
    this.errors.push(value === undefined ? { line, problem } : { line, problem, value });
    return undefined;
  }

  private count(level: Level, isNew: boolean): void {
    if (isNew) this.created[level] += 1;
    else this.updated[level] += 1;
  }

  private async client(row: InventoryLine): Promise<string | undefined> {
    const known = this.clients.get(row.client.name);
    if (known) return known;
    const existing = await findClientByName(this.db, row.client.name);
    if (existing.length > 1) return this.refuse(row.line, 'ambiguous_client_name', row.client.name);
    let id = existing[0]?.id;
    if (id) {
      if (existing[0]!.kind !== row.client.kind) await updateClient(this.db, id, { kind: row.client.kind });
    } else {
      id = await insertClient(this.db, row.client);
    }
    this.count('clients', existing.length === 0);
    this.clients.set(row.client.name, id);
    return id;
  }

  private async contract(row: InventoryLine, clientId: string): Promise<string | undefined> {
    const known = this.contracts.get(row.contract.reference);
    if (known) return known;
    const existing = await findContractByReference(this.db, row.contract.reference);
    if (existing && existing.client_id !== clientId) return this.refuse(row.line, 'contract_of_another_client', row.contract.reference);
    let id = existing?.id;
    if (id) {
      if (row.contract.options) await updateContract(this.db, id, { bookedOptions: row.contract.options });
    } else {
      id = await insertContract(this.db, { clientId, reference: row.contract.reference, bookedOptions: row.contract.options ?? [], startsOn: this.today });
    }
    this.count('contracts', !existing);
    this.contracts.set(row.contract.reference, id);
    return id;
  }

  private async residence(row: InventoryLine, clientId: string, contractId: string): Promise<string> {
    const known = this.residences.get(row.residence.buildingCode);
    if (known) return known;
    const { id, isNew } = await upsertResidence(this.db, { ...row.residence, clientId, contractId });
    this.count('residences', isNew);
    this.residences.set(row.residence.buildingCode, id);
    return id;
  }

  private async dwelling(row: InventoryLine, residenceId: string): Promise<string> {
    const key = `${residenceId}:${row.dwelling.dwellingCode}`;
    const known = this.dwellings.get(key);
    if (known) return known;
    const { id, isNew } = await upsertDwelling(this.db, { ...row.dwelling, residenceId }, generateDwellingReference());
    this.count('dwellings', isNew);
    this.dwellings.set(key, id);
    return id;
  }

  private async device(row: InventoryLine, residenceId: string, dwellingId: string): Promise<void> {
    const device = row.device!;
    const existing = await findDevice(this.db, device.manufacturer, device.serialNumber);
    if (existing && existing.dwelling_id !== dwellingId) {
      return this.refuse(row.line, 'device_in_another_dwelling', device.serialNumber);
    }
    if (device.radioId) {
      const other = await findOtherDeviceWithRadioId(this.db, device.radioId, existing?.id ?? null);
      if (other && device.removedOn === null) return this.refuse(row.line, 'radio_id_in_use', `${device.radioId} (${other.serial_number})`);
    }
    let replacesDeviceId: string | null = null;
    if (device.replacesSerialNumber) {
      const handOver = await handOverReplacedDevice(this.db, { dwellingId, replacedSerialNumber: device.replacesSerialNumber, installedOn: device.installedOn });
      if ('problem' in handOver) return this.refuse(row.line, handOver.problem, handOver.value);
      replacesDeviceId = handOver.replacedDeviceId;
    }
    const values = { ...device, residenceId, dwellingId, unit: unitOf(device.kind), replacesDeviceId };
    if (existing) await updateDevice(this.db, existing.id, values);
    else await insertDevice(this.db, values);
    this.count('devices', !existing);
  }
}
