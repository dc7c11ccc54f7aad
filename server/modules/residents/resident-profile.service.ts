/** A resident's profile is this module's: a sign-up creates it here, in its own transaction. */
export { insertResidentProfile } from './resident-account.queries.ts';
