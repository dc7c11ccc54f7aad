import { z } from 'zod';
import { FLUIDS } from '#shared/device-kinds.ts';

/**
 * The sign-up's request and response shapes (SPEC §3), shared by the server, which validates
 * every request against them, and the web forms, which validate the same way before sending.
 * Objects are strict: a field that is not listed is refused. Error messages are stable keys
 * that the web app translates (signup.errors.<key>).
 */

/** The meter a resident says they read: one of the fluids, or « I don't know ». */
export const SIGNUP_DEVICE_TYPES = [...FLUIDS, 'unknown'] as const;
export type SignupDeviceType = (typeof SIGNUP_DEVICE_TYPES)[number];

export const SIGNUP_STEPS = ['attest', 'profile', 'options', 'personal_info', 'verify_email', 'completed'] as const;
export type SignupStepName = (typeof SIGNUP_STEPS)[number];

export const COUNCIL_MEMBER_ANSWERS = ['yes', 'no', 'no_answer'] as const;
export const CIVILITIES = ['madame', 'monsieur'] as const;

export const SIGNUP_CODE_LENGTH = 6;

/** Spaces (including the non-breaking ones phones insert) are only there to help reading. */
const withoutSpaces = (value: string) => value.replace(/[\s\u00a0\u202f]/g, '');

const digitsWithSpaces = (length: number, message: string) =>
  z
    .string()
    .max(length * 3, message)
    .transform(withoutSpaces)
    .pipe(z.string().regex(new RegExp(`^[0-9]{${length}}$`), message));

export const serialNumberSchema = digitsWithSpaces(9, 'serial_number_format');
export const buildingCodeSchema = digitsWithSpaces(8, 'building_code_format');
export const dwellingReferenceSchema = z
  .string()
  .max(30, 'dwelling_reference_format')
  .transform((value) => withoutSpaces(value).toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{10}$/, 'dwelling_reference_format'));

export const identifyBySerialBody = z.strictObject({
  deviceType: z.enum(SIGNUP_DEVICE_TYPES, 'device_type_required'),
  serialNumber: serialNumberSchema,
});

export const checkBuildingCodeBody = z.strictObject({ buildingCode: buildingCodeSchema });

export const identifyByDwellingReferenceBody = z.strictObject({
  buildingCode: buildingCodeSchema,
  dwellingReference: dwellingReferenceSchema,
});

export const attestationBody = z.strictObject({ isCurrentOccupant: z.literal(true, 'attestation_required') });

/** YYYY-MM-DD, a real calendar day. */
export const isoDateSchema = z.iso.date('date_format');

export const profileBody = z.strictObject({
  isOwner: z.boolean('boolean_required'),
  movedInOn: isoDateSchema,
  councilMember: z.enum(COUNCIL_MEMBER_ANSWERS, 'council_member_required'),
});

export const optionsBody = z.strictObject({
  notifyLeakByEmail: z.boolean('boolean_required'),
  notifyLeakBySms: z.boolean('boolean_required'),
  notifyOverconsumption: z.boolean('boolean_required'),
  managerMaySeeDaily: z.boolean('boolean_required'),
});

/** Letters of any alphabet, with the spaces, hyphens, apostrophes and dots that names carry. */
export const personNameSchema = z
  .string()
  .trim()
  .min(1, 'name_required')
  .max(100, 'name_too_long')
  .regex(/^\p{L}[\p{L}\p{M} '’.-]*$/u, 'name_format');

export const emailSchema = z
  .string()
  .trim()
  .max(254, 'email_format')
  .toLowerCase()
  .pipe(z.email('email_format'));

/** Any phone number as typed; the server parses it (libphonenumber) and stores E.164. */
export const mobileInputSchema = z
  .string()
  .trim()
  .min(1, 'mobile_required')
  .max(30, 'mobile_format')
  .regex(/^\+?[0-9 ().\u00a0-]+$/, 'mobile_format');

/**
 * One rule at sign-up and in « Mon profil »: the mobile is optional, and required only with
 * SMS leak notices (the server knows step 4's answer and checks it).
 */
export const personalInfoBody = z.strictObject({
  civility: z.enum(CIVILITIES, 'civility_required'),
  lastName: personNameSchema,
  firstName: personNameSchema,
  mobile: z.union([z.literal(''), mobileInputSchema]),
  email: emailSchema,
  /** The password rules themselves are checked by the accounts module's policy. */
  password: z.string().min(1, 'password_required').max(200, 'password_too_long'),
  acceptsPrivacyPolicy: z.literal(true, 'privacy_consent_required'),
  subscribesNewsletter: z.boolean('boolean_required'),
});

export const verificationBody = z.strictObject({
  code: z
    .string()
    .max(20, 'code_format')
    .transform(withoutSpaces)
    .pipe(z.string().regex(new RegExp(`^[0-9]{${SIGNUP_CODE_LENGTH}}$`), 'code_format')),
});

export const emailCorrectionBody = z.strictObject({ email: emailSchema });

export const residenceSummary = z.object({
  name: z.string().nullable(),
  buildingCode: z.string(),
  address: z.string(),
});

export const dwellingSummary = z.object({
  clientNumber: z.string(),
  building: z.string(),
  dwellingCode: z.string(),
  staircase: z.string(),
  floor: z.string(),
});

/**
 * What the browser typed at steps 3 to 5 and the server kept, so « Précédent » and a reload
 * show it again: never the password, which is typed again whenever step 5 is.
 */
export const signupAnswers = z.object({
  profile: z.object({ isOwner: z.boolean(), movedInOn: z.string(), councilMember: z.enum(COUNCIL_MEMBER_ANSWERS) }).nullable(),
  options: z
    .object({ notifyLeakByEmail: z.boolean(), notifyLeakBySms: z.boolean(), notifyOverconsumption: z.boolean(), managerMaySeeDaily: z.boolean() })
    .nullable(),
  personalInfo: z
    .object({
      civility: z.enum(CIVILITIES),
      lastName: z.string(),
      firstName: z.string(),
      mobile: z.string(),
      email: z.string(),
      acceptsPrivacyPolicy: z.boolean(),
      subscribesNewsletter: z.boolean(),
    })
    .nullable(),
});

export const signupStateResponse = z.object({
  /** The furthest step reached: a step before it may be submitted again (« Précédent »), one after it may not. */
  step: z.enum(SIGNUP_STEPS),
  residence: residenceSummary,
  dwelling: dwellingSummary,
  /** The address the code was sent to, once step 5 is done. */
  email: z.string().nullable(),
  answers: signupAnswers,
});

export const buildingCheckResponse = z.object({ residence: residenceSummary });

export type SignupState = z.infer<typeof signupStateResponse>;
export type BuildingCheckResponse = z.infer<typeof buildingCheckResponse>;
export type SignupAnswers = z.infer<typeof signupAnswers>;
export type ResidenceSummary = z.infer<typeof residenceSummary>;
export type DwellingSummary = z.infer<typeof dwellingSummary>;
export type IdentifyBySerialInput = z.input<typeof identifyBySerialBody>;
export type ProfileInput = z.input<typeof profileBody>;
export type OptionsInput = z.input<typeof optionsBody>;
export type PersonalInfoInput = z.input<typeof personalInfoBody>;

/** « JJ/MM/AAAA » as typed on screen → YYYY-MM-DD, or null when it is not a real day. */
export function parseFrenchDate(text: string): string | null {
  const match = /^\s*(\d{2})\/(\d{2})\/(\d{4})\s*$/.exec(text);
  if (!match) return null;
  const [, day, month, year] = match;
  const iso = `${year}-${month}-${day}`;
  return isoDateSchema.safeParse(iso).success ? iso : null;
}

export function formatFrenchDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}/${month}/${year}`;
}
