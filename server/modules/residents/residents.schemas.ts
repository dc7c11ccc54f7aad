import { z } from 'zod';
import { fluid } from '#shared/contracts/consumption.ts';

/** The resident routes' query strings; their bodies and responses are the contract's (`#shared/contracts/residents.ts`). */
const isoDay = z.iso.date();

export const dailyQuery = z.object({ fluid, from: isoDay.optional(), to: isoDay.optional() });
export const hourlyQuery = z.object({ fluid, day: isoDay });

/** `period=daily` (default) or `monthly`: `;` separated, decimal comma, UTF-8 with BOM; see data-rights.service.ts. */
export const consumptionExportQuery = z.object({ period: z.enum(['daily', 'monthly']).default('daily') });
