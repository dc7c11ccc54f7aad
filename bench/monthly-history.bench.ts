/**
 * One dwelling's monthly history over 5 years, read as the resident portal reads it
 * (getMonthlyConsumption), with 100 thousand readings stored and then with 10 million.
 *
 * The first 100 thousand readings go through the real engine. The 9.9 million that follow are
 * made in bulk by the database (one reading a day at local midnight per device, so each day's
 * consumption is the day's index step) and their daily rows written the same way; the monthly
 * and average tables are then rebuilt by the engine's own statements.
 */
import { sql } from 'kysely';
import { systemClock } from '../server/clock.ts';
import { openDatabase } from '../server/db/database.ts';
import type { Fluid } from '../server/db/schema.ts';
import {
  rebuildMonthlyDwellingConsumption,
  rebuildResidenceAverages,
} from '../server/modules/consumption/consumption.queries.ts';
import { getMonthlyConsumption, queueConsumptionRefresh, refreshQueuedConsumption } from '../server/modules/consumption/consumption.service.ts';
import { benchDatabaseUrl, formatNumber, percentile, reportFigure } from './support/bench-output.ts';
import { createSyntheticPortfolio, type SyntheticPortfolio } from './support/synthetic-portfolio.ts';

const BENCH = 'monthly-history';
const DAYS = 1826;
const KINDS = ['cold_water', 'hot_water', 'heat_cost_allocator'] as const;
const FLUIDS: Fluid[] = ['cold_water', 'hot_water', 'heating'];
const SMALL_READINGS = 100_000;
const LARGE_READINGS = Number(process.env.BENCH_HISTORY_READINGS ?? 10_000_000);
const SAMPLES = 1000;

const database = await openDatabase({ kind: 'postgres', url: benchDatabaseUrl() });
const { db } = database;
try {
  const perDwelling = DAYS * KINDS.length;
  const small = await createSyntheticPortfolio(db, { buildingCode: '83000001', dwellings: Math.round(SMALL_READINGS / perDwelling), kinds: KINDS, installedOn: '2021-01-01' });
  let started = performance.now();
  await insertDailyReadings(small);
  await queueConsumptionRefresh(db, small.devices.map((device) => ({ deviceId: device.id, changedFrom: new Date(0) })), new Date());
  await refreshQueuedConsumption({ db, clock: systemClock });
  console.log(`${formatNumber(await countReadings())} readings stored, consumption computed by the engine in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  await sql`analyze`.execute(db);
  const smallP95 = await measure([small], 'with 100k readings');

  started = performance.now();
  const large = await createSyntheticPortfolio(db, {
    buildingCode: '83000002',
    dwellings: Math.round((LARGE_READINGS - SMALL_READINGS) / perDwelling),
    kinds: KINDS,
    installedOn: '2021-01-01',
  });
  await step('readings', () => insertDailyReadings(large));
  await step('daily consumption', () => insertDailyConsumption(large));
  await step('monthly totals', () => rebuildMonthlyDwellingConsumption(db, large.dwellingIds.map((id) => ({ id, fromMonth: '2021-01-01' }))));
  await step('residence averages', () => rebuildResidenceAverages(db, [{ id: large.residenceId, fromMonth: '2021-01-01' }]));
  await sql`analyze`.execute(db);
  console.log(`${formatNumber(await countReadings())} readings stored, with their consumption, in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const largeP95 = await measure([small, large], `with ${formatNumber(LARGE_READINGS / 1e6)}M readings`);

  reportFigure({ bench: BENCH, name: 'p95 with 100k readings', value: smallP95, unit: 'ms', target: { comparison: '<=', value: 20 } });
  reportFigure({ bench: BENCH, name: `p95 with ${formatNumber(LARGE_READINGS / 1e6)}M readings`, value: largeP95, unit: 'ms', target: { comparison: '<=', value: 20 } });
  reportFigure({ bench: BENCH, name: 'p95 ratio, large / small', value: largeP95 / smallP95, unit: '×', target: { comparison: '<=', value: 1.5 } });
} finally {
  await database.close();
}

async function step(label: string, work: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await work();
  console.log(`  bulk ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Five years of monthly history of one fluid for random dwellings; returns the p95 in ms. */
async function measure(portfolios: SyntheticPortfolio[], label: string): Promise<number> {
  const dwellings = portfolios.flatMap((portfolio) => portfolio.dwellingIds);
  const timings: number[] = [];
  for (let sample = -100; sample < SAMPLES; sample += 1) {
    const dwellingId = dwellings[Math.floor(Math.random() * dwellings.length)]!;
    const fluid = FLUIDS[((sample % 3) + 3) % 3]!;
    const started = performance.now();
    const months = await getMonthlyConsumption(db, dwellingId, fluid, '2021-01-01', '2025-12-01');
    if (sample >= 0) timings.push(performance.now() - started);
    if (months.length < 59) throw new Error(`expected 5 years of months, got ${months.length}`);
  }
  console.log(`monthly history ${label}: p50 ${percentile(timings, 0.5).toFixed(2)} ms, p95 ${percentile(timings, 0.95).toFixed(2)} ms, p99 ${percentile(timings, 0.99).toFixed(2)} ms (${SAMPLES} reads)`);
  return percentile(timings, 0.95);
}

/** One reading a day at local midnight, from 2021-01-01, each device at its own pace. */
async function insertDailyReadings(portfolio: SyntheticPortfolio): Promise<void> {
  await sql`
    insert into readings (residence_id, device_id, read_at, index_value, source)
    select devices.residence_id, devices.id, (date '2021-01-01' + day) at time zone 'Europe/Paris',
           round(day * (0.05 + (hashtext(devices.id::text) & 255) / 1000.0), 3), 'csv'
    from devices cross join generate_series(0, ${DAYS - 1}::int) as day
    where devices.residence_id = ${portfolio.residenceId}::uuid
  `.execute(db);
}

/** What the engine computes for such readings: each day's index step, on the day it covers. */
async function insertDailyConsumption(portfolio: SyntheticPortfolio): Promise<void> {
  await sql`
    insert into daily_consumption (residence_id, dwelling_id, device_id, fluid, unit, day, consumption, is_estimated)
    select devices.residence_id, devices.dwelling_id, devices.id,
           case devices.kind when 'heat_cost_allocator' then 'heating' else devices.kind end, devices.unit,
           date '2021-01-01' + day,
           round((day + 1) * (0.05 + (hashtext(devices.id::text) & 255) / 1000.0), 3) - round(day * (0.05 + (hashtext(devices.id::text) & 255) / 1000.0), 3),
           false
    from devices cross join generate_series(0, ${DAYS - 2}::int) as day
    where devices.residence_id = ${portfolio.residenceId}::uuid
  `.execute(db);
}

async function countReadings(): Promise<number> {
  const row = await db.selectFrom('readings').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
