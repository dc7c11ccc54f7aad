import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildManager, buildResident, buildStaff } from '../test/factories.ts';
import { signInAs, type SessionHeaders } from '../test/login-as.ts';
import { useTestApp } from '../test/test-app.ts';

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; enum?: unknown[]; items?: JsonSchema; anyOf?: JsonSchema[]; format?: string };
type Operation = { parameters?: Array<{ in: string; name: string }>; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } };

/** A body shaped like the route's schema, with `bad` in every string, so validation lets it through to the bytes check. */
function bodyFor(schema: JsonSchema | undefined, bad: string): unknown {
  if (!schema) return { text: bad };
  if (schema.anyOf) return bodyFor(schema.anyOf[0], bad);
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object' || schema.properties) return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, inner]) => [key, bodyFor(inner, bad)]));
  if (type === 'array') return [bodyFor(schema.items, bad)];
  if (type === 'number' || type === 'integer') return 1;
  if (type === 'boolean') return true;
  return bad;
}

/** Bad bytes in every route of the OpenAPI document, as every kind of caller: never a 5xx, and a clear 400 before anything is written. */
describe('bad bytes fuzz', () => {
  const harness = useTestApp();

  it('answers NUL bytes, lone surrogates and invalid UTF-8 with 400s, never a 5xx, and writes nothing', async () => {
    const { app, context } = harness();
    const callers: Array<{ name: string; headers: Partial<SessionHeaders> }> = [{ name: 'anonymous', headers: { origin: new URL(context.config.publicUrl).origin } }];
    const { user: resident } = await buildResident(context.db);
    const { user: manager } = await buildManager(context.db);
    const { user: admin } = await buildStaff(context.db, { staff_role: 'admin' });
    for (const [name, user] of [['resident', resident], ['manager', manager], ['admin', admin]] as const) callers.push({ name, headers: await signInAs(harness(), user) });

    const tables = ['audit_events', 'outbox_messages', 'assistance_requests', 'signup_attempts', 'login_throttles', 'readings', 'device_telegrams', 'ingest_quarantine', 'password_reset_codes', 'users'] as const;
    const countRows = async () => Object.fromEntries(await Promise.all(tables.map(async (table) => [table, Number((await context.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)])));
    const before = await countRows();

    const document = app.swagger() as { paths: Record<string, Record<string, Operation>> };
    const outcomes: Array<{ request: string; status: number; code?: string }> = [];
    const send = async (label: string, options: InjectOptions) => {
      const response = await app.inject(options);
      const code = response.headers['content-type']?.toString().includes('json') ? (response.json() as { error?: { code?: string } }).error?.code : undefined;
      outcomes.push({ request: label, status: response.statusCode, ...(code ? { code } : {}) });
      return { status: response.statusCode, code };
    };

    const badStrings = { nul: 'a\u0000b', loneSurrogate: 'a\ud800b' };
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
        const upper = method.toUpperCase() as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
        for (const caller of callers) {
          const headers = caller.headers as Record<string, string>;
          for (const query of ['%00', '%FF', '%ED%A0%80', 'x%C3']) {
            const answer = await send(`${caller.name} ${upper} ${path}?${query}`, { method: upper, url: `${url}?search=${query}&q=${query}`, headers });
            expect(answer, `${caller.name} ${upper} ${path}?${query}`).toEqual({ status: 400, code: 'invalid_characters' });
          }
          const badHeader = await send(`${caller.name} ${upper} ${path} user-agent`, { method: upper, url, headers: { ...headers, 'user-agent': 'fuzz\u00ff\u00fe' } });
          expect(badHeader.status).toBe(400);
          if (upper === 'GET' || upper === 'DELETE') continue;
          const schema = operation.requestBody?.content?.['application/json']?.schema;
          for (const [kind, bad] of Object.entries(badStrings)) {
            await send(`${caller.name} ${upper} ${path} json ${kind}`, { method: upper, url, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(bodyFor(schema, bad)) });
          }
          const invalidUtf8 = Buffer.concat([Buffer.from(JSON.stringify(bodyFor(schema, 'a')).replace('"a"', '"a'), 'utf8'), Buffer.from([0xff, 0xfe]), Buffer.from('"')]);
          await send(`${caller.name} ${upper} ${path} json invalid-utf8`, { method: upper, url, headers: { ...headers, 'content-type': 'application/json' }, payload: invalidUtf8 });
          await send(`${caller.name} ${upper} ${path} csv nul`, { method: upper, url, headers: { ...headers, 'content-type': 'text/csv' }, payload: 'a;b\nc\u0000;d\n' });
        }
      }
    }

    const serverErrors = outcomes.filter((outcome) => outcome.status >= 500);
    console.info(`bad-bytes fuzz: ${outcomes.length} requests over ${Object.keys(document.paths).length} paths, ${serverErrors.length} answered 5xx, ${outcomes.filter((outcome) => outcome.code === 'invalid_characters').length} answered invalid_characters`);
    expect(serverErrors).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.status < 400 && /json|csv/.test(outcome.request))).toEqual([]);
    expect(await countRows()).toEqual(before);
  }, 240_000);
});
