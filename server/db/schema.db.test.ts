import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/test-database.ts';

/**
 * server/db/schema.ts is written by hand beside the migrations; this holds it to the schema the
 * migrations actually build. Tables and columns come from the `Database` interface through the
 * TypeScript checker (so aliases, `Generated<…>` and `ColumnType<…>` resolve as tsc resolves them),
 * and from information_schema on a freshly migrated database.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const schemaFile = path.join(root, 'server/db/schema.ts');

/** Tables outside the application's schema: Kysely's own bookkeeping. pg-boss lives in its own schema. */
const notApplicationTables = new Set(['kysely_migration', 'kysely_migration_lock']);

type Columns = Map<string, { nullable: boolean }>;

function declaredTables(): Map<string, Columns> {
  const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), (file) => ts.sys.readFile(file));
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const program = ts.createProgram([schemaFile], { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(schemaFile);
  if (!source) throw new Error(`cannot read ${schemaFile}`);
  const database = source.statements.find((statement): statement is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(statement) && statement.name.text === 'Database');
  if (!database) throw new Error('server/db/schema.ts declares no `interface Database`');

  /** What a select returns for the column, as Kysely's Selectable does: the first argument of ColumnType, distributed over a union. */
  function selectIsNullable(type: ts.Type): boolean {
    if (type.isUnion()) return type.types.some(selectIsNullable);
    if (type.flags & ts.TypeFlags.Null) return true;
    const select = type.getProperty('__select__');
    return select ? selectIsNullable(checker.getTypeOfSymbol(select)) : false;
  }

  const tables = new Map<string, Columns>();
  for (const table of checker.getPropertiesOfType(checker.getTypeAtLocation(database))) {
    const columns: Columns = new Map();
    for (const column of checker.getPropertiesOfType(checker.getTypeOfSymbol(table))) {
      columns.set(column.name, { nullable: selectIsNullable(checker.getTypeOfSymbol(column)) });
    }
    tables.set(table.name, columns);
  }
  return tables;
}

async function migratedTables(database: TestDatabase): Promise<Map<string, Columns>> {
  const { rows } = await sql<{ table_name: string; column_name: string; is_nullable: 'YES' | 'NO' }>`
    select table_name, column_name, is_nullable
    from information_schema.columns
    where table_schema = 'public'
    order by table_name, ordinal_position
  `.execute(database.db);
  const tables = new Map<string, Columns>();
  for (const row of rows) {
    if (notApplicationTables.has(row.table_name)) continue;
    const columns = tables.get(row.table_name) ?? new Map();
    columns.set(row.column_name, { nullable: row.is_nullable === 'YES' });
    tables.set(row.table_name, columns);
  }
  return tables;
}

/** Every difference, one line each, so a failure names all of them at once. */
function differences(declared: Map<string, Columns>, migrated: Map<string, Columns>): string[] {
  const problems: string[] = [];
  for (const table of new Set([...declared.keys(), ...migrated.keys()])) {
    const inSchema = declared.get(table);
    const inDatabase = migrated.get(table);
    if (!inSchema) problems.push(`table ${table}: migrated, missing from schema.ts's Database`);
    else if (!inDatabase) problems.push(`table ${table}: in schema.ts's Database, created by no migration`);
    if (!inSchema || !inDatabase) continue;
    for (const column of new Set([...inSchema.keys(), ...inDatabase.keys()])) {
      const declaredColumn = inSchema.get(column);
      const migratedColumn = inDatabase.get(column);
      if (!declaredColumn) problems.push(`column ${table}.${column}: migrated, missing from schema.ts`);
      else if (!migratedColumn) problems.push(`column ${table}.${column}: in schema.ts, created by no migration`);
      else if (declaredColumn.nullable !== migratedColumn.nullable) {
        problems.push(
          migratedColumn.nullable
            ? `column ${table}.${column}: nullable in the database, not \`| null\` in schema.ts`
            : `column ${table}.${column}: not null in the database, \`| null\` in schema.ts`,
        );
      }
    }
  }
  return problems;
}

describe('server/db/schema.ts', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ maxConnections: 1 });
  });
  afterAll(async () => {
    await database.close();
  });

  it('declares the tables, columns and nullability the migrations build', async () => {
    const declared = declaredTables();
    const migrated = await migratedTables(database);
    // Guards the readers: an empty side would make the comparison vacuous.
    expect(declared.get('users')?.has('email')).toBe(true);
    expect(migrated.get('users')?.has('email')).toBe(true);
    expect(differences(declared, migrated)).toEqual([]);
  });
});
