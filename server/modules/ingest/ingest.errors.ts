import type { ErrorDefinitions } from '../../http/errors.ts';

/** Meter data in (inventory and readings imports, machine ingest). */
export const ingestErrors = {
  import_refused: {
    status: 422,
    fr: "Le fichier est refusé en entier : rien n'a été importé. Corrigez les lignes signalées puis recommencez.",
    en: 'The whole file is refused: nothing was imported. Correct the lines listed, then try again.',
  },
  readings_month_archived: {
    status: 409,
    fr: "Des relevés tombent dans des mois archivés, dont les relevés ont été détachés : rien n'a été enregistré.",
    en: 'Some readings fall in archived months, whose readings were detached: nothing was stored.',
  },
  ingest_token_invalid: {
    status: 401,
    fr: 'Le jeton de la source de données est absent, invalide ou révoqué.',
    en: 'The data source token is missing, invalid or revoked.',
  },
} as const satisfies ErrorDefinitions;

declare module '../../http/errors.ts' {
  interface ErrorCatalogue {
    ingest: typeof ingestErrors;
  }
}
