/**
 * The sessions this process resolved, kept for a short while, so that a signed-in request makes
 * no database round trip before its own work. The database says what to forget: triggers on
 * every table the session lookup reads send `NOTIFY session_cache` with the user, dwelling or
 * residence a change concerns (migration 2026-11-29T0100), and every node drops the sessions it
 * names (session-cache-listener.ts). Nothing is kept or served while that listener is not
 * connected, and a lookup that overlapped a notice is not kept. Expiry and the move-out day
 * are still judged on every request, from the kept row and the clock.
 */
export type SessionCacheNotice = { kind: 'user' | 'dwelling' | 'residence'; id: string } | { kind: 'all' };

/** What a notice names, as the triggers write it: `user:<id>`, `dwelling:<id>`, `residence:<id>` or `all`. */
export function parseSessionCacheNotice(payload: string | undefined): SessionCacheNotice {
  const [kind, id] = (payload ?? '').split(':');
  return (kind === 'user' || kind === 'dwelling' || kind === 'residence') && id ? { kind, id } : { kind: 'all' };
}

interface Entry<Row> {
  row: Row;
  storedAt: number;
  names: string[];
}

export class SessionCache<Row> {
  private readonly entries = new Map<string, Entry<Row>>();
  /** `user:<id>` (and dwelling, residence) → the kept sessions it names. */
  private readonly named = new Map<string, Set<string>>();
  private forgetCount = 0;
  private isListening = false;

  constructor(
    private readonly keepMs: number,
    private readonly maximumEntries = 100_000,
  ) {}

  /** The kept row of a session, while fresh and while notices are heard. */
  get(idHash: Buffer, now: number): Row | undefined {
    if (!this.isListening) return undefined;
    const key = idHash.toString('base64');
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now - entry.storedAt < this.keepMs) return entry.row;
    this.drop(key);
    return undefined;
  }

  /** Taken before reading a session from the database; `keep` then stores it only if nothing was forgotten meanwhile. */
  mark(): number {
    return this.forgetCount;
  }

  /** Keeps a row read after `mark`, under the user, dwelling and residence it belongs to. */
  keep(idHash: Buffer, row: Row, names: { userId: string; dwellingIds: Array<string | null>; residenceIds: Array<string | null> }, mark: number, now: number): void {
    if (!this.isListening || mark !== this.forgetCount) return;
    const key = idHash.toString('base64');
    this.drop(key);
    if (this.entries.size >= this.maximumEntries) this.drop(this.entries.keys().next().value!);
    const entryNames = [
      `user:${names.userId}`,
      ...names.dwellingIds.flatMap((id) => (id ? [`dwelling:${id}`] : [])),
      ...names.residenceIds.flatMap((id) => (id ? [`residence:${id}`] : [])),
    ];
    this.entries.set(key, { row, storedAt: now, names: entryNames });
    for (const name of entryNames) {
      let keys = this.named.get(name);
      if (!keys) this.named.set(name, (keys = new Set()));
      keys.add(key);
    }
  }

  /** Drops what a notice names. */
  forget(notice: SessionCacheNotice): void {
    this.forgetCount += 1;
    if (notice.kind === 'all') {
      this.entries.clear();
      this.named.clear();
      return;
    }
    for (const key of [...(this.named.get(`${notice.kind}:${notice.id}`) ?? [])]) this.drop(key);
  }

  /** Drops one session (this node ended it, or found it expired). */
  forgetSession(idHash: Buffer): void {
    this.forgetCount += 1;
    this.drop(idHash.toString('base64'));
  }

  /** Whether notices are heard: when they are not (listener down), nothing is kept or served. */
  setListening(isListening: boolean): void {
    this.isListening = isListening;
    this.forget({ kind: 'all' });
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const name of entry.names) {
      const keys = this.named.get(name);
      keys?.delete(key);
      if (keys?.size === 0) this.named.delete(name);
    }
  }
}
