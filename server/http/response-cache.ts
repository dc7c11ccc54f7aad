import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

const gzipAsync = promisify(gzip);

export interface CachedResponse {
  /** The serialized JSON body. */
  body: Buffer;
  /** The same, gzipped once for every client that accepts it (a dashboard shrinks about tenfold). */
  gzipped: Buffer;
  /** A strong validator for If-None-Match, derived from the key. */
  etag: string;
}

/**
 * Serialized JSON responses kept in this process, keyed by everything they are computed from,
 * so that a key that changes whenever the data does makes invalidation unnecessary, on every
 * node alike. Bounded by the bytes kept; the least recently used go first. Requests that miss
 * on the same key at once share one computation.
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private readonly computing = new Map<string, Promise<CachedResponse>>();
  private bytes = 0;

  constructor(private readonly maximumBytes: number) {}

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
      .then(async (text) => {
        const body = Buffer.from(text);
        const response = { body, gzipped: await gzipAsync(body), etag: `"${digest.slice(0, 27)}"` };
        this.keep(digest, response);
        return response;
      })
      .finally(() => this.computing.delete(digest));
    this.computing.set(digest, computation);
    return computation;
  }

  private keep(digest: string, response: CachedResponse): void {
    const bytes = sizeOf(response);
    if (bytes > this.maximumBytes) return;
    this.entries.set(digest, response);
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maximumBytes) break;
      this.entries.delete(oldest);
      this.bytes -= sizeOf(entry);
    }
  }
}

function sizeOf(response: CachedResponse): number {
  return response.body.length + response.gzipped.length;
}

function acceptsGzip(request: FastifyRequest): boolean {
  return /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
}

/**
 * Answers from the cache: 304 when the client already holds this version (If-None-Match),
 * else the cached body, gzipped when the client accepts it. `Cache-Control: private, no-cache`
 * lets the browser keep it but ask each time, so a change of data is never missed.
 */
export async function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  cache: ResponseCache,
  key: string,
  compute: () => Promise<string>,
): Promise<FastifyReply> {
  const { body, gzipped, etag } = await cache.get(key, compute);
  reply.header('cache-control', 'private, no-cache').header('etag', etag).header('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  reply.type('application/json; charset=utf-8');
  return acceptsGzip(request) ? reply.header('content-encoding', 'gzip').send(gzipped) : reply.send(body);
}
