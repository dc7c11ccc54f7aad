import { z } from 'zod';
import { isoDay, pageOf, pageQuery } from './backoffice.schemas.ts';
import { device, deviceKind } from './inventory.schemas.ts';

/** The quarantine's shapes are the ingest module's own. */
export { quarantineQuerySchema as quarantineQuery, quarantineResponseSchema as quarantineList } from '../ingest/ingest.schemas.ts';

/** Registers the unknown device in a dwelling, then replays its quarantined messages. */
export const registerDeviceBody = z.object({
  dwellingId: z.uuid(),
  kind: deviceKind,
  serialNumber: z.string().trim().regex(/^[0-9A-Za-z-]{1,40}$/),
  radioId: z
    .string()
    .trim()
    .regex(/^[0-9A-Fa-f]{8}$/)
    .nullable()
    .default(null),
  manufacturer: z.string().trim().min(1).max(40),
  location: z.string().trim().max(100).default(''),
  installedOn: isoDay,
});

const ingestSummary = z.object({ received: z.number(), stored: z.number(), duplicate: z.number(), conflict: z.number(), quarantined: z.number(), refused: z.number() });

export const registerDeviceResult = z.object({ device, replayed: z.number().int(), summary: ingestSummary });

export const replayBody = z
  .object({ radioIds: z.array(z.string().regex(/^[0-9A-Fa-f]{8}$/)).max(1000).default([]), serialNumbers: z.array(z.string().min(1).max(40)).max(1000).default([]) })
  .refine((value) => value.radioIds.length + value.serialNumbers.length > 0, { message: 'nothing_to_replay' });
export const replayResult = z.object({ replayed: z.number().int(), summary: ingestSummary });

export const residenceHealth = z.object({
  id: z.uuid(),
  buildingCode: z.string(),
  name: z.string().nullable(),
  city: z.string(),
  publishedAt: z.string().nullable(),
  devicesInService: z.number().int(),
  lastReadingAt: z.string().nullable(),
  /** Devices in service without a reading in the last 48 hours. */
  silentDevices: z.number().int(),
});
export const residenceHealthPage = pageOf(residenceHealth);
export const residenceHealthQuery = pageQuery;

export const dataSource = z.object({ id: z.uuid(), name: z.string(), createdAt: z.string(), revokedAt: z.string().nullable(), lastBatchAt: z.string().nullable() });
export const dataSourceList = z.object({ items: z.array(dataSource) });
export const createDataSourceBody = z.object({ name: z.string().trim().min(1).max(100) });
/** The token is in this answer only: it is stored as a keyed hash. */
export const createdDataSource = z.object({ id: z.uuid(), name: z.string(), token: z.string() });

/** Staff items (consumption/data-health-items.ts): filtered by residence (building code) and device (serial number). */
export const dataHealthItemKind = z.enum(['excursion', 'over_limit_rate', 'lasting_decrease']);
export const dataHealthItemStatus = z.enum(['open', 'real', 'glitch']);
export const dataHealthItemsQuery = pageQuery.extend({
  buildingCode: z
    .string()
    .trim()
    .regex(/^\d{8}$/)
    .optional(),
  serialNumber: z.string().trim().min(1).max(40).optional(),
  kind: dataHealthItemKind.optional(),
  status: dataHealthItemStatus.optional(),
});
export const dataHealthItem = z.object({
  id: z.uuid(),
  kind: dataHealthItemKind,
  status: dataHealthItemStatus,
  residence: z.object({ id: z.uuid(), buildingCode: z.string(), name: z.string().nullable() }),
  device: z.object({ id: z.uuid(), serialNumber: z.string(), kind: deviceKind, unit: z.string(), dwellingCode: z.string() }),
  startedAt: z.string(),
  endedAt: z.string(),
  /** In the device's unit: what was not billed (excursion), the volume over the limit, or the fall. */
  magnitude: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export const dataHealthItemsPage = pageOf(dataHealthItem);
export const dataHealthDecisionBody = z.object({ status: z.enum(['real', 'glitch']) });
export const dataHealthDecisionResult = z.object({ id: z.uuid(), status: z.enum(['real', 'glitch']), devicesRefreshed: z.number().int() });
