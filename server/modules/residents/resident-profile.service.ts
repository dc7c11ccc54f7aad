/** A resident's profile is this module's: a sign-up creates it here, inside the sign-up's transaction. */
export { insertResidentProfile } from './resident-account.queries.ts';
