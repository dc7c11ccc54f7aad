import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PostgreSQL: the migrated template database each test file copies. */
    templateDatabaseUrl: string | null;
    /** PGlite: a dump of a migrated database each test file loads. */
    pgliteTemplatePath: string | null;
  }
}

/**
 * Migrates one template database per run; each test file then gets a fresh copy of it
 * (CREATE DATABASE … TEMPLATE on PostgreSQL, a loaded dump on PGlite).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const templateName = `portal_template_${process.pid}_${Date.now()}`;
    await runOnServer(serverUrl, `create database ${templateName}`);
    const templateUrl = withDatabaseName(serverUrl, templateName);
    const database = await openDatabase({ kind: 'postgres', url: templateUrl });
    await migrateToLatest(database.db);
    await database.close();
    project.provide('templateDatabaseUrl', templateUrl);
    project.provide('pgliteTemplatePath', null);
    return async () => {
      await runOnServer(serverUrl, `drop database if exists ${templateName} with (force)`);
    };
  }

  const folder = await mkdtemp(path.join(os.tmpdir(), 'portal-test-'));
  const database = await openDatabase({ kind: 'pglite-memory' });
  await migrateToLatest(database.db);
  const dump = await database.pglite!.dumpDataDir('none');
  await database.close();
  const dumpPath = path.join(folder, 'template.tar');
  await writeFile(dumpPath, Buffer.from(await dump.arrayBuffer()));
  project.provide('templateDatabaseUrl', null);
  project.provide('pgliteTemplatePath', dumpPath);
  return async () => {
    await rm(folder, { recursive: true, force: true });
  };
}

export async function runOnServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export function withDatabaseName(url: string, databaseName: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${databaseName}`;
  return parsed.toString();
}
