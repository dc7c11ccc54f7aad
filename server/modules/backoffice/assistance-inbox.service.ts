import type { AppContext } from '../../app-context.ts';
import type { AssistanceStatus } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { assistanceReference, markAssistanceHandled } from '../assistance/assistance.service.ts';
import { renderEmail } from '../../notifications/email-layout.ts';
import { dwellingOfReference, dwellingsOfSerialInService } from '../signup/signup-identification.service.ts';
import { signupAddress } from '../managers/signup-kit.ts';
import {
  countAssistanceByStatus,
  findAssistanceRequest,
  insertReply,
  listReplies,
  searchAssistanceRequests,
  setReplyOutboxMessage,
  type AssistanceRow,
} from './assistance-inbox.queries.ts';
import { findDwelling } from './inventory.queries.ts';
import { recordStaffAction, type StaffActor } from './staff-access.ts';

/** The inbox of « Contacter l'assistance »: read, reply by email (recorded), change status. */
const EXCERPT_LENGTH = 160;

function toSummary(row: AssistanceRow) {
  return {
    id: row.id,
    reference: assistanceReference(row.id),
    createdAt: row.created_at.toISOString(),
    name: row.name,
    email: row.email,
    phone: row.phone,
    status: row.status,
    messageExcerpt: row.message.length > EXCERPT_LENGTH ? `${row.message.slice(0, EXCERPT_LENGTH - 1)}…` : row.message,
    serialNumber: row.serial_number,
    buildingCode: row.building_code,
    dwellingReference: row.dwelling_reference,
    page: row.page,
    handledAt: row.handled_at?.toISOString() ?? null,
    handledByUserId: row.handled_by_user_id,
  };
}

export async function listAssistanceRequests(context: Pick<AppContext, 'db'>, query: { status?: AssistanceStatus; search?: string; page: number; pageSize: number }) {
  const [{ rows, total }, countsByStatus] = await Promise.all([searchAssistanceRequests(context.db, query), countAssistanceByStatus(context.db)]);
  return { items: rows.map(toSummary), page: query.page, pageSize: query.pageSize, total, countsByStatus };
}

async function requireRequest(context: Pick<AppContext, 'db'>, id: string): Promise<AssistanceRow> {
  const row = await findAssistanceRequest(context.db, id);
  if (!row) throw new AppError('assistance_request_not_found');
  return row;
}

export async function getAssistanceRequest(context: Pick<AppContext, 'db'>, id: string) {
  const row = await requireRequest(context, id);
  const replies = await listReplies(context.db, id);
  return {
    ...toSummary(row),
    message: row.message,
    replies: replies.map((reply) => ({
      id: reply.id,
      createdAt: reply.created_at.toISOString(),
      staffUserId: reply.staff_user_id,
      staffDisplayName: reply.display_name ?? '',
      bodyText: reply.body_text,
      delivery: reply.delivery ?? null,
    })),
  };
}

/** Sends the reply through the mailer (outbox, then SMTP), records it, and moves the request on. */
export async function replyToAssistanceRequest(context: AppContext, actor: StaffActor, id: string, input: { body: string; status: AssistanceStatus }) {
  const request = await requireRequest(context, id);
  const now = context.clock.now();
  const replyId = await context.db.transaction().execute(async (trx) => {
    const newId = await insertReply(trx, { requestId: id, staffUserId: actor.userId, createdAt: now, bodyText: input.body });
    await markAssistanceHandled(trx, id, { status: input.status, handledAt: now, handledByUserId: actor.userId });
    await recordStaffAction(
      context,
      actor,
      { action: 'staff.assistance_replied', target: { type: 'assistance_request', id }, details: { reply_id: newId, status: input.status } },
      trx,
    );
    return newId;
  });
  const reference = assistanceReference(id);
  const content = renderEmail({
    heading: 'Réponse à votre demande d’assistance',
    paragraphs: [`Bonjour ${request.name},`, ...input.body.split(/\n{2,}/)],
    footer: `Vous recevez cet email en réponse à votre demande d’assistance ${reference}.`,
  });
  const sent = await context.mailer.send({ messageKey: `assistance-reply:${replyId}`, to: request.email, subject: `Votre demande d’assistance (${reference})`, ...content });
  await setReplyOutboxMessage(context.db, replyId, sent.id);
  return getAssistanceRequest(context, id);
}

export async function changeAssistanceStatus(context: AppContext, actor: StaffActor, id: string, status: AssistanceStatus) {
  const request = await requireRequest(context, id);
  if (request.status !== status) {
    await context.db.transaction().execute(async (trx) => {
      await markAssistanceHandled(trx, id, { status, handledAt: context.clock.now(), handledByUserId: actor.userId });
      await recordStaffAction(context, actor, { action: 'staff.assistance_status_changed', target: { type: 'assistance_request', id }, details: { from: request.status, to: status } }, trx);
    });
  }
  return getAssistanceRequest(context, id);
}

/** The dwelling a request points at: the one chosen by staff, else the serial number's, else the building code and reference's. */
async function dwellingOfRequest(context: Pick<AppContext, 'db' | 'clock'>, request: AssistanceRow, dwellingId: string | undefined): Promise<string> {
  if (dwellingId) return dwellingId;
  const now = context.clock.now();
  if (request.serial_number) {
    const dwellings = await dwellingsOfSerialInService(context, request.serial_number.replace(/\s+/g, ''), now);
    if (dwellings.length === 1) return dwellings[0]!;
  }
  if (request.building_code && request.dwelling_reference) {
    const found = await dwellingOfReference(context, request.building_code, request.dwelling_reference.toUpperCase(), now);
    if (found) return found;
  }
  throw new AppError('assistance_dwelling_unknown');
}

/**
 * « Donner le code immeuble et la référence du logement »: looks the dwelling up and drafts the
 * reply, which staff read and then send as any reply (nothing is sent here).
 */
export async function draftCodeReply(context: AppContext, id: string, dwellingId: string | undefined) {
  const request = await requireRequest(context, id);
  const dwelling = await findDwelling(context.db, await dwellingOfRequest(context, request, dwellingId));
  if (!dwelling) throw new AppError('dwelling_not_found');
  const body = [
    'Voici les informations pour créer votre compte sur le portail « Mes suivis de consommation » :',
    `Code immeuble ista : ${dwelling.building_code}\nRéférence du logement : ${dwelling.reference}`,
    `Rendez-vous sur ${signupAddress(context.config.publicUrl)}, choisissez « Code immeuble ista », puis saisissez le code immeuble et la référence du logement.`,
    'Le service client',
  ].join('\n\n');
  return {
    dwelling: {
      id: dwelling.id,
      buildingCode: dwelling.building_code,
      reference: dwelling.reference,
      residenceName: dwelling.residence_name,
      dwellingCode: dwelling.dwelling_code,
      city: dwelling.city,
    },
    body,
  };
}
