import type { AppContext } from '../../app-context.ts';
import type { DataHealthItemKind, DataHealthItemStatus } from '../../db/schema.ts';
import { queueConsumptionRefresh } from './consumption.queries.ts';
import { findDataHealthItem, selectDataHealthItems, selectOverLimitRuns, updateDataHealthItemStatus } from './data-health-items.queries.ts';

/**
 * Staff items: every excursion left out of billing, stretch of flow over the device's plausible
 * rate and lasting decrease the consumption refresh finds. Staff mark each real or glitch: an
 * excursion marked real is billed as read, a lasting decrease marked real (a reset, a swapped
 * register) starts a new segment; the device is then refreshed from the item on.
 */
type Db = AppContext['db'];

export { selectOverLimitRuns as listOverLimitRuns };

export async function listDataHealthItems(
  db: Db,
  filters: { buildingCode?: string | undefined; serialNumber?: string | undefined; kind?: DataHealthItemKind | undefined; status?: DataHealthItemStatus | undefined },
  page: { page: number; pageSize: number },
) {
  const { rows, total } = await selectDataHealthItems(db, filters, page);
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      status: row.status,
      residence: { id: row.residence_id, buildingCode: row.building_code, name: row.residence_name },
      device: { id: row.device_id, serialNumber: row.serial_number, kind: row.device_kind, unit: row.unit, dwellingCode: row.dwelling_code },
      startedAt: row.started_at.toISOString(),
      endedAt: row.ended_at.toISOString(),
      magnitude: row.magnitude,
      decidedBy: row.decided_by_email,
      decidedAt: row.decided_at?.toISOString() ?? null,
    })),
    total,
  };
}

/**
 * Records the decision and marks the device for a refresh from the item on, in the caller's
 * transaction; the caller then refreshes (`refreshConsumptionThenDetect`). Returns null when
 * there is no such item.
 */
export async function decideDataHealthItem(
  trx: Db,
  input: { itemId: string; status: 'real' | 'glitch'; decidedBy: string; now: Date },
): Promise<{ id: string; deviceId: string; kind: DataHealthItemKind; previousStatus: DataHealthItemStatus } | null> {
  const item = await findDataHealthItem(trx, input.itemId);
  if (!item) return null;
  await updateDataHealthItemStatus(trx, item.id, { status: input.status, decidedBy: input.decidedBy, decidedAt: input.now });
  await queueConsumptionRefresh(trx, [{ deviceId: item.device_id, changedFrom: item.started_at }], input.now);
  return { id: item.id, deviceId: item.device_id, kind: item.kind, previousStatus: item.status };
}
