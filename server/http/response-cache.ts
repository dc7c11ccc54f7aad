import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface CachedResponse {
  /** The serialized JSON body. */
  body: string;
  /** A strong validator for If-None-Match, derived from the key. */
  etag: string;
}

/**
 * Serialized JSON responses kept in this process, keyed by everything they are computed from,
 * so that a key that changes whenever the data does makes invalidation unnecessary, on every
 * node alike. Bounded by the total length of the bodies; the least recently used go first. Requests
 * that miss on the same key at once share one computation.
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private readonly computing = new Map<string, Promise<CachedResponse>>();
  private size = 0;

  constructor(private readonly maximumSize: number) {}

  async get(key: string, compute: () => Promise<string>): Promise<CachedResponse> {
    const digest = createHash('sha256').update(key).digest('base64url');
    const found = this.entries.get(digest);
    if (found) {
      // A Map iterates in insertion order: re-inserting marks the entry as the most recent.
      this.entries.delete(digest);
      this.entries.set(digest, found);
      return found;
    }
    const pending = this.computing.get(digest);
    if (pending) return pending;
    const computation = compute()
      .then((body) => {
        const response = { body, etag: `"${digest.slice(0, 27)}"` };
        this.keep(digest, response);
        return response;
      })
      .finally(() => this.computing.delete(digest));
    this.computing.set(digest, computation);
    return computation;
  }

  private keep(digest: string, response: CachedResponse): void {
    if (response.body.length > this.maximumSize) return;
    this.entries.set(digest, response);
    this.size += response.body.length;
    for (const [oldest, entry] of this.entries) {
      if (this.size <= this.maximumSize) break;
      this.entries.delete(oldest);
      this.size -= entry.body.length;
    }
  }
}

/**
 * Answers from the cache: 304 when the client already holds this version (If-None-Match),
 * else the cached body. `Cache-Control: private, no-cache` lets the browser keep it but ask
 * each time, so a change of data is never missed.
 */
export async function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  cache: ResponseCache,
  key: string,
  compute: () => Promise<string>,
): Promise<FastifyReply> {
  const { body, etag } = await cache.get(key, compute);
  reply.header('cache-control', 'private, no-cache').header('etag', etag);
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(body);
}
