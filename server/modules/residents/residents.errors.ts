import type { ErrorDefinitions } from '../../http/errors.ts';

/** Resident portal (issue 6): settings, email change, data rights and move-out. */
export const residentErrors = {
  resident_mobile_invalid: {
    status: 422,
    fr: "Ce numéro n'est pas un numéro de mobile valide.",
    en: 'This is not a valid mobile number.',
  },
  resident_mobile_required_for_sms: {
    status: 409,
    fr: 'Pour être prévenu par SMS, indiquez d’abord votre numéro de mobile.',
    en: 'To be notified by text message, first give your mobile number.',
  },
  email_change_same_address: {
    status: 422,
    fr: 'Cette adresse est déjà celle de votre compte.',
    en: 'This address is already your account’s.',
  },
  email_change_code_incorrect: {
    status: 422,
    fr: 'Le code saisi est incorrect.',
    en: 'The code is incorrect.',
  },
  email_change_code_expired: {
    status: 410,
    fr: "Ce code n'est plus valable. Demandez un nouveau code.",
    en: 'This code is no longer valid. Ask for a new code.',
  },
  email_change_code_too_many_tries: {
    status: 429,
    fr: 'Trop de codes incorrects. Demandez un nouveau code.',
    en: 'Too many incorrect codes. Ask for a new code.',
  },
  email_change_resend_throttled: {
    status: 429,
    fr: 'Plusieurs codes viennent d’être envoyés. Patientez un instant avant d’en demander un nouveau.',
    en: 'Several codes have just been sent. Wait a moment before asking for a new one.',
  },
  email_change_address_unavailable: {
    status: 409,
    fr: 'Cette adresse email est déjà utilisée par un autre compte.',
    en: 'This email address is already used by another account.',
  },
  move_out_date_invalid: {
    status: 422,
    fr: 'La date de départ doit suivre votre date d’arrivée et ne pas dépasser un an à partir d’aujourd’hui.',
    en: 'The move-out date must come after your move-in date and be at most a year from today.',
  },
} as const satisfies ErrorDefinitions;

declare module '../../http/errors.ts' {
  interface ErrorCatalogue {
    residents: typeof residentErrors;
  }
}
