import { accountsErrors } from '../modules/accounts/accounts.errors.ts';
import { signupErrors } from '../modules/signup/signup.errors.ts';
import { assistanceErrors } from '../modules/assistance/assistance.errors.ts';
import { managerErrors } from '../modules/managers/managers.errors.ts';
import { publicationErrors } from '../modules/publication/publication.errors.ts';
import { ingestErrors } from '../modules/ingest/ingest.errors.ts';
import { backofficeErrors } from '../modules/backoffice/backoffice.errors.ts';
import { residentErrors } from '../modules/residents/residents.errors.ts';

/**
 * One error model. A refusal a user can meet is an AppError with a stable code; the code
 * decides the HTTP status and the message shown, in French first and in English.
 * Each module declares its codes in its own `*.errors.ts`, composed here into one catalogue;
 * no module defines its own error classes.
 */
export type ErrorDefinitions = Record<string, { status: number; fr: string; en: string }>;

/** Codes every module may use. */
const commonErrors = {
  validation_failed: { status: 400, fr: 'Certaines informations sont invalides.', en: 'Some information is invalid.' },
  malformed_request: { status: 400, fr: 'La requête est illisible.', en: 'The request could not be read.' },
  invalid_characters: {
    status: 400,
    fr: 'La requête contient des caractères invalides (caractère nul ou texte mal encodé). Corrigez la saisie, puis réessayez.',
    en: 'The request contains invalid characters (a null character or badly encoded text). Correct what you typed, then try again.',
  },
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
} as const satisfies ErrorDefinitions;

export const errorCatalogue = {
  ...commonErrors,
  ...accountsErrors,
  ...signupErrors,
  ...assistanceErrors,
  ...managerErrors,
  ...publicationErrors,
  ...ingestErrors,
  ...residentErrors,
  ...backofficeErrors,
} as const satisfies ErrorDefinitions;

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
