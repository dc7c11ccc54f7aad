import type { ErrorDefinitions } from '../../http/errors.ts';

/** Sign-up (issue 4): each refusal a resident can meet has its own code and message. */
export const signupErrors = {
  signup_lookup_budget_exhausted: {
    status: 429,
    fr: "Trop de recherches ont été faites pour cette résidence en peu de temps. Réessayez plus tard, ou cliquez sur « Contacter l'assistance » : nous vous aiderons à vous inscrire.",
    en: 'Too many searches were made for this residence in a short time. Try again later, or click « Contacter l\'assistance » (contact support): we will help you sign up.',
  },
  signup_serial_number_unknown: {
    status: 404,
    fr: "Ce numéro de série ne correspond à aucun appareil ista télé-relevé. Vérifiez-le, ou identifiez votre logement avec votre code immeuble ista.",
    en: 'This serial number matches no remote-read ista device. Check it, or identify your dwelling with your ista building code.',
  },
  signup_serial_number_ambiguous: {
    status: 409,
    fr: 'Ce numéro de série correspond à plusieurs appareils. Identifiez votre logement avec votre code immeuble ista.',
    en: 'This serial number matches several devices. Identify your dwelling with your ista building code.',
  },
  signup_device_type_mismatch: {
    status: 422,
    fr: "Ce numéro de série n'est pas celui d'un appareil du type choisi. Choisissez le bon type d'appareil, ou « Je ne sais pas ».",
    en: 'This serial number is not that of a device of the chosen type. Choose the right device type, or « I don’t know ».',
  },
  signup_building_code_unknown: {
    status: 404,
    fr: "Ce code immeuble ista est inconnu. Vérifiez-le, ou demandez-le au service client avec le bouton « Contacter l'assistance ».",
    en: 'This ista building code is unknown. Check it, or ask customer service for it with the « Contact support » button.',
  },
  signup_dwelling_reference_unknown: {
    status: 404,
    fr: "Cette référence logement ne correspond à aucun logement de cet immeuble. Vérifiez-la, ou demandez-la au service client avec le bouton « Contacter l'assistance ».",
    en: 'This dwelling reference matches no dwelling of this building. Check it, or ask customer service for it with the « Contact support » button.',
  },
  signup_resident_portal_not_booked: {
    status: 403,
    fr: "Votre syndic ou bailleur n'a pas souscrit l'option « Portail résident » auprès d'ista : la création d'un compte n'est pas possible pour ce logement.",
    en: 'Your property manager has not booked the « Resident portal » option with ista: an account cannot be created for this dwelling.',
  },
  signup_portal_under_construction: {
    status: 403,
    fr: "Portail en cours de construction. Les consommations de votre immeuble ne sont pas encore publiées : vous pourrez vous inscrire dès qu'elles le seront.",
    en: 'Portal under construction. Your building’s consumption data is not published yet: you will be able to sign up as soon as it is.',
  },
  signup_dwelling_already_registered: {
    status: 409,
    fr: "Ce logement a déjà un compte au portail résident. Si vous en êtes le nouvel occupant, contactez l'assistance.",
    en: 'This dwelling already has a resident portal account. If you are its new occupant, contact support.',
  },
  signup_not_started: {
    status: 409,
    fr: "Votre inscription n'a pas commencé ou a expiré. Recommencez en identifiant votre logement.",
    en: 'Your sign-up has not started or has expired. Start again by identifying your dwelling.',
  },
  signup_step_out_of_order: {
    status: 409,
    fr: "Cette étape de l'inscription n'est pas disponible maintenant. Reprenez à l'étape en cours.",
    en: 'This sign-up step is not available now. Resume at the current step.',
  },
  signup_move_in_date_in_future: {
    status: 422,
    fr: "La date d'entrée dans le logement ne peut pas être dans le futur : choisissez une date jusqu'à aujourd'hui au plus tard.",
    en: 'The move-in date cannot be in the future: choose a date up to today at the latest.',
  },
  signup_move_in_date_before_occupant_change: {
    status: 422,
    fr: "Cette date est antérieure au dernier changement d'occupant connu pour ce logement. Vérifiez votre date d'entrée, ou contactez l'assistance.",
    en: 'This date is earlier than the last known change of occupant of this dwelling. Check your move-in date, or contact support.',
  },
  signup_mobile_invalid: {
    status: 422,
    fr: 'Ce numéro de mobile n’est pas valide. Saisissez un numéro de mobile français (06…, 07…) ou international (+…).',
    en: 'This mobile number is not valid. Type a French (06…, 07…) or international (+…) mobile number.',
  },
  signup_code_incorrect: {
    status: 422,
    fr: 'Le code saisi est incorrect.',
    en: 'The code is incorrect.',
  },
  signup_code_expired: {
    status: 410,
    fr: "Ce code n'est plus valable. Cliquez sur « Renvoyer le code » pour en recevoir un nouveau.",
    en: 'This code is no longer valid. Click « Resend the code » to receive a new one.',
  },
  signup_code_too_many_tries: {
    status: 429,
    fr: "Trop de codes incorrects. Cliquez sur « Renvoyer le code » pour en recevoir un nouveau.",
    en: 'Too many incorrect codes. Click « Resend the code » to receive a new one.',
  },
  signup_code_resend_throttled: {
    status: 429,
    fr: 'Plusieurs codes viennent de vous être envoyés. Patientez un instant avant d’en demander un nouveau.',
    en: 'Several codes have just been sent to you. Wait a moment before asking for a new one.',
  },
  signup_email_correction_throttled: {
    status: 429,
    fr: "Vous avez corrigé votre adresse email plusieurs fois. Patientez avant d'en essayer une autre, ou contactez l'assistance.",
    en: 'You have corrected your email address several times. Wait before trying another one, or contact support.',
  },
  signup_mobile_required_for_sms: {
    status: 422,
    fr: "Vous avez choisi d'être prévenu par SMS : indiquez votre numéro de mobile, ou revenez à l'étape précédente pour ne plus choisir le SMS.",
    en: 'You chose to be notified by text message: give your mobile number, or go back to the previous step to no longer choose text messages.',
  },
  signup_email_unavailable: {
    status: 409,
    fr: "Cette adresse email est déjà utilisée par un compte. Connectez-vous, ou corrigez votre adresse email.",
    en: 'This email address is already used by an account. Log in, or correct your email address.',
  },
} as const satisfies ErrorDefinitions;

declare module '../../http/errors.ts' {
  interface ErrorCatalogue {
    signup: typeof signupErrors;
  }
}
