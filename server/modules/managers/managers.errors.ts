import type { ErrorDefinitions } from '../../http/errors.ts';

/** Manager space. */
export const managerErrors = {
  daily_data_not_shared: {
    status: 403,
    fr: "Le résident de ce logement n'a pas autorisé son gestionnaire à voir ses consommations journalières.",
    en: 'The resident of this dwelling has not allowed their manager to see their daily consumption.',
  },
} as const satisfies ErrorDefinitions;

declare module '../../http/errors.ts' {
  interface ErrorCatalogue {
    managers: typeof managerErrors;
  }
}
