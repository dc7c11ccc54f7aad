import type { z } from 'zod';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.ts';
import type { AssistanceStatus, Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import type { assistanceRequestBody } from '#shared/contracts/assistance.ts';
import { normalisePhoneNumber } from '../../kernel/phone-number.ts';
import { refuseWhenOverLimit, windowStart } from '../../http/sliding-limit.ts';
import { assistanceAcknowledgementEmail } from './assistance-emails.ts';
import { countRequestsSince, insertAssistanceRequest, setAssistanceStatus } from './assistance.queries.ts';

/** « Contacter l'assistance »: the request waits in the back office's inbox and the sender gets an acknowledgement. */
const ASSISTANCE_REQUEST_LIMIT = { count: 5, windowMs: 60 * 60_000 } as const;

/** What the person is told to quote: short enough to read over the phone. */
export function assistanceReference(id: string): string {
  return id.replaceAll('-', '').slice(0, 8).toUpperCase();
}

export async function submitAssistanceRequest(
  context: AppContext,
  input: z.output<typeof assistanceRequestBody> & { clientAddress: string },
): Promise<{ reference: string }> {
  const now = context.clock.now();
  const phone = input.phone ? normalisePhoneNumber(input.phone, { mobileOnly: false }) : null;
  if (input.phone && !phone) throw new AppError('assistance_phone_invalid');
  const recent = await countRequestsSince(context.db, input.clientAddress, windowStart(ASSISTANCE_REQUEST_LIMIT, now));
  refuseWhenOverLimit(recent, ASSISTANCE_REQUEST_LIMIT, now, 'rate_limited');
  const id = await insertAssistanceRequest(context.db, {
    created_at: now,
    name: input.name,
    email: input.email,
    phone,
    message: input.message,
    serial_number: input.serialNumber || null,
    building_code: input.buildingCode || null,
    dwelling_reference: input.dwellingReference || null,
    page: input.page ?? '',
    client_address: input.clientAddress,
  });
  const reference = assistanceReference(id);
  await context.mailer.send(assistanceAcknowledgementEmail({ id, reference, name: input.name, email: input.email, message: input.message }));
  return { reference };
}

/** The request's status as staff set it, and who did when; in the caller's transaction when it passes one. */
export function markAssistanceHandled(
  db: Kysely<Database>,
  id: string,
  handling: { status: AssistanceStatus; handledAt: Date; handledByUserId: string },
): Promise<void> {
  return setAssistanceStatus(db, id, handling);
}
