import { z } from 'zod';
import { buildingCodeSchema, dwellingReferenceSchema, emailSchema, mobileInputSchema } from './signup.ts';

/** « Contacter l'assistance »: what the person typed, plus whatever codes they had already entered. */
export const assistanceRequestBody = z.strictObject({
  name: z.string().trim().min(1, 'name_required').max(200, 'name_too_long'),
  email: emailSchema,
  phone: z.union([z.literal(''), mobileInputSchema]).optional(),
  message: z.string().trim().min(1, 'message_required').max(4000, 'message_too_long'),
  serialNumber: z.string().trim().max(40, 'serial_number_format').regex(/^[0-9A-Za-z -]*$/, 'serial_number_format').optional(),
  buildingCode: z.union([z.literal(''), buildingCodeSchema]).optional(),
  dwellingReference: z.union([z.literal(''), dwellingReferenceSchema]).optional(),
  /** Which sign-up screen the form was opened from. */
  page: z.string().max(100).regex(/^[a-z_-]*$/, 'page_format').optional(),
});

export const assistanceRequestResponse = z.object({ reference: z.string() });
export type AssistanceRequestInput = z.input<typeof assistanceRequestBody>;
export type AssistanceRequestResponse = z.infer<typeof assistanceRequestResponse>;
