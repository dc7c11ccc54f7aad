import { z } from 'zod';
import { pageOf, pageQuery, searchText } from './backoffice.schemas.ts';

export const assistanceStatus = z.enum(['new', 'in_progress', 'answered', 'closed']);

export const assistanceListQuery = pageQuery.extend({ status: assistanceStatus.optional(), search: searchText });

export const assistanceSummary = z.object({
  id: z.uuid(),
  /** What the person was told to quote. */
  reference: z.string(),
  createdAt: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  status: assistanceStatus,
  messageExcerpt: z.string(),
  serialNumber: z.string().nullable(),
  buildingCode: z.string().nullable(),
  dwellingReference: z.string().nullable(),
  page: z.string(),
  handledAt: z.string().nullable(),
  handledByUserId: z.uuid().nullable(),
});
export const assistancePage = pageOf(assistanceSummary).extend({ countsByStatus: z.record(assistanceStatus, z.number()) });

export const assistanceReply = z.object({
  id: z.uuid(),
  createdAt: z.string(),
  staffUserId: z.uuid(),
  staffDisplayName: z.string(),
  bodyText: z.string(),
  delivery: z.enum(['pending', 'sending', 'sent', 'failed', 'outbox']).nullable(),
});

export const assistanceDetail = assistanceSummary.extend({ message: z.string(), replies: z.array(assistanceReply) });

export const replyBody = z.object({
  body: z.string().trim().min(1).max(8000),
  /** The request's status once the reply is sent: « answered » unless said otherwise. */
  status: z.enum(['answered', 'closed', 'in_progress']).default('answered'),
});

export const statusBody = z.object({ status: assistanceStatus });

export const codeReplyQuery = z.object({ dwellingId: z.uuid().optional() });
export const codeReplyDraft = z.object({
  dwelling: z.object({ id: z.uuid(), buildingCode: z.string(), reference: z.string(), residenceName: z.string().nullable(), dwellingCode: z.string(), city: z.string() }),
  body: z.string(),
});
