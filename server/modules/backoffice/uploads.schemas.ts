import { z } from 'zod';
import { readingsCsvOptionsSchema } from '../ingest/ingest.schemas.ts';

/**
 * CSV uploads in two steps: a preview (every error with its line and reason, or what the file
 * would change), then an apply that sends the same file with the preview's id. Bodies are
 * `text/csv`.
 */
const counts = z.object({ clients: z.number(), contracts: z.number(), residences: z.number(), dwellings: z.number(), devices: z.number() });

export const uploadLineError = z.object({ line: z.number(), problem: z.string(), column: z.string().optional(), value: z.string().optional() });

export const inventoryPreview = z.object({
  previewId: z.uuid(),
  kind: z.literal('inventory_csv'),
  outcome: z.enum(['clean', 'refused']),
  rowsRead: z.number(),
  errorCount: z.number(),
  errors: z.array(uploadLineError),
  created: counts,
  updated: counts,
  expiresAt: z.string(),
});

export const readingsPreviewQuery = readingsCsvOptionsSchema.omit({ origin: true });

export const readingsPreview = z.object({
  previewId: z.uuid(),
  kind: z.literal('readings_csv'),
  outcome: z.enum(['clean', 'refused']),
  rowsRead: z.number(),
  errorCount: z.number(),
  errors: z.array(uploadLineError),
  /** Readings that would be stored, that are already stored, and that disagree with a stored index. */
  newReadings: z.number(),
  duplicates: z.number(),
  conflicting: z.number(),
  devices: z.number(),
  firstReadingAt: z.string().nullable(),
  lastReadingAt: z.string().nullable(),
  expiresAt: z.string(),
});

export const applyQuery = z.object({ previewId: z.uuid(), origin: z.string().max(300).optional() });

export const inventoryApplied = z.object({
  batchId: z.string(),
  rowsRead: z.number(),
  created: counts,
  updated: counts,
  quarantinedMessagesReplayed: z.number(),
});

export const readingsApplied = z.object({
  batchId: z.string(),
  rowsRead: z.number(),
  rowsStored: z.number(),
  rowsDuplicate: z.number(),
  rowsConflicting: z.number(),
  devices: z.number(),
});
