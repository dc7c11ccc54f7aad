import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The two test tiers, told apart by name: a test that opens a database is `*.db.test.ts`, every
 * other `*.test.ts` is pure (no database, no app on a database). A test opens a database when it
 * imports the harness, directly or through a helper of server/test/. The lint (eslint.config.js)
 * catches the direct imports; this test follows the helpers too, and catches the misnamed
 * `*.db.test.ts` that opens none.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCANNED = ['server', 'shared', 'web/src'];

/** Importing a value from one of these opens a database. */
const HARNESS = new Set([
  'server/test/test-database.ts',
  'server/test/test-app.ts',
  'server/test/factories.ts',
  'server/test/login-as.ts',
  'server/db/database.ts',
]);
const DATABASE_DRIVERS = new Set(['pg', '@electric-sql/pglite', 'kysely-pglite-dialect']);

const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const isDatabaseTest = (file: string) => /\.db\.test\.tsx?$/.test(file);
/** Helpers are followed from import to import; production code is not (the app imports the database module). */
const isHelper = (file: string) => file.startsWith('server/test/') && !isTest(file);

function sourceFiles(): string[] {
  return SCANNED.flatMap((folder) =>
    readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.tsx?$/.test(file) && !file.split(path.sep).includes('node_modules'))
      .map((file) => path.posix.join(folder, file.split(path.sep).join('/'))),
  );
}

const IMPORT = /^\s*(?:import|export)\s+(type\s+)?(?:([^'";]*?)\s+from\s+)?'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm;

/** The imports of a file that bring a value at run time: repository paths, or package names. */
function valueImports(file: string): string[] {
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  const imports: string[] = [];
  for (const match of source.matchAll(IMPORT)) {
    const [, typeOnly, clause, staticSpecifier, dynamicSpecifier] = match;
    if (typeOnly) continue;
    const names = clause?.match(/^\{([^}]*)\}$/)?.[1];
    if (names && names.split(',').every((name) => name.trim() === '' || name.trim().startsWith('type '))) continue;
    imports.push(resolve(file, (staticSpecifier ?? dynamicSpecifier)!));
  }
  return imports;
}

function resolve(from: string, specifier: string): string {
  if (specifier.startsWith('#shared/')) return path.posix.join('shared', specifier.slice('#shared/'.length));
  if (specifier.startsWith('.')) return path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  return specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
}

const chains = new Map<string, string[] | null>();

/** How `file` reaches the database (file, helper…, harness), or null when it does not. */
function databaseChain(file: string): string[] | null {
  if (chains.has(file)) return chains.get(file)!;
  chains.set(file, null);
  let chain: string[] | null = null;
  for (const imported of valueImports(file)) {
    if (HARNESS.has(imported) || DATABASE_DRIVERS.has(imported)) chain = [file, imported];
    else if (isHelper(imported) && existsSync(path.join(ROOT, imported))) {
      const further = databaseChain(imported);
      if (further) chain = [file, ...further];
    }
    if (chain) break;
  }
  chains.set(file, chain);
  return chain;
}

describe('test tiers', () => {
  const files = sourceFiles();
  const tests = files.filter(isTest);

  it('finds the tests of both tiers', () => {
    expect(tests.filter(isDatabaseTest).length).toBeGreaterThan(10);
    expect(tests.filter((file) => !isDatabaseTest(file)).length).toBeGreaterThan(10);
  });

  it('names every test that opens a database *.db.test.ts', () => {
    const unnamed = tests.filter((file) => !isDatabaseTest(file) && databaseChain(file)).map((file) => databaseChain(file)!.join(' > '));
    expect(unnamed, 'these tests open a database: rename them *.db.test.ts').toEqual([]);
  });

  it('opens a database in every *.db.test.ts', () => {
    const misnamed = tests.filter((file) => isDatabaseTest(file) && !databaseChain(file));
    expect(misnamed, 'these tests open no database: rename them *.test.ts').toEqual([]);
  });

  it('keeps test helpers out of production folders', () => {
    const helpersOutside = files.filter((file) => !isTest(file) && !file.startsWith('server/test/') && valueImports(file).includes('vitest'));
    expect(helpersOutside, 'test helpers live in server/test/').toEqual([]);
  });
});
