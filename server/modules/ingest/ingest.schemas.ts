import { z } from 'zod';
import { readingsCsvOptions } from '#shared/contracts/ingest.ts';
import { isValidTimeZone } from '../../kernel/local-time.ts';

/** The contract's readings CSV options, with a time zone the server knows; they also serve the CLI. */
export const readingsCsvOptionsSchema = readingsCsvOptions.extend({ timeZone: z.string().refine(isValidTimeZone, 'unknown time zone').optional() });

export const quarantineQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
