/**
 * One error model. A refusal a user can meet is an AppError with a stable code; the code
 * decides the HTTP status and the message shown, in French first and in English.
 * Modules add their codes to this table, never their own error classes.
 */
export const errorCatalogue = {
  validation_failed: { status: 400, fr: 'Certaines informations sont invalides.', en: 'Some information is invalid.' },
  malformed_request: { status: 400, fr: 'La requête est illisible.', en: 'The request could not be read.' },
  unauthenticated: { status: 401, fr: 'Veuillez vous connecter.', en: 'Please log in.' },
  forbidden: { status: 403, fr: "Vous n'avez pas accès à cette page.", en: 'You do not have access to this page.' },
  not_found: { status: 404, fr: 'Page introuvable.', en: 'Page not found.' },
  conflict: { status: 409, fr: 'Cette opération entre en conflit avec une autre.', en: 'This operation conflicts with another.' },
  payload_too_large: { status: 413, fr: 'Le fichier est trop volumineux.', en: 'The file is too large.' },
  unsupported_media_type: { status: 415, fr: "Ce format n'est pas accepté.", en: 'This format is not accepted.' },
  rate_limited: {
    status: 429,
    fr: 'Trop de tentatives. Veuillez réessayer dans quelques instants.',
    en: 'Too many attempts. Please try again in a moment.',
  },
  internal_error: {
    status: 500,
    fr: 'Une erreur inattendue est survenue. Veuillez réessayer.',
    en: 'An unexpected error occurred. Please try again.',
  },
  service_unavailable: {
    status: 503,
    fr: 'Le service est momentanément indisponible.',
    en: 'The service is temporarily unavailable.',
  },
  // Accounts and sessions (issue 3). Every login failure gets the one message, whatever its cause.
  invalid_credentials: {
    status: 401,
    fr: 'Adresse email ou mot de passe incorrect. Après plusieurs échecs, la connexion est suspendue quelques minutes.',
    en: 'Incorrect email address or password. After several failures, logging in is suspended for a few minutes.',
  },
  session_expired: {
    status: 401,
    fr: 'Votre session a expiré. Veuillez vous reconnecter.',
    en: 'Your session has expired. Please log in again.',
  },
  csrf_refused: {
    status: 403,
    fr: "Cette demande ne provient pas du portail. Rechargez la page, puis réessayez.",
    en: 'This request does not come from the portal. Reload the page, then try again.',
  },
  second_factor_required: {
    status: 401,
    fr: "Saisissez le code de votre application d'authentification pour continuer.",
    en: 'Enter the code from your authenticator app to continue.',
  },
  second_factor_invalid: {
    status: 401,
    fr: "Ce code est incorrect ou a déjà servi. Saisissez le code affiché par votre application d'authentification.",
    en: 'This code is incorrect or already used. Enter the code shown by your authenticator app.',
  },
  second_factor_already_enrolled: {
    status: 409,
    fr: "La double authentification est déjà activée pour ce compte.",
    en: 'Two-factor authentication is already enabled for this account.',
  },
  reset_code_invalid: {
    status: 400,
    fr: 'Ce code est incorrect ou a expiré. Après 5 essais, ou 10 minutes après son envoi, demandez un nouveau code.',
    en: 'This code is incorrect or has expired. After 5 tries, or 10 minutes after it was sent, ask for a new code.',
  },
  password_rules_unmet: {
    status: 422,
    fr: 'Le mot de passe doit contenir au moins 10 caractères, des minuscules, des majuscules, et des chiffres ou caractères spéciaux (@$!%*&).',
    en: 'The password needs at least 10 characters, lower case, upper case, and digits or special characters (@$!%*&).',
  },
  password_too_common: {
    status: 422,
    fr: 'Ce mot de passe est trop courant et serait deviné facilement. Choisissez-en un autre.',
    en: 'This password is too common and would be easy to guess. Choose another one.',
  },
  password_contains_personal_info: {
    status: 422,
    fr: 'Le mot de passe ne doit pas reprendre votre adresse email, votre nom ou votre prénom.',
    en: 'The password must not reuse your email address, last name or first name.',
  },
  current_password_incorrect: {
    status: 403,
    fr: 'Le mot de passe actuel est incorrect.',
    en: 'The current password is incorrect.',
  },
  // Sign-up (issue 4): each refusal a resident can meet has its own code and message.
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
    fr: "La date d'entrée dans le logement ne peut pas être dans le futur.",
    en: 'The move-in date cannot be in the future.',
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
  signup_email_unavailable: {
    status: 409,
    fr: "Cette adresse email est déjà utilisée par un compte. Connectez-vous, ou corrigez votre adresse email.",
    en: 'This email address is already used by an account. Log in, or correct your email address.',
  },
  assistance_phone_invalid: {
    status: 422,
    fr: "Ce numéro de téléphone n'est pas valide. Saisissez un numéro français ou international (+…), ou laissez le champ vide.",
    en: 'This phone number is not valid. Type a French or international (+…) number, or leave the field empty.',
  },
  // Manager space.
  daily_data_not_shared: {
    status: 403,
    fr: "Le résident de ce logement n'a pas autorisé son gestionnaire à voir ses consommations journalières.",
    en: 'The resident of this dwelling has not allowed their manager to see their daily consumption.',
  },
  // Publication of a residence (the operator's button, the demo data).
  residence_not_found: { status: 404, fr: 'Cette résidence est introuvable.', en: 'This residence cannot be found.' },
  residence_already_published: {
    status: 409,
    fr: 'Les données de cette résidence sont déjà publiées.',
    en: "This residence's data is already published.",
  },
  residence_has_no_data: {
    status: 422,
    fr: "Cette résidence n'a encore aucun relevé : ses données ne peuvent pas être publiées.",
    en: 'This residence has no readings yet: its data cannot be published.',
  },
  // Meter data in (inventory and readings imports, machine ingest).
  import_refused: {
    status: 422,
    fr: "Le fichier est refusé en entier : rien n'a été importé. Corrigez les lignes signalées puis recommencez.",
    en: 'The whole file is refused: nothing was imported. Correct the lines listed, then try again.',
  },
  ingest_token_invalid: {
    status: 401,
    fr: 'Le jeton de la source de données est absent, invalide ou révoqué.',
    en: 'The data source token is missing, invalid or revoked.',
  },
} as const satisfies Record<string, { status: number; fr: string; en: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    /** Safe to show the client: field names, line numbers, retry delays. Never secrets. */
    readonly details?: Record<string, unknown>,
  ) {
    super(code);
    this.name = 'AppError';
    this.status = errorCatalogue[code].status;
  }
}

export type Locale = 'fr' | 'en';

export function errorMessage(code: ErrorCode, locale: Locale = 'fr'): string {
  return errorCatalogue[code][locale];
}
