/**
 * One dwelling's monthly history over 5 years, read as the resident portal reads it
 * (getMonthlyConsumption), with 100 thousand readings stored and with 10 million.
 *
 * The 10 million: the shared large bench database (bench/support/large-database.ts: 1,860
 * dwellings, one reading a day per device for 5 years, consumption made by the engine's
 * statements), copied from its cached template. The 100 thousand: a database of its own, made
 * here, the same days and devices for 18 dwellings, whose consumption the real engine computes
 * from the readings. Reads alternate between the two databases, so that both p95s (and their
 * ratio) are measured under the same load. Then the monthly totals and residence averages of
 * all 1,860 dwellings are rebuilt by the engine's statements, timed.
 */
import { sql, type Kysely } from 'kysely';
import { systemClock } from '../server/clock.ts';
import { openDatabase, type DatabaseHandle } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import type { Database, Fluid } from '../server/db/schema.ts';
import {
  getMonthlyConsumption,
  queueConsumptionRefresh,
  rebuildMonthlyConsumption,
  refreshQueuedConsumption,
} from '../server/modules/consumption/consumption.service.ts';
import { runOnServer, withDatabaseName } from '../server/test/global-setup.ts';
import { benchDatabaseUrl, formatNumber, percentile, reportFigure } from './support/bench-output.ts';
import { LARGE_BENCH_FIRST_DAY, LARGE_BENCH_LAST_DAY, LARGE_BENCH_TIME_ZONE, openLargeBenchDatabase } from './support/large-database.ts';
import { ensureReadingPartitionsBetween } from '../server/modules/ingest/reading-partitions.service.ts';
import { startOfLocalDay } from '../server/kernel/local-time.ts';
import { createSyntheticPortfolio, type SyntheticPortfolio } from './support/synthetic-portfolio.ts';

const BENCH = 'monthly-history';
const KINDS = ['cold_water', 'hot_water', 'heat_cost_allocator'] as const;
const FLUIDS: Fluid[] = ['cold_water', 'hot_water', 'heating'];
const SMALL_READINGS = 100_000;
const SAMPLES = Number(process.env.BENCH_HISTORY_SAMPLES ?? 2000);
/** The 60 whole months the large database covers. */
const FROM_MONTH = '2021-12-01';
const TO_MONTH = '2026-11-01';
const DAYS = Math.round((Date.parse(LARGE_BENCH_LAST_DAY) - Date.parse(LARGE_BENCH_FIRST_DAY)) / 86_400_000) + 1;

const large = await openLargeBenchDatabase();
const smallName = `${new URL(benchDatabaseUrl()).pathname.slice(1)}_small`;
const smallUrl = withDatabaseName(benchDatabaseUrl(), smallName);
const serverUrl = withDatabaseName(benchDatabaseUrl(), 'postgres');
await runOnServer(serverUrl, `drop database if exists ${smallName} with (force)`);
await runOnServer(serverUrl, `create database ${smallName}`);
const smallDatabase = await openDatabase({ kind: 'postgres', url: smallUrl });
const largeDatabase = await openDatabase({ kind: 'postgres', url: large.url });
try {
  const { db } = smallDatabase;
  await migrateToLatest(db);
  const dwellings = Math.round(SMALL_READINGS / (DAYS * KINDS.length));
  const small = await createSyntheticPortfolio(db, { buildingCode: '83000001', dwellings, kinds: KINDS, installedOn: '2021-10-01' });
  const started = performance.now();
  await insertDailyReadings(db, small);
  await queueConsumptionRefresh(db, small.devices.map((device) => ({ deviceId: device.id, changedFrom: new Date(0) })), new Date());
  await refreshQueuedConsumption({ db, clock: systemClock });
  await sql`vacuum analyze`.execute(db);
  const smallReadings = await countReadings(db);
  console.log(`small database: ${formatNumber(smallReadings)} readings, consumption computed by the engine in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(`large database: ${formatNumber(large.readingCount)} readings, ${formatNumber(large.dwellingCount)} dwellings`);

  const largeDwellings = (await largeDatabase.db.selectFrom('dwellings').select('id').execute()).map((row) => row.id);
  const timings = await measureAlternately([
    { db, dwellingIds: small.dwellingIds },
    { db: largeDatabase.db, dwellingIds: largeDwellings },
  ]);
  const [smallP95, largeP95] = timings.map((values, position) => {
    const label = position === 0 ? `${formatNumber(smallReadings)} readings` : `${formatNumber(large.readingCount)} readings`;
    console.log(
      `monthly history (60 months) with ${label}: p50 ${percentile(values, 0.5).toFixed(2)} ms, p95 ${percentile(values, 0.95).toFixed(2)} ms, p99 ${percentile(values, 0.99).toFixed(2)} ms (${values.length} reads)`,
    );
    return percentile(values, 0.95);
  }) as [number, number];

  reportFigure({ bench: BENCH, name: 'p95 with 100k readings', value: smallP95, unit: 'ms', target: { comparison: '<=', value: 20 } });
  reportFigure({ bench: BENCH, name: `p95 with ${formatNumber(large.readingCount / 1e6)}M readings`, value: largeP95, unit: 'ms', target: { comparison: '<=', value: 20 } });
  reportFigure({ bench: BENCH, name: 'p95 ratio, large / small', value: largeP95 / smallP95, unit: '×', target: { comparison: '<=', value: 1.5 } });

  const rebuildSeconds = await timeFullRebuild(largeDatabase);
  reportFigure({ bench: BENCH, name: `monthly totals and residence averages rebuilt for ${formatNumber(large.dwellingCount)} dwellings`, value: rebuildSeconds, unit: 's' });
} finally {
  await smallDatabase.close();
  await largeDatabase.close();
  await runOnServer(serverUrl, `drop database if exists ${smallName} with (force)`);
}

/** Five years of monthly history of one fluid for random dwellings, each sample read from each database in turn. */
async function measureAlternately(targets: Array<{ db: Kysely<Database>; dwellingIds: string[] }>): Promise<number[][]> {
  const timings: number[][] = targets.map(() => []);
  for (let sample = -200; sample < SAMPLES; sample += 1) {
    const fluid = FLUIDS[((sample % 3) + 3) % 3]!;
    for (const [position, target] of targets.entries()) {
      const dwellingId = target.dwellingIds[Math.floor(Math.random() * target.dwellingIds.length)]!;
      const started = performance.now();
      const months = await getMonthlyConsumption(target.db, dwellingId, fluid, FROM_MONTH, TO_MONTH);
      if (sample >= 0) timings[position]!.push(performance.now() - started);
      if (months.length !== 60) throw new Error(`expected 60 months, got ${months.length}`);
    }
  }
  return timings;
}

/** The engine's bulk rebuild of every dwelling's monthly totals and every residence's average, on one connection. */
async function timeFullRebuild(database: DatabaseHandle): Promise<number> {
  const { db } = database;
  const dwellingIds = (await db.selectFrom('dwellings').select('id').execute()).map((row) => row.id);
  const residenceIds = (await db.selectFrom('residences').select('id').execute()).map((row) => row.id);
  const started = performance.now();
  await db.connection().execute(async (connection) => {
    // One hash group per dwelling, fluid and month in memory (see rebuildMonthlyDwellingConsumption).
    await sql`set work_mem = '256MB'`.execute(connection);
    await rebuildMonthlyConsumption(connection, { dwellingIds, residenceIds });
    await sql`reset work_mem`.execute(connection);
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(`monthly totals and averages of ${formatNumber(dwellingIds.length)} dwellings rebuilt by the engine in ${seconds.toFixed(1)} s`);
  return seconds;
}

/** One reading a day at local midnight, over the days the large database covers, each device at its own pace. */
async function insertDailyReadings(db: Kysely<Database>, portfolio: SyntheticPortfolio): Promise<void> {
  await ensureReadingPartitionsBetween(db, startOfLocalDay(LARGE_BENCH_FIRST_DAY, LARGE_BENCH_TIME_ZONE), startOfLocalDay(LARGE_BENCH_LAST_DAY, LARGE_BENCH_TIME_ZONE));
  await sql`
    insert into readings (residence_id, device_id, read_at, index_value, source)
    select devices.residence_id, devices.id, (${LARGE_BENCH_FIRST_DAY}::date + day)::timestamp at time zone 'Europe/Paris',
           round(day * (0.05 + (hashtext(devices.id::text) & 255) / 1000.0), 3), 'csv'
    from devices cross join generate_series(0, ${DAYS - 1}::int) as day
    where devices.residence_id = ${portfolio.residenceId}::uuid
  `.execute(db);
}

async function countReadings(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('readings').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
