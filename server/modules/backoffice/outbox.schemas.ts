import { z } from 'zod';
import { pageOf, pageQuery, searchText } from './backoffice.schemas.ts';

/** Every email and SMS the portal sent (outbox_messages), and the alert notices with their delivery. */
export const outboxStatus = z.enum(['pending', 'sending', 'sent', 'failed', 'outbox']);
export const outboxQuery = pageQuery.extend({ channel: z.enum(['email', 'sms']).optional(), status: outboxStatus.optional(), search: searchText });

export const outboxMessage = z.object({
  id: z.uuid(),
  messageKey: z.string(),
  channel: z.enum(['email', 'sms']),
  recipient: z.string(),
  subject: z.string(),
  status: outboxStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  residenceId: z.uuid().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  /** Set when the message carries a one-time code: shown masked, valid until then. */
  codeExpiresAt: z.string().nullable(),
});
export const outboxPage = pageOf(outboxMessage).extend({ countsByStatus: z.record(outboxStatus, z.number()) });
export const outboxDetail = outboxMessage.extend({ bodyText: z.string(), bodyHtml: z.string().nullable() });

export const alertNoticeStatus = z.enum(['pending', 'sending', 'sent', 'failed', 'skipped']);
export const alertNoticeQuery = pageQuery.extend({ status: alertNoticeStatus.optional(), residenceId: z.uuid().optional() });
export const alertNotice = z.object({
  id: z.uuid(),
  episodeId: z.uuid(),
  kind: z.enum(['leak', 'overconsumption']),
  fluid: z.enum(['hot_water', 'cold_water', 'heating']),
  episodeStartedAt: z.string(),
  channel: z.enum(['email', 'sms']),
  messageId: z.string(),
  recipient: z.string().nullable(),
  status: alertNoticeStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  skipReason: z.enum(['no_resident', 'option_off', 'no_mobile']).nullable(),
  provider: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  createdAt: z.string(),
  sendingAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  dwelling: z.object({ id: z.uuid(), code: z.string() }),
  residence: z.object({ id: z.uuid(), buildingCode: z.string(), name: z.string().nullable() }),
});
export const alertNoticePage = z.object({ items: z.array(alertNotice), page: z.number().int(), pageSize: z.number().int(), summary: z.record(alertNoticeStatus, z.number()) });
export const alertNoticeRetryResult = z.object({ outcome: z.string(), notice: alertNotice.nullable() });
