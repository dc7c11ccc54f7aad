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
