import { z } from 'zod';

/** Response of the inventory CSV upload; a refused file answers with the import_refused error instead. */
const countsSchema = z.object({ clients: z.number(), contracts: z.number(), residences: z.number(), dwellings: z.number(), devices: z.number() });

export const inventoryImportQuerySchema = z.object({ origin: z.string().max(300).optional() });

export const inventoryImportResponseSchema = z.object({
  batchId: z.string(),
  outcome: z.literal('imported'),
  rowsRead: z.number(),
  created: countsSchema,
  updated: countsSchema,
  quarantinedMessagesReplayed: z.number(),
});
