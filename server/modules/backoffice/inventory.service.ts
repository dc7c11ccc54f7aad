import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/errors.ts';
import { replayQuarantineFor } from '../ingest/wmbusmeters.service.ts';
import { unitOf } from '#shared/device-kinds.ts';
import { handOverReplacedDevice } from '../inventory/inventory-import.service.ts';
import { addDevice, isRadioIdInUse, isSerialNumberInUse } from '../inventory/inventory.service.ts';
import { hasReadingsFor, publishResidence } from '../publication/publication.service.ts';
import { recordChangeOfOccupant } from '../residents/occupant-changes.service.ts';
import type { DeviceView } from '#shared/contracts/backoffice.ts';
import {
  findDeviceRow,
  findDwelling,
  findResidenceRows,
  listDevicesOfDwelling,
  listDwellingsOfResidence,
  listOccupantChanges,
  listResidentAccountsOfDwelling,
  searchDevices,
  searchDwellings,
  searchResidenceIds,
  type DeviceRow,
  type DwellingRow,
  type ResidenceRow,
} from './inventory.queries.ts';
import { recordStaffAction, type StaffActor } from './staff-access.ts';
import { liftResidenceLookupBudget } from '../signup/signup-lookup-budget.ts';

/** Inventory as the back office sees it: searches, a residence, a dwelling, a replacement, a change of occupant, publication. */
type PageInput = { search?: string; page: number; pageSize: number };

function toResidence(row: ResidenceRow) {
  return {
    id: row.id,
    buildingCode: row.building_code,
    name: row.name,
    address: { street: row.street, postalCode: row.postal_code, city: row.city },
    client: { id: row.client_id, name: row.client_name },
    publishedAt: row.published_at?.toISOString() ?? null,
    dwellingCount: Number(row.dwelling_count ?? 0),
    deviceCount: Number(row.device_count ?? 0),
    lastReadingAt: row.last_reading_at ? new Date(row.last_reading_at).toISOString() : null,
  };
}

function toDwelling(row: DwellingRow) {
  return {
    id: row.id,
    residence: { id: row.residence_id, buildingCode: row.building_code, name: row.residence_name, city: row.city },
    clientNumber: row.client_number,
    building: row.building,
    staircase: row.staircase,
    floor: row.floor,
    dwellingCode: row.dwelling_code,
    reference: row.reference,
    hasResidentAccount: Boolean(row.has_resident_account),
  };
}

export function toDevice(row: DeviceRow): DeviceView {
  return {
    id: row.id,
    kind: row.kind,
    unit: row.unit,
    serialNumber: row.serial_number,
    radioId: row.radio_id,
    manufacturer: row.manufacturer,
    location: row.location,
    isInCommonArea: row.is_in_common_area,
    installedOn: row.installed_on,
    removedOn: row.removed_on,
    replacesDeviceId: row.replaces_device_id,
    lastReadingAt: row.last_reading_at ? new Date(row.last_reading_at).toISOString() : null,
  };
}

/** A search: tolerates a few seconds of lag, so it reads `lagTolerantDb` (docs/SCALING.md, « Read replicas »). */
export async function listResidences(context: Pick<AppContext, 'lagTolerantDb'>, query: PageInput) {
  const reader = context.lagTolerantDb();
  const { ids, total } = await searchResidenceIds(reader, query);
  const rows = new Map((await findResidenceRows(reader, ids)).map((row) => [row.id, row]));
  return { items: ids.map((id) => toResidence(rows.get(id)!)), page: query.page, pageSize: query.pageSize, total };
}

export async function getResidence(context: Pick<AppContext, 'db'>, residenceId: string) {
  const [row] = await findResidenceRows(context.db, [residenceId]);
  if (!row) throw new AppError('residence_not_found');
  const [dwellings, hasReadings] = await Promise.all([listDwellingsOfResidence(context.db, residenceId), hasReadingsFor(context.db, residenceId)]);
  return {
    ...toResidence(row),
    contract: { id: row.contract_id, reference: row.contract_reference, bookedOptions: row.booked_options },
    timeZone: row.time_zone,
    hasReadings,
    dwellings: dwellings.map((dwelling) => {
      const { residence: _residence, ...rest } = toDwelling(dwelling);
      return { ...rest, deviceCount: Number(dwelling.device_count ?? 0) };
    }),
  };
}

/** A search: tolerates a few seconds of lag, so it reads `lagTolerantDb` (docs/SCALING.md, « Read replicas »). */
export async function listDwellings(context: Pick<AppContext, 'lagTolerantDb'>, query: PageInput) {
  const { rows, total } = await searchDwellings(context.lagTolerantDb(), query);
  return { items: rows.map(toDwelling), page: query.page, pageSize: query.pageSize, total };
}

export async function getDwelling(context: Pick<AppContext, 'db'>, dwellingId: string) {
  const row = await findDwelling(context.db, dwellingId);
  if (!row) throw new AppError('dwelling_not_found');
  const [devices, changes, accounts] = await Promise.all([
    listDevicesOfDwelling(context.db, dwellingId),
    listOccupantChanges(context.db, dwellingId),
    listResidentAccountsOfDwelling(context.db, dwellingId),
  ]);
  return {
    ...toDwelling(row),
    devices: devices.map(toDevice),
    occupantChanges: changes.map((change) => ({
      id: change.id,
      changedOn: change.changed_on,
      note: change.note,
      recordedByUserId: change.recorded_by_user_id,
      createdAt: change.created_at.toISOString(),
    })),
    residentAccounts: accounts.map((account) => ({
      id: account.id,
      email: account.email,
      firstName: account.first_name,
      lastName: account.last_name,
      movedInOn: account.moved_in_on,
      movedOutOn: account.moved_out_on,
      closedAt: account.closed_at?.toISOString() ?? null,
    })),
  };
}

/** A search: tolerates a few seconds of lag, so it reads `lagTolerantDb` (docs/SCALING.md, « Read replicas »). */
export async function listDevices(context: Pick<AppContext, 'lagTolerantDb'>, query: PageInput) {
  const { rows, total } = await searchDevices(context.lagTolerantDb(), query);
  return {
    items: rows.map((row) => ({
      ...toDevice(row),
      dwelling: { id: row.dwelling_id, dwellingCode: row.dwelling_code, clientNumber: row.client_number },
      residence: { id: row.residence_id, buildingCode: row.building_code, name: row.residence_name, city: row.city },
    })),
    page: query.page,
    pageSize: query.pageSize,
    total,
  };
}

/**
 * « Remplacer le compteur »: the device is removed on `replacedOn` and its successor, of the
 * same kind, installed that same day in the same dwelling (the inventory's hand-over rule), so
 * the dwelling's consumption carries on. Quarantined telegrams of the successor are replayed.
 */
export async function replaceDevice(
  context: AppContext,
  actor: StaffActor,
  deviceId: string,
  input: { replacedOn: string; successor: { serialNumber: string; radioId: string | null; manufacturer?: string; location?: string } },
) {
  const device = await findDeviceRow(context.db, deviceId);
  if (!device) throw new AppError('device_not_found');
  if (device.removed_on) throw new AppError('device_already_removed');
  const manufacturer = (input.successor.manufacturer ?? device.manufacturer).toUpperCase();
  const radioId = input.successor.radioId?.toLowerCase() ?? null;
  const successorId = await context.db.transaction().execute(async (trx) => {
    if (await isSerialNumberInUse(trx, manufacturer, input.successor.serialNumber)) {
      throw new AppError('replacement_refused', { problem: 'serial_number_in_use', value: input.successor.serialNumber });
    }
    const handOver = await handOverReplacedDevice(trx, { dwellingId: device.dwelling_id, replacedSerialNumber: device.serial_number, installedOn: input.replacedOn });
    if ('problem' in handOver) throw new AppError('replacement_refused', { problem: handOver.problem, value: handOver.value });
    if (radioId && (await isRadioIdInUse(trx, radioId))) throw new AppError('replacement_refused', { problem: 'radio_id_in_use', value: radioId });
    const id = await addDevice(trx, {
      residenceId: device.residence_id,
      dwellingId: device.dwelling_id,
      kind: device.kind,
      unit: unitOf(device.kind),
      serialNumber: input.successor.serialNumber,
      radioId,
      manufacturer,
      location: input.successor.location ?? device.location,
      isInCommonArea: device.is_in_common_area,
      installedOn: input.replacedOn,
      removedOn: null,
      replacesDeviceId: device.id,
    });
    await recordStaffAction(
      context,
      actor,
      {
        action: 'staff.device_replaced',
        target: { type: 'device', id: device.id },
        details: { successor_id: id, successor_serial: input.successor.serialNumber, replaced_on: input.replacedOn, dwelling_id: device.dwelling_id },
      },
      trx,
    );
    return id;
  });
  const replay = await replayQuarantineFor(context, { radioIds: radioId ? [radioId] : [], serialNumbers: [input.successor.serialNumber] });
  const [replaced, successor] = await Promise.all([findDeviceRow(context.db, device.id), findDeviceRow(context.db, successorId)]);
  return { replaced: toDevice(replaced!), successor: toDevice(successor!), quarantinedMessagesReplayed: replay.replayed };
}

/** A change of occupant recorded by the operator: the privacy boundary of the dwelling moves to that day. */
export async function recordOccupantChange(context: AppContext, actor: StaffActor, dwellingId: string, input: { changedOn: string; note: string }) {
  const dwelling = await findDwelling(context.db, dwellingId);
  if (!dwelling) throw new AppError('dwelling_not_found');
  await context.db.transaction().execute(async (trx) => {
    await recordChangeOfOccupant(trx, { residenceId: dwelling.residence_id, dwellingId, changedOn: input.changedOn, note: input.note, recordedByUserId: actor.userId });
    await recordStaffAction(context, actor, { action: 'staff.occupant_change_recorded', target: { type: 'dwelling', id: dwellingId }, details: { changed_on: input.changedOn } }, trx);
  });
  return getDwelling(context, dwellingId);
}

/** Publication through the publication service: refused while the residence has no readings. */
export async function publishResidenceAsStaff(context: AppContext, actor: StaffActor, residenceId: string) {
  const result = await publishResidence(context, residenceId);
  await recordStaffAction(context, actor, {
    action: 'staff.residence_published',
    target: { type: 'residence', id: residenceId },
    details: { document_id: result.documentId, notified_administrators: result.notifiedAdministrators },
  });
  return { ...result, publishedAt: result.publishedAt.toISOString() };
}

/** Lifts the residence's sign-up look-up budget for a day (a flyer day), in the audit trail. */
export async function liftSignupLookupBudgetAsStaff(context: AppContext, actor: StaffActor, residenceId: string) {
  const [row] = await findResidenceRows(context.db, [residenceId]);
  if (!row) throw new AppError('residence_not_found');
  const { liftedUntil } = await liftResidenceLookupBudget(context, { residenceId, staffUserId: actor.userId });
  await recordStaffAction(context, actor, {
    action: 'staff.signup_lookup_budget_lifted',
    target: { type: 'residence', id: residenceId },
    details: { lifted_until: liftedUntil.toISOString() },
  });
  return { liftedUntil: liftedUntil.toISOString() };
}
