import type { ErrorDefinitions } from '../../http/errors.ts';

/** Accounts and sessions (issue 3). Every login failure gets the one message, whatever its cause. */
export const accountsErrors = {
  api_token_limit_reached: {
    status: 409,
    fr: "Vous avez déjà 10 jetons d'accès actifs. Révoquez-en un avant d'en créer un autre.",
    en: 'You already have 10 active access tokens. Revoke one before creating another.',
  },
  api_token_not_found: { status: 404, fr: "Ce jeton d'accès est introuvable ou déjà révoqué.", en: 'This access token cannot be found or is already revoked.' },
  invalid_credentials: {
    status: 401,
    fr: 'Adresse email ou mot de passe incorrect. Après plusieurs échecs, la connexion est suspendue quelques minutes.',
    en: 'Incorrect email address or password. After several failures, logging in is suspended for a few minutes.',
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
} as const satisfies ErrorDefinitions;

declare module '../../http/errors.ts' {
  interface ErrorCatalogue {
    accounts: typeof accountsErrors;
  }
}
