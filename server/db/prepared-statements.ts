import { createHash } from 'node:crypto';
import type { Compilable, CompiledQuery, Kysely, PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.ts';

/**
 * Statements run on every request (the session lookup, the resident's scope) cost more to
 * build and plan than to execute. A prepared statement is built by Kysely once per database
 * handle, and prepared by PostgreSQL once per pooled connection, then only executed. Only
 * statements made here are prepared, so that texts that vary (lists of values) never pile up
 * in the server's memory.
 */
export function preparedStatement<Args extends unknown[], Row>(
  name: string,
  build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>,
): (db: Kysely<Database>, ...args: Args) => Promise<Row[]> {
  if (!/^[a-z-]+$/.test(name)) throw new Error(`Bad prepared statement name: ${name}`);
  const compiledFor = new WeakMap<Kysely<Database>, { query: CompiledQuery<Row>; argumentPositions: number[] }>();
  return async (db, ...args) => {
    let compiled = compiledFor.get(db);
    if (!compiled) {
      // Built once with markers in place of the arguments, to learn where each one goes.
      const markers = args.map((_, position) => `\u0000argument ${position}`);
      const query = build(db, ...(markers as Args)).compile();
      const argumentPositions = query.parameters.map((parameter) => markers.indexOf(parameter as string));
      compiled = { query: { ...query, sql: `${query.sql} /* prepared: ${name} */` }, argumentPositions };
      compiledFor.set(db, compiled);
    }
    const { query, argumentPositions } = compiled;
    const parameters = query.parameters.map((parameter, position) => (argumentPositions[position]! >= 0 ? args[argumentPositions[position]!] : parameter));
    const result = await db.executeQuery<Row>({ ...query, parameters });
    return result.rows;
  };
}

const MARK = /\/\* prepared: ([a-z-]+) \*\/$/;
const statementNames = new Map<string, string>();

/** The statement's name on the server, for a marked text: its mark and a digest of the text (one name, one text). */
function statementNameOf(text: string): string | null {
  if (!text.endsWith('*/')) return null;
  let name = statementNames.get(text);
  if (name === undefined) {
    const mark = MARK.exec(text)?.[1];
    if (!mark) return null;
    name = `${mark}-${createHash('sha256').update(text).digest('base64url').slice(0, 12)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** Kysely's view of a pg pool whose connections prepare the statements made by `preparedStatement`. */
export function preparingPool(pool: pg.Pool): PostgresPool {
  // One view per pg client, so that Kysely recognises a connection it has seen before.
  const views = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const viewOf = (client: pg.PoolClient): PostgresPoolClient => {
    const query = (textOrCursor: unknown, values?: readonly unknown[]) => {
      if (typeof textOrCursor !== 'string') return client.query(textOrCursor as pg.Submittable);
      const name = statementNameOf(textOrCursor);
      return name ? client.query({ name, text: textOrCursor, values: [...(values ?? [])] }) : client.query(textOrCursor, values as unknown[]);
    };
    return { query: query as unknown as PostgresPoolClient['query'], release: (destroy?: boolean) => client.release(destroy) };
  };
  return {
    async connect() {
      const client = await pool.connect();
      let view = views.get(client);
      if (!view) views.set(client, (view = viewOf(client)));
      return view;
    },
    end: () => pool.end(),
  };
}
