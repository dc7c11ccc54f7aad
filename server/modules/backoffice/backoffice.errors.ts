import type { ErrorDefinitions } from '../../http/errors.ts';

/** Operator back office (issue 9). */
export const backofficeErrors = {
  staff_user_not_found: { status: 404, fr: 'Ce membre de l’équipe est introuvable.', en: 'This staff member cannot be found.' },
  staff_last_admin: {
    status: 409,
    fr: 'Il doit rester au moins un administrateur actif.',
    en: 'At least one active administrator must remain.',
  },
  email_already_used: {
    status: 409,
    fr: 'Cette adresse email est déjà utilisée par un compte actif.',
    en: 'This email address is already used by an active account.',
  },
  client_not_found: { status: 404, fr: 'Ce client est introuvable.', en: 'This client cannot be found.' },
  contract_not_found: { status: 404, fr: 'Ce contrat est introuvable.', en: 'This contract cannot be found.' },
  contract_reference_taken: { status: 409, fr: 'Cette référence de contrat existe déjà.', en: 'This contract reference already exists.' },
  manager_not_found: { status: 404, fr: 'Ce gestionnaire est introuvable.', en: 'This manager cannot be found.' },
  residence_of_another_client: {
    status: 422,
    fr: 'Cette résidence appartient à un autre client.',
    en: 'This residence belongs to another client.',
  },
  dwelling_not_found: { status: 404, fr: 'Ce logement est introuvable.', en: 'This dwelling cannot be found.' },
  data_health_item_not_found: { status: 404, fr: 'Ce signalement est introuvable.', en: 'This data health item cannot be found.' },
  device_not_found: { status: 404, fr: 'Ce compteur est introuvable.', en: 'This device cannot be found.' },
  device_already_removed: { status: 409, fr: 'Ce compteur est déjà déposé.', en: 'This device has already been removed.' },
  replacement_refused: {
    status: 422,
    fr: 'Le remplacement ne peut pas être enregistré.',
    en: 'The replacement cannot be recorded.',
  },
  upload_preview_not_found: {
    status: 404,
    fr: 'Cet aperçu est introuvable ou a expiré : déposez le fichier à nouveau.',
    en: 'This preview cannot be found or has expired: upload the file again.',
  },
  upload_preview_mismatch: {
    status: 409,
    fr: 'Ce fichier n’est pas celui de l’aperçu : déposez-le à nouveau pour le prévisualiser.',
    en: 'This file is not the one previewed: upload it again to preview it.',
  },
  upload_preview_has_errors: {
    status: 422,
    fr: 'Ce fichier contient des erreurs : corrigez-les avant de l’importer.',
    en: 'This file has errors: correct them before importing it.',
  },
  assistance_request_not_found: {
    status: 404,
    fr: 'Cette demande d’assistance est introuvable.',
    en: 'This assistance request cannot be found.',
  },
  assistance_dwelling_unknown: {
    status: 422,
    fr: 'Aucun logement ne correspond aux informations de cette demande.',
    en: 'No dwelling matches the information in this request.',
  },
  resident_account_not_found: { status: 404, fr: 'Ce compte résident est introuvable.', en: 'This resident account cannot be found.' },
  no_signup_in_progress: {
    status: 404,
    fr: 'Aucune inscription en attente de code pour cette adresse.',
    en: 'No sign-up is waiting for a code for this address.',
  },
  data_source_not_found: { status: 404, fr: 'Cette source de données est introuvable.', en: 'This data source cannot be found.' },
  outbox_message_not_found: { status: 404, fr: 'Ce message est introuvable.', en: 'This message cannot be found.' },
  outbox_code_expired: {
    status: 409,
    fr: 'Ce message portait un code qui a expiré : il ne peut plus être renvoyé. La personne doit demander un nouveau code.',
    en: 'This message carried a code that has expired: it cannot be sent again. The person must ask for a new code.',
  },
  outbox_message_not_retryable: {
    status: 409,
    fr: 'Seul un message en échec ou en attente peut être renvoyé.',
    en: 'Only a failed or pending message can be sent again.',
  },
} as const satisfies ErrorDefinitions;

declare module '../../http/errors.ts' {
  interface ErrorCatalogue {
    backoffice: typeof backofficeErrors;
  }
}
