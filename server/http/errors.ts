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
