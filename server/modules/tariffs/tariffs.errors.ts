import type { ErrorDefinitions } from '../../http/errors.ts';

/** Costs and CO₂ tariffs. */
export const tariffErrors = {
  tariff_residence_not_found: { status: 404, fr: 'Cette résidence est introuvable.', en: 'This residence cannot be found.' },
  tariff_already_set: {
    status: 409,
    fr: 'Une valeur commence déjà à cette date : choisissez une autre date de début.',
    en: 'A value already starts on that day: choose another start date.',
  },
} as const satisfies ErrorDefinitions;

declare module '../../http/errors.ts' {
  interface ErrorCatalogue {
    tariffs: typeof tariffErrors;
  }
}
