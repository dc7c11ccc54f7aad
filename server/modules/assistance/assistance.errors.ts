import type { ErrorDefinitions } from '../../http/errors.ts';

export const assistanceErrors = {
  assistance_phone_invalid: {
    status: 422,
    fr: "Ce numéro de téléphone n'est pas valide. Saisissez un numéro français ou international (+…), ou laissez le champ vide.",
    en: 'This phone number is not valid. Type a French or international (+…) number, or leave the field empty.',
  },
} as const satisfies ErrorDefinitions;

declare module '../../http/errors.ts' {
  interface ErrorCatalogue {
    assistance: typeof assistanceErrors;
  }
}
