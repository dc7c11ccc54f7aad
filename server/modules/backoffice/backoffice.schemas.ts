import { z } from 'zod';

/** Shapes shared by the back office's screens. */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

export const searchText = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((value) => (value ? value : undefined));

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() });
}

export const idParams = z.object({ id: z.uuid() });
export const isoDay = z.iso.date();
export const okResponse = z.object({ ok: z.literal(true) });
