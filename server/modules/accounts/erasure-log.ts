import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The erasure log: one JSON line per erased account, `{"userId":"…","erasedAt":"…"}`, appended
 * once the erasure has committed. It holds no personal data (an account id is a random UUID and
 * the account row itself no longer says who it was), and it lives in a file beside the data
 * (`ERASURE_LOG_PATH`), not in the database: restoring a backup taken before an erasure replaces
 * the database, never this file, and `npm run restore` replays every line (`server/cli/restore.ts`).
 */
export interface ErasureEntry {
  userId: string;
  erasedAt: string;
}

/** Appends one erasure. Synchronous, so the line is written before the caller answers. */
export function appendErasure(logPath: string, entry: { userId: string; erasedAt: Date }): void {
  mkdirSync(path.dirname(logPath), { recursive: true });
  appendFileSync(logPath, JSON.stringify({ userId: entry.userId, erasedAt: entry.erasedAt.toISOString() }) + '\n', { mode: 0o600 });
}

/** Every logged erasure, oldest first; none when the file does not exist. A torn last line (a crash mid-write) is skipped. */
export function readErasureLog(logPath: string): ErasureEntry[] {
  let text: string;
  try {
    text = readFileSync(logPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: ErasureEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = JSON.parse(line) as Partial<ErasureEntry>;
      if (typeof parsed.userId === 'string' && typeof parsed.erasedAt === 'string') entries.push({ userId: parsed.userId, erasedAt: parsed.erasedAt });
    } catch {
      // A torn line: the erasure it began to record did commit, but its id is unreadable.
    }
  }
  return entries;
}
