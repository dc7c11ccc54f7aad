import type { AppContext } from '../app-context.ts';
import { readErasureLog, type ErasureEntry } from '../modules/accounts/erasure-log.ts';
import { eraseResidentAccount } from '../modules/residents/data-rights.service.ts';

/**
 * Erases again, through the product's own erasure, every account of the erasure log that the
 * database still holds open (a restored backup taken before its erasure). An account already
 * erased, or absent, is left alone.
 */
export async function replayErasures(context: Pick<AppContext, 'config' | 'db' | 'clock'>): Promise<{ logged: number; replayed: ErasureEntry[] }> {
  const entries = readErasureLog(context.config.erasureLogPath);
  const replayed: ErasureEntry[] = [];
  for (const entry of entries) {
    if (await eraseResidentAccount(context, entry.userId, { actor: 'restore' })) replayed.push(entry);
  }
  return { logged: entries.length, replayed };
}
