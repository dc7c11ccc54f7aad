import { z } from 'zod';

/**
 * How a readings CSV is read (the upload's query string, the CLI's options). The server also checks
 * that `timeZone` is a zone it knows (`server/modules/ingest/ingest.schemas.ts`).
 */
export const readingsCsvOptions = z.object({
  delimiter: z.enum([';', ',']).optional(),
  timeZone: z.string().optional(),
  unit: z.enum(['l', 'm3', 'kWh', 'units']).optional(),
  serialColumn: z.string().min(1).max(100).optional(),
  readAtColumn: z.string().min(1).max(100).optional(),
  indexColumn: z.string().min(1).max(100).optional(),
  manufacturerColumn: z.string().min(1).max(100).optional(),
  estimatedColumn: z.string().min(1).max(100).optional(),
  origin: z.string().max(300).optional(),
});

/** The ingest routes' responses. */
export const readingsImportResponseSchema = z.object({
  batchId: z.string(),
  outcome: z.literal('imported'),
  rowsRead: z.number(),
  rowsStored: z.number(),
  rowsDuplicate: z.number(),
  rowsConflicting: z.number(),
  conflicts: z.array(
    z.object({
      refs: z.array(z.number()),
      serialNumber: z.string(),
      readAt: z.string(),
      storedIndex: z.string().nullable(),
      refusedIndexes: z.array(z.string()),
    }),
  ),
  devices: z.number(),
  decreasesFlagged: z.number(),
  durationMs: z.number(),
});

export const wmbusIngestResponseSchema = z.object({
  received: z.number(),
  stored: z.number(),
  duplicate: z.number(),
  conflict: z.number(),
  quarantined: z.number(),
  refused: z.number(),
  problems: z.array(
    z.object({
      line: z.number(),
      outcome: z.enum(['stored', 'duplicate', 'conflict', 'quarantined', 'refused']),
      reason: z.string().optional(),
      serialNumber: z.string().optional(),
      indexField: z.string().optional(),
    }),
  ),
});

export const quarantineResponseSchema = z.object({
  total: z.number(),
  messages: z.array(
    z.object({
      id: z.number(),
      receivedAt: z.string(),
      driver: z.string(),
      radioId: z.string(),
      printedSerial: z.string(),
      /** `unknown_device`, or `device_of_another_kind`: its radio id is registered, on a device of another kind. */
      reason: z.enum(['unknown_device', 'device_of_another_kind']),
      rawMessage: z.record(z.string(), z.unknown()),
    }),
  ),
});
