import type { AppContext } from '../../app-context.ts';
import type { AlertNoticeStatus, OutboxStatus } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { deliverAlertNotice, NoticeDeliveryFailed } from '../alerts/alert-notice-delivery.ts';
import { listAlertNotices } from '../alerts/alert-notices.service.ts';
import { openContent } from '../../notifications/secret-content.ts';
import { countOutboxByStatus, findOutboxMessage, findSealedContent, searchOutbox } from './outbox.queries.ts';
import { recordStaffAction, type StaffActor } from './staff-access.ts';

type OutboxRow = NonNullable<Awaited<ReturnType<typeof findOutboxMessage>>>;

function toMessage(row: Omit<OutboxRow, 'body_text' | 'body_html'>) {
  return {
    id: row.id,
    messageKey: row.message_key,
    channel: row.channel,
    recipient: row.recipient,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    residenceId: row.residence_id,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
    // Support sees that a code went out and until when it is valid; the code itself is masked.
    codeExpiresAt: row.secret_expires_at?.toISOString() ?? null,
  };
}

export async function listOutbox(context: Pick<AppContext, 'db'>, query: { channel?: 'email' | 'sms'; status?: OutboxStatus; search?: string; page: number; pageSize: number }) {
  const [{ rows, total }, countsByStatus] = await Promise.all([searchOutbox(context.db, query), countOutboxByStatus(context.db)]);
  return { items: rows.map(toMessage), page: query.page, pageSize: query.pageSize, total, countsByStatus };
}

async function requireMessage(context: Pick<AppContext, 'db'>, id: string): Promise<OutboxRow> {
  const row = await findOutboxMessage(context.db, id);
  if (!row) throw new AppError('outbox_message_not_found');
  return row;
}

export async function getOutboxMessage(context: Pick<AppContext, 'db'>, id: string) {
  const row = await requireMessage(context, id);
  return { ...toMessage(row), bodyText: row.body_text, bodyHtml: row.body_html };
}

/** The unmasked content to send: opened from its seal when the message carries a code, which must still be live. */
async function deliverableContent(context: Pick<AppContext, 'db' | 'config' | 'clock'>, row: OutboxRow): Promise<{ text: string; html: string }> {
  if (!row.secret_expires_at) return { text: row.body_text, html: row.body_html ?? '' };
  const sealed = row.secret_expires_at.getTime() > context.clock.now().getTime() ? await findSealedContent(context.db, row.id) : null;
  if (!sealed) throw new AppError('outbox_code_expired');
  return openContent(context.config.acceptedSessionSecrets, sealed);
}

/** Sends a failed (or stuck pending) email again through the mailer: same message key, so never twice once sent. */
export async function retryOutboxMessage(context: AppContext, actor: StaffActor, id: string) {
  const row = await requireMessage(context, id);
  if (row.channel !== 'email' || (row.status !== 'failed' && row.status !== 'pending')) throw new AppError('outbox_message_not_retryable');
  const content = await deliverableContent(context, row);
  const outcome = await context.mailer.send({
    messageKey: row.message_key,
    to: row.recipient,
    subject: row.subject,
    ...content,
    ...(row.residence_id ? { residenceId: row.residence_id } : {}),
  });
  await recordStaffAction(context, actor, { action: 'staff.outbox_retried', target: { type: 'outbox_message', id }, details: { status_before: row.status, status_after: outcome.status } });
  return getOutboxMessage(context, id);
}

export async function getAlertNotices(context: Pick<AppContext, 'db'>, query: { status?: AlertNoticeStatus; residenceId?: string; page: number; pageSize: number }) {
  const { items, summary } = await listAlertNotices(context, {
    ...(query.status ? { statuses: [query.status] } : {}),
    ...(query.residenceId ? { residenceId: query.residenceId } : {}),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items, page: query.page, pageSize: query.pageSize, summary };
}

/** Delivers an alert notice now, through the alerts' own delivery (its lock, its states). */
export async function retryAlertNotice(context: AppContext, actor: StaffActor, id: string) {
  let outcome: string;
  try {
    outcome = await deliverAlertNotice(context, id);
  } catch (error) {
    if (!(error instanceof NoticeDeliveryFailed)) throw error;
    outcome = 'failed';
  }
  await recordStaffAction(context, actor, { action: 'staff.alert_notice_retried', target: { type: 'alert_notice', id }, details: { outcome } });
  const { items } = await listAlertNotices(context, { limit: 500 });
  return { outcome, notice: items.find((item) => item.id === id) ?? null };
}
