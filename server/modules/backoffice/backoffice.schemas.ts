import { z } from 'zod';
import { alertNoticeStatus, assistanceStatus, dataHealthItemKind, dataHealthItemStatus, outboxStatus } from '#shared/contracts/backoffice.ts';
import { readingsCsvOptionsSchema } from '../ingest/ingest.schemas.ts';

/**
 * The back office routes' parameters and query strings (text the server parses, with its
 * defaults); their bodies and responses are the contract's (`#shared/contracts/backoffice.ts`).
 */
export const idParams = z.object({ id: z.uuid() });

const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

const searchText = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((value) => (value ? value : undefined));

/** Residences by building code, name or address; dwellings by code, client number or reference; devices by serial or radio id. */
export const inventorySearchQuery = pageQuery.extend({ search: searchText });

export const clientListQuery = pageQuery.extend({ search: searchText });

/** Resident accounts found by email (prefix), dwelling code, reference or client number (prefix), or a device's serial number or radio id. */
export const residentSearchQuery = pageQuery.extend({ search: searchText, includeClosed: z.coerce.boolean().default(false) });

export const assistanceListQuery = pageQuery.extend({ status: assistanceStatus.optional(), search: searchText });
export const codeReplyQuery = z.object({ dwellingId: z.uuid().optional() });

export const readingsPreviewQuery = readingsCsvOptionsSchema.omit({ origin: true });
export const applyQuery = z.object({ previewId: z.uuid(), origin: z.string().max(300).optional() });

export const residenceHealthQuery = pageQuery;
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

export const outboxQuery = pageQuery.extend({ channel: z.enum(['email', 'sms']).optional(), status: outboxStatus.optional(), search: searchText });
export const alertNoticeQuery = pageQuery.extend({ status: alertNoticeStatus.optional(), residenceId: z.uuid().optional() });

/** The audit trail, searched by actor, action (or its prefix, `auth.`), target and UTC time range. */
export const auditQuery = pageQuery.extend({
  actorUserId: z.uuid().optional(),
  actorEmail: z.string().trim().max(254).optional(),
  action: z
    .string()
    .trim()
    .regex(/^[a-z_.]{1,100}$/)
    .optional(),
  targetType: z.string().trim().max(50).optional(),
  targetId: z.string().trim().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
