import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DummyDriver, Kysely, Migrator, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from './index.ts';

/**
 * Drift between the migrations and what already ran somewhere. A database that ran a migration never
 * runs it again, so editing a landed one forks the schema between databases; and Kysely refuses to
 * migrate a database on which a migration sorting after a new one already ran. checksums.json lists
 * every landed migration, in the order it landed on main, with the sha256 of its content.
 */
const folder = path.dirname(fileURLToPath(import.meta.url));
const checksumsFile = 'server/db/migrations/checksums.json';
const checksums = JSON.parse(readFileSync(path.join(folder, 'checksums.json'), 'utf8')) as Record<string, string>;

/**
 * Landed on main with a name sorting before one that had landed already (git log --first-parent):
 * 1830-back-office (e22a800) came before 1810-alert-episodes (d8b49db), 1820-alert-notices (67463e2)
 * and 1810-alert-episodes-notices (937de79, after 1820 too). Recorded as they are: renaming them now
 * would make every database that ran them see a missing and a new migration. No new entry may join them.
 */
const landedOutOfOrder = new Set([
  '2026-11-28T1810-alert-episodes.ts',
  '2026-11-28T1820-alert-notices.ts',
  '2026-11-28T1810-alert-episodes-notices.ts',
]);

/** The same sort Kysely's Migrator applies to the provider's names (Array.prototype.sort, code units). */
function nameOrder(names: readonly string[]): string[] {
  return [...names].sort();
}

function sha256(file: string): string {
  // Line endings normalised so that a checkout converting them (core.autocrlf) is not an edit.
  const content = readFileSync(path.join(folder, file), 'utf8').replace(/\r\n/g, '\n');
  return createHash('sha256').update(content).digest('hex');
}

const migrationFiles = readdirSync(folder).filter((file) => file.endsWith('.ts') && file !== 'index.ts' && !file.endsWith('.test.ts'));

describe('migrations', () => {
  it('lists them in index.ts in name order, one entry per file', () => {
    const names = Object.keys(migrations);
    const sorted = nameOrder(names);
    const misplaced = names.filter((name, index) => sorted[index] !== name);
    expect(misplaced, 'out of name order in server/db/migrations/index.ts (Kysely runs them in name order): list them so').toEqual([]);
    expect(nameOrder(names.map((name) => `${name}.ts`)), 'index.ts and the files in server/db/migrations/ differ').toEqual(
      nameOrder(migrationFiles),
    );
  });

  it("are run by Kysely's Migrator in name order, as index.ts lists them", async () => {
    // No database: the dummy driver answers every query with no rows, which is all getMigrations
    // needs to report the provider's migrations in the order it will run them.
    const db = new Kysely<unknown>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (kysely) => new PostgresIntrospector(kysely),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    });
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    try {
      const order = (await migrator.getMigrations()).map((migration) => migration.name);
      expect(order).toEqual(Object.keys(migrations));
    } finally {
      await db.destroy();
    }
  });

  it('are never edited, renamed or deleted once landed', () => {
    const problems = Object.entries(checksums).flatMap(([file, checksum]) => {
      if (!migrationFiles.includes(file)) return [`${file} landed and is gone: a landed migration is never renamed or deleted`];
      if (sha256(file) !== checksum) {
        return [`${file} changed since it landed: restore it and write the change as a new migration`];
      }
      return [];
    });
    expect(problems).toEqual([]);
  });

  it('lists every migration file in checksums.json', () => {
    const missing = migrationFiles.filter((file) => !(file in checksums));
    const lines = missing.map((file) => `  "${file}": "${sha256(file)}"`);
    expect(
      missing,
      `append to ${checksumsFile}, once the migration is final (it is frozen from then on):\n${lines.join(',\n')}`,
    ).toEqual([]);
  });

  it('take a name sorting after every migration that landed before them', () => {
    const landed = Object.keys(checksums);
    const problems = landed.flatMap((file, index) => {
      const later = landed.slice(0, index).filter((earlier) => earlier >= file);
      if (later.length === 0 || landedOutOfOrder.has(file)) return [];
      return [`${file} sorts before ${later.join(', ')}, which landed first: give it a later timestamp`];
    });
    expect(problems).toEqual([]);
  });

  it('record only real exceptions to the order', () => {
    // An exception that no longer sorts before anything would let the next one through unseen.
    const landed = Object.keys(checksums);
    const needless = [...landedOutOfOrder].filter((file) => {
      const index = landed.indexOf(file);
      return index < 0 || !landed.slice(0, index).some((earlier) => earlier >= file);
    });
    expect(needless).toEqual([]);
  });
});
