import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

/**
 * Bytes no field of the portal may hold: a NUL (PostgreSQL refuses it in text, which was a
 * 500), a lone UTF-16 surrogate (from a JSON `\ud800` escape), or U+FFFD, the mark text
 * decoding leaves where the bytes were not UTF-8.
 */
// eslint-disable-next-line no-control-regex -- the NUL character is exactly what this looks for
const BAD_CHARACTER = /\u0000|\uFFFD|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasBadCharacters(text: string): boolean {
  return BAD_CHARACTER.test(text);
}

/** True when any string (or key) inside a parsed JSON value holds a bad character. */
export function containsBadCharacters(value: unknown): boolean {
  if (typeof value === 'string') return hasBadCharacters(value);
  if (Array.isArray(value)) return value.some(containsBadCharacters);
  if (value && typeof value === 'object') return Object.entries(value).some(([key, inner]) => hasBadCharacters(key) || containsBadCharacters(inner));
  return false;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as UTF-8 text, or null when they are not valid UTF-8. */
function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/** The URL's bytes once its %XX escapes are undone (what the query parser will read), in one pass. */
function urlBytes(url: string): Buffer {
  const unescaped = url.replace(/%([0-9a-fA-F]{2})/g, (_escape, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(unescaped, 'latin1');
}

/** The request headers the portal reads (sessions, CSRF, locale, client info, ingest token, body type). */
const READ_HEADERS = ['cookie', 'origin', 'referer', 'user-agent', 'accept-language', 'authorization', 'content-type', 'x-forwarded-for', 'if-none-match'];

function hasBadUrlOrHeader(request: FastifyRequest): boolean {
  const url = decodeUtf8(urlBytes(request.raw.url ?? ''));
  if (url === null || hasBadCharacters(url)) return true;
  return READ_HEADERS.some((name) => {
    const value = request.headers[name];
    const text = Array.isArray(value) ? value.join(',') : value;
    if (text === undefined) return false;
    const decoded = decodeUtf8(Buffer.from(text, 'latin1'));
    return decoded === null || hasBadCharacters(decoded);
  });
}

/**
 * Bad bytes are a 400 that names them, before anything is read or written: in the URL (path
 * and query), in the headers the portal reads, and in JSON bodies. Text bodies (CSV, JSON
 * lines) are checked by their routes, which know whether a bad line refuses the whole body
 * (CSV imports) or only itself (wmbusmeters).
 */
export function registerBadBytesGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (hasBadUrlOrHeader(request)) throw new AppError('invalid_characters');
  });
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const text = decodeUtf8(body as Buffer);
    if (text === null) return done(new AppError('invalid_characters'), undefined);
    parseJson(request, text, (error, parsed) => {
      if (error) return done(error, undefined);
      if (containsBadCharacters(parsed)) return done(new AppError('invalid_characters'), undefined);
      return done(null, parsed);
    });
  });
}

/**
 * Content-type parser for whole-body text (CSV files): refused whole when any of it is not
 * clean UTF-8 text (invalid bytes decode to U+FFFD). Not for wmbusmeters JSON lines, where
 * only the bad line is refused.
 */
export function parseCleanText(_request: FastifyRequest, body: string | Buffer, done: (error: Error | null, body?: unknown) => void): void {
  const text = typeof body === 'string' ? body : decodeUtf8(body);
  if (text === null || hasBadCharacters(text)) return done(new AppError('invalid_characters'));
  done(null, text);
}
