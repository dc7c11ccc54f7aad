import type { AppContext } from '../../app-context.ts';
import type { DataHealthItemKind, DataHealthItemStatus, DeviceKind } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { refreshConsumptionThenDetect } from '../consumption/consumption-refresher.ts';
import { decideDataHealthItem, listDataHealthItems } from '../consumption/data-health-items.ts';
import { createDataSource, findDataSource, listDataSourcesWithLastBatch, revokeDataSourceByName } from '../ingest/data-sources.service.ts';
import { listQuarantinedMessages, replayQuarantineFor, type IngestSummary } from '../ingest/wmbusmeters.service.ts';
import { unitOf } from '#shared/device-kinds.ts';
import { addDevice, isRadioIdInUse, isSerialNumberInUse } from '../inventory/inventory.service.ts';
import { residenceHealthPage } from './data-health.queries.ts';
import { findDeviceRow, findDwelling } from './inventory.queries.ts';
import { toDevice } from './inventory.service.ts';
import { recordStaffAction, type StaffActor } from './staff-access.ts';

/** Data health: the quarantine of unknown devices and its replay, the latest readings, the data sources' tokens. */
export async function getQuarantine(context: Pick<AppContext, 'db'>, limit: number) {
  const { total, messages } = await listQuarantinedMessages(context, limit);
  return { total, messages: messages.map((message) => ({ ...message, receivedAt: message.receivedAt.toISOString() })) };
}

function countsOf(summary: IngestSummary) {
  const { received, stored, duplicate, conflict, quarantined, refused } = summary;
  return { received, stored, duplicate, conflict, quarantined, refused };
}

/** Registers the device the quarantined messages name, then replays them through ingest. */
export async function registerDeviceAndReplay(
  context: AppContext,
  actor: StaffActor,
  input: { dwellingId: string; kind: DeviceKind; serialNumber: string; radioId: string | null; manufacturer: string; location: string; installedOn: string },
) {
  const dwelling = await findDwelling(context.db, input.dwellingId);
  if (!dwelling) throw new AppError('dwelling_not_found');
  const manufacturer = input.manufacturer.toUpperCase();
  const radioId = input.radioId?.toLowerCase() ?? null;
  const deviceId = await context.db.transaction().execute(async (trx) => {
    if (await isSerialNumberInUse(trx, manufacturer, input.serialNumber)) throw new AppError('conflict', { field: 'serialNumber' });
    if (radioId && (await isRadioIdInUse(trx, radioId))) throw new AppError('conflict', { field: 'radioId' });
    const id = await addDevice(trx, {
      residenceId: dwelling.residence_id,
      dwellingId: dwelling.id,
      kind: input.kind,
      unit: unitOf(input.kind),
      serialNumber: input.serialNumber,
      radioId,
      manufacturer,
      location: input.location,
      isInCommonArea: false,
      installedOn: input.installedOn,
      removedOn: null,
      replacesDeviceId: null,
    });
    await recordStaffAction(
      context,
      actor,
      { action: 'staff.device_registered', target: { type: 'device', id }, details: { dwelling_id: dwelling.id, serial_number: input.serialNumber, radio_id: radioId } },
      trx,
    );
    return id;
  });
  const replay = await replayQuarantineFor(context, { radioIds: radioId ? [radioId] : [], serialNumbers: [input.serialNumber] });
  await recordStaffAction(context, actor, { action: 'staff.quarantine_replayed', target: { type: 'device', id: deviceId }, details: { replayed: replay.replayed } });
  return { device: toDevice((await findDeviceRow(context.db, deviceId))!), replayed: replay.replayed, summary: countsOf(replay.summary) };
}

/** Replays the quarantine for devices registered some other way (an inventory file). */
export async function replayQuarantine(context: AppContext, actor: StaffActor, input: { radioIds: string[]; serialNumbers: string[] }) {
  const replay = await replayQuarantineFor(context, input);
  await recordStaffAction(context, actor, {
    action: 'staff.quarantine_replayed',
    target: { type: 'quarantine', id: null },
    details: { radio_ids: input.radioIds.length, serial_numbers: input.serialNumbers.length, replayed: replay.replayed },
  });
  return { replayed: replay.replayed, summary: countsOf(replay.summary) };
}

export async function getResidenceHealth(context: Pick<AppContext, 'db' | 'clock'>, query: { page: number; pageSize: number }) {
  const { rows, total } = await residenceHealthPage(context.db, { ...query, now: context.clock.now() });
  return {
    items: rows.map((row) => ({
      id: row.id,
      buildingCode: row.building_code,
      name: row.name,
      city: row.city,
      publishedAt: row.published_at ? new Date(row.published_at).toISOString() : null,
      devicesInService: Number(row.devices_in_service),
      lastReadingAt: row.last_reading_at ? new Date(row.last_reading_at).toISOString() : null,
      silentDevices: Number(row.silent_devices),
    })),
    page: query.page,
    pageSize: query.pageSize,
    total,
  };
}

export async function getDataSources(context: Pick<AppContext, 'db'>) {
  const rows = await listDataSourcesWithLastBatch(context);
  return {
    items: rows.map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: row.created_at.toISOString(),
      revokedAt: row.revoked_at?.toISOString() ?? null,
      lastBatchAt: row.last_batch_at ? new Date(row.last_batch_at).toISOString() : null,
    })),
  };
}

/** The token goes back once, in this answer; the trail records the source, never the token. */
export async function createDataSourceAsStaff(context: AppContext, actor: StaffActor, name: string) {
  const created = await createDataSource(context, name);
  await recordStaffAction(context, actor, { action: 'staff.data_source_created', target: { type: 'data_source', id: created.id }, details: { name: created.name } });
  return created;
}

export async function revokeDataSourceAsStaff(context: AppContext, actor: StaffActor, id: string) {
  const source = await findDataSource(context, id);
  if (!source) throw new AppError('data_source_not_found');
  const isRevoked = await revokeDataSourceByName(context, source.name);
  if (isRevoked) await recordStaffAction(context, actor, { action: 'staff.data_source_revoked', target: { type: 'data_source', id }, details: { name: source.name } });
  return getDataSources(context);
}

export async function getDataHealthItems(
  context: Pick<AppContext, 'db'>,
  query: { page: number; pageSize: number; buildingCode?: string | undefined; serialNumber?: string | undefined; kind?: DataHealthItemKind | undefined; status?: DataHealthItemStatus | undefined },
) {
  const { page, pageSize, ...filters } = query;
  const { items, total } = await listDataHealthItems(context.db, filters, { page, pageSize });
  return { items, page, pageSize, total };
}

/** Marks an item real or glitch (audited), then recomputes the device's consumption from the item on. */
export async function decideDataHealthItemAsStaff(context: AppContext, actor: StaffActor, itemId: string, status: 'real' | 'glitch') {
  const decided = await context.db.transaction().execute(async (trx) => {
    const result = await decideDataHealthItem(trx, { itemId, status, decidedBy: actor.userId, now: context.clock.now() });
    if (!result) throw new AppError('data_health_item_not_found');
    await recordStaffAction(
      context,
      actor,
      { action: 'staff.data_health_item_decided', target: { type: 'data_health_item', id: result.id }, details: { kind: result.kind, device_id: result.deviceId, from: result.previousStatus, to: status } },
      trx,
    );
    return result;
  });
  const summary = await refreshConsumptionThenDetect(context, { onlyDeviceIds: [decided.deviceId] });
  return { id: decided.id, status, devicesRefreshed: summary.devicesRefreshed };
}
