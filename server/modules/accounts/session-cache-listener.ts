import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import type { DatabaseHandle } from '../../db/database.ts';
import { parseSessionCacheNotice, type SessionCache } from './session-cache.ts';

const CHANNEL = 'session_cache';
const RECONNECT_MS = 1_000;

/**
 * Hears the database's `session_cache` notices and makes the cache forget what they name. On
 * PostgreSQL: one connection of its own, outside the pool, opened again after a loss; the cache
 * serves nothing from the loss until it listens again (and starts empty: notices may have been
 * missed). On PGlite: the instance's own notices.
 */
export async function listenForSessionChanges(database: DatabaseHandle, cache: SessionCache<unknown>, log: FastifyBaseLogger): Promise<() => Promise<void>> {
  if (database.pglite) {
    const unlisten = await database.pglite.listen(CHANNEL, (payload) => cache.forget(parseSessionCacheNotice(payload)));
    cache.setListening(true);
    return async () => {
      cache.setListening(false);
      await unlisten();
    };
  }
  const pool = database.pool!;
  let client: pg.Client | undefined;
  let isStopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connectLater = () => {
    if (!isStopped) retry = setTimeout(() => void connect(), RECONNECT_MS).unref();
  };
  const connect = async (): Promise<void> => {
    const listener = new pg.Client(pool.options);
    listener.on('notification', (message) => cache.forget(parseSessionCacheNotice(message.payload)));
    listener.on('error', (error) => log.warn({ err: error }, 'session cache: the notice connection failed'));
    listener.on('end', () => {
      if (client !== listener) return;
      client = undefined;
      cache.setListening(false);
      connectLater();
    });
    try {
      await listener.connect();
      await listener.query(`listen ${CHANNEL}`);
    } catch (error) {
      log.warn({ err: error }, 'session cache: cannot listen for notices; sessions are read from the database meanwhile');
      await listener.end().catch(() => undefined);
      connectLater();
      return;
    }
    if (isStopped) return void (await listener.end());
    client = listener;
    cache.setListening(true);
  };

  await connect();
  return async () => {
    isStopped = true;
    clearTimeout(retry);
    cache.setListening(false);
    await client?.end();
  };
}
