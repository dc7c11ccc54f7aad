import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, isOnPostgres, type TestDatabase } from '../test/test-database.ts';
import { buildDwelling, buildResidence } from '../test/factories.ts';
import { preparedStatement } from './prepared-statements.ts';

const dwellingsOfResidence = preparedStatement('dwellings-of-residence', (db, residenceId: string, floor: string) =>
  db
    .selectFrom('dwellings')
    .select(['dwelling_code', 'floor'])
    .where('residence_id', '=', residenceId)
    .where('building', '=', 'A')
    .where('floor', '=', floor)
    .orderBy('dwelling_code'),
);

describe('prepared statements', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ maxConnections: 1 });
  });
  afterAll(async () => database.close());

  it('put each call’s arguments where the builder used them, next to the builder’s own values', async () => {
    const { db } = database;
    const residence = await buildResidence(db);
    const other = await buildResidence(db);
    await buildDwelling(db, { residence_id: residence.id, building: 'A', floor: '1', dwelling_code: '10000001' });
    await buildDwelling(db, { residence_id: residence.id, building: 'A', floor: '2', dwelling_code: '10000002' });
    await buildDwelling(db, { residence_id: residence.id, building: 'B', floor: '2', dwelling_code: '10000003' });
    await buildDwelling(db, { residence_id: other.id, building: 'A', floor: '2', dwelling_code: '10000004' });

    expect(await dwellingsOfResidence(db, residence.id, '2')).toEqual([{ dwelling_code: '10000002', floor: '2' }]);
    expect(await dwellingsOfResidence(db, residence.id, '1')).toEqual([{ dwelling_code: '10000001', floor: '1' }]);
    expect(await dwellingsOfResidence(db, other.id, '2')).toEqual([{ dwelling_code: '10000004', floor: '2' }]);
    expect(await db.transaction().execute((trx) => dwellingsOfResidence(trx, other.id, '1'))).toEqual([]);
  });

  it.runIf(isOnPostgres())('are prepared once on the connection, then only executed', async () => {
    const { db } = database;
    const residence = await buildResidence(db);
    for (let call = 0; call < 3; call += 1) await dwellingsOfResidence(db, residence.id, String(call));
    const { rows } = await sql<{ name: string; calls: number }>`
      select name, generic_plans + custom_plans as calls from pg_prepared_statements where name like 'dwellings-of-residence-%'
    `.execute(db);
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.calls)).toBeGreaterThanOrEqual(3);
  });
});
