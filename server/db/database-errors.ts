/**
 * Whether PostgreSQL refused a statement for the data it carried: SQLSTATE class 22 (data
 * exception: a value out of range, bad JSON) or 23 (integrity constraint violation). Such a
 * failure belongs to some rows, not to the connection or the server.
 */
export function isDataFault(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

/** Whether PostgreSQL broke a deadlock by failing this transaction (SQLSTATE 40P01): written again alone, it goes through. */
export function isDeadlock(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '40P01';
}
