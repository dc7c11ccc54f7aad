import type { ErrorDefinitions } from '../../http/errors.ts';

/** Publication of a residence (the operator's button, the demo data). */
export const publicationErrors = {
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
} as const satisfies ErrorDefinitions;

declare module '../../http/errors.ts' {
  interface ErrorCatalogue {
    publication: typeof publicationErrors;
  }
}
