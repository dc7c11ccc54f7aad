/** The rules of step 6's email code (issue 4). */
export const SIGNUP_CODE_VALIDITY_MINUTES = 10;
export const SIGNUP_CODE_MAX_FAILED_TRIES = 5;
/** At most this many codes sent for one attempt to one address within the window: the next send gets 429. */
export const SIGNUP_CODE_SEND_LIMIT = { count: 3, windowMs: 60_000 } as const;
/** At most this many codes sent to one address within the window, whatever the attempt: no mail-bombing. */
export const SIGNUP_ADDRESS_SEND_LIMIT = { count: 10, windowMs: 60 * 60_000 } as const;
/**
 * « Corriger mon adresse email » (or step 5 sent again with another address) mails any address:
 * an attempt may mail at most this many other addresses within the window, apart from its resends.
 */
export const SIGNUP_EMAIL_CORRECTION_LIMIT = { count: 5, windowMs: 60 * 60_000 } as const;
