import { z } from 'zod';

/** The manager routes' parameters and query strings; their responses are the contract's (`#shared/contracts/managers.ts`). */
export const residencePageQuery = z.object({
  search: z.string().trim().max(100).optional().transform((value) => (value ? value : undefined)),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

export const residenceParams = z.object({ residenceId: z.uuid() });

export const documentParams = z.object({ documentId: z.uuid() });
export const dwellingParams = z.object({ dwellingId: z.uuid() });

const isoDay = z.iso.date();

export const dailyRangeQuery = z.object({ from: isoDay.optional(), to: isoDay.optional() });
