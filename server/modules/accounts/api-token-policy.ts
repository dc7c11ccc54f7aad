/**
 * The rate limit of one personal access token: a fixed window counted on the token's row. Home
 * Assistant reading three sensors every 15 minutes uses a few requests an hour; a loop stops here.
 */
export const API_TOKEN_RATE_LIMIT = { count: 30, windowMs: 60_000 };

/** How many days of daily use counts the token list shows. */
export const API_TOKEN_USE_DAYS = 7;
