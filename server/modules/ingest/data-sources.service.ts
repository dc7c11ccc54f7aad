import { createHmac, randomBytes } from 'node:crypto';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/errors.ts';
import { secretKeyId } from '../../kernel/keyed-hash.ts';
import {
  findActiveDataSourceByTokenHash,
  findDataSourceById,
  findDataSourceByName,
  insertDataSource,
  listDataSources,
  rekeyDataSourceToken,
  revokeDataSource,
} from './ingest.queries.ts';

/**
 * A data source (a wmbusmeters gateway, an MQTT bridge) authenticates with its own token.
 * Only a keyed hash of the token is stored: a copy of the database does not let anyone post.
 */
type Context = Pick<AppContext, 'db' | 'config' | 'clock'>;

const TOKEN_PREFIX = 'ds_';

function hashToken(secret: string, token: string): Buffer {
  return createHmac('sha256', secret).update(`data-source-token:${token}`).digest();
}

/** The token's hash under the signing secret, as stored, with the fingerprint of that secret. */
function signedToken(context: Context, token: string): { hash: Buffer; keyId: string } {
  const secret = context.config.sessionSecret;
  return { hash: hashToken(secret, token), keyId: secretKeyId(secret) };
}

/** Creates a source and returns its token, shown once. */
export async function createDataSource(context: Context, name: string): Promise<{ id: string; name: string; token: string }> {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 100) throw new AppError('validation_failed', { fields: [{ field: 'name', problem: 'too_long_or_empty' }] });
  if (await findDataSourceByName(context.db, trimmed)) throw new AppError('conflict', { field: 'name' });
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = await insertDataSource(context.db, trimmed, signedToken(context, token));
  return { id, name: trimmed, token };
}

export async function revokeDataSourceByName(context: Context, name: string): Promise<boolean> {
  recentlyAuthenticated.clear();
  return revokeDataSource(context.db, name.trim(), context.clock.now());
}

/**
 * Sources recently found by their token, so that a gateway posting many bodies a second costs
 * one lookup every few seconds, not one per body. A revocation applies at once on the node that
 * made it, and within this delay on the others.
 */
const AUTHENTICATION_MEMORY_MS = 5_000;
const recentlyAuthenticated = new Map<string, { source: { id: string; name: string }; until: number }>();

/**
 * A token found under the retiring secret of a rotation (phase 2's SESSION_SECRET_PREVIOUS) is
 * re-keyed to the signing secret at that use, so the gateway keeps working once the old secret
 * is dropped, without being reconfigured. One found under phase 1's SESSION_SECRET_NEXT is left
 * as it is: the nodes still signing with the old secret must keep finding it.
 */
function isRetiring(context: Context, secret: string | undefined): boolean {
  return secret !== undefined && secret !== context.config.sessionSecret && secret === context.config.previousSessionSecret;
}

/** The data source an `Authorization: Bearer …` header names, or a refusal. */
export async function authenticateDataSource(context: Context, authorization: string | undefined): Promise<{ id: string; name: string }> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token || !token.startsWith(TOKEN_PREFIX) || token.length > 100) throw new AppError('ingest_token_invalid');
  const { acceptedSessionSecrets } = context.config;
  const tokenHashes = acceptedSessionSecrets.map((secret) => hashToken(secret, token));
  // Under the node's whole keyring: a node in another phase of a rotation does not share the answer.
  const key = tokenHashes.map((hash) => hash.toString('base64')).join(',');
  const now = Date.now();
  const remembered = recentlyAuthenticated.get(key);
  if (remembered && remembered.until > now) return remembered.source;
  const found = await findActiveDataSourceByTokenHash(context.db, tokenHashes);
  if (!found) throw new AppError('ingest_token_invalid');
  const source = { id: found.id, name: found.name };
  const foundUnder = acceptedSessionSecrets[tokenHashes.findIndex((hash) => hash.equals(found.token_hash))];
  if (isRetiring(context, foundUnder)) await rekeyDataSourceToken(context.db, { id: found.id, foundHash: found.token_hash }, signedToken(context, token));
  if (recentlyAuthenticated.size > 1000) recentlyAuthenticated.clear();
  recentlyAuthenticated.set(key, { source, until: now + AUTHENTICATION_MEMORY_MS });
  return source;
}

/** Every data source, the live ones first, with when its latest import batch started. */
export function listDataSourcesWithLastBatch(context: Pick<AppContext, 'db'>) {
  return listDataSources(context.db);
}

export function findDataSource(context: Pick<AppContext, 'db'>, id: string) {
  return findDataSourceById(context.db, id);
}
