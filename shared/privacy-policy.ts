/**
 * The privacy policy's identity, shared by the server (which stores it beside every consent)
 * and the web app (which shows it on the policy page). Change the version whenever the
 * policy's text changes, so that each stored consent says which text the person accepted.
 */
export const PRIVACY_POLICY_VERSION = '2026-11';

/** Where the policy is published; sign-up forms and emails link to it. */
export const PRIVACY_POLICY_PATH = '/politique-de-confidentialite';
