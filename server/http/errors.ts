/**
 * One error model. A refusal a user can meet is an AppError with a stable code; the code
 * decides the HTTP status and the message shown, in French first and in English.
 * Each module declares its codes in its own `*.errors.ts` and adds them to `ErrorCatalogue`
 * (declaration merging, below); the composition root registers their definitions from the
 * module manifests. No module defines its own error classes.
 */
export interface ErrorDefinition {
  status: number;
  fr: string;
  en: string;
}

export type ErrorDefinitions = Record<string, ErrorDefinition>;

/** Codes every module may use, and the refusals of the guard layer. */
export const platformErrors = {
  validation_failed: { status: 400, fr: 'Certaines informations sont invalides.', en: 'Some information is invalid.' },
  malformed_request: { status: 400, fr: 'La requête est illisible.', en: 'The request could not be read.' },
  invalid_characters: {
    status: 400,
    fr: 'La requête contient des caractères invalides (caractère nul ou texte mal encodé). Corrigez la saisie, puis réessayez.',
    en: 'The request contains invalid characters (a null character or badly encoded text). Correct what you typed, then try again.',
  },
  unauthenticated: { status: 401, fr: 'Veuillez vous connecter.', en: 'Please log in.' },
  session_expired: {
    status: 401,
    fr: 'Votre session a expiré. Veuillez vous reconnecter.',
    en: 'Your session has expired. Please log in again.',
  },
  second_factor_required: {
    status: 401,
    fr: "Saisissez le code de votre application d'authentification pour continuer.",
    en: 'Enter the code from your authenticator app to continue.',
  },
  csrf_refused: {
    status: 403,
    fr: "Cette demande ne provient pas du portail. Rechargez la page, puis réessayez.",
    en: 'This request does not come from the portal. Reload the page, then try again.',
  },
  api_token_invalid: {
    status: 401,
    fr: "Ce jeton d'accès est inconnu, expiré ou révoqué. Créez-en un nouveau dans « Mes données ».",
    en: 'This access token is unknown, expired or revoked. Create a new one in “My data”.',
  },
  api_token_not_allowed: {
    status: 403,
    fr: "Un jeton d'accès ne permet que de lire vos consommations et alertes. Connectez-vous au portail pour le reste.",
    en: 'An access token only reads your consumption and alerts. Log in to the portal for anything else.',
  },
  api_token_rate_limited: {
    status: 429,
    fr: "Trop de demandes avec ce jeton d'accès. Réessayez dans un moment ; une lecture toutes les 15 minutes suffit.",
    en: 'Too many requests with this access token. Try again in a moment; one read every 15 minutes is enough.',
  },
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

/**
 * The typed codes, per owner. A module adds its own from its `*.errors.ts`:
 *
 *     declare module '../../http/errors.ts' {
 *       interface ErrorCatalogue { accounts: typeof accountsErrors }
 *     }
 *
 * so `new AppError('invalid_credentials')` is checked against every module's codes while the
 * platform imports none of them.
 *
 * @public (extended by declaration merging, which unused-export checks cannot see)
 */
export interface ErrorCatalogue {
  platform: typeof platformErrors;
}

export type ErrorCode = { [Owner in keyof ErrorCatalogue]: keyof ErrorCatalogue[Owner] & string }[keyof ErrorCatalogue];

/**
 * The definitions behind the codes, at run time. The platform's own are always here; the
 * composition root (server/modules.ts) registers each module's when it is imported. A
 * process-wide table rather than one handed to the error handler, because an AppError is
 * thrown from services that unit tests run without an app, and the handler may be registered
 * on its own (guards.db.test.ts): only the status and the message need the table, and they are
 * read when answering, once every module is registered.
 */
const registered = new Map<string, { owner: string; definition: ErrorDefinition }>(
  Object.entries(platformErrors).map(([code, definition]) => [code, { owner: 'platform', definition }]),
);

/** Adds an owner's definitions; a code another owner already declared is refused. */
export function registerErrorDefinitions(owner: string, definitions: ErrorDefinitions): void {
  for (const [code, definition] of Object.entries(definitions)) {
    const known = registered.get(code);
    if (known && known.owner !== owner) throw new Error(`Error code '${code}' is declared by both ${known.owner} and ${owner}.`);
    registered.set(code, { owner, definition });
  }
}

/** Undefined for a code whose module was not registered (the handler then answers 500). */
export function errorDefinition(code: ErrorCode): ErrorDefinition | undefined {
  return registered.get(code)?.definition;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Safe to show the client: field names, line numbers, retry delays. Never secrets. */
    readonly details?: Record<string, unknown>,
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export type Locale = 'fr' | 'en';
