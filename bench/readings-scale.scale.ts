/**
 * Issue 21's scale bench (`npm run bench:scale`, never part of `npm run bench` nor of CI): the
 * same operations measured on the large bench database at its base size (1 block: 12
 * residences, 1,860 dwellings, 10.2 M readings over five years) and grown to BENCH_SCALE_BLOCKS
 * blocks (default 10: 18,600 dwellings, 102 M readings), in one run. Each operation is timed
 * warm (one untimed run first), as the median of several runs, and the two medians give a
 * ratio whose goal is ≤ 1.5 ×:
 *
 * - a resident's hourly day view: GET /api/resident/consumption/hourly through the app, the day
 *   given hourly readings here (at both scales the same way: 23 readings between the two daily
 *   ones of each device of the measured dwellings, on their line, so no consumption changes);
 * - their daily CSV export: GET /api/resident/export/consumption.csv?period=daily;
 * - one residence's consumption rebuild: `rebuildConsumption`, what `npm run consumption --
 *   rebuild --residence` runs;
 * - an ingest batch of 100 wmbusmeters messages for readings already stored, half with the
 *   stored index (duplicates), half with another (conflicts): `ingestWmbusMessages`;
 * - the nightly detection (`detectAlerts` over every device, as the job runs it) after one new
 *   day of readings for every device, whose consumption the engine computes first.
 *
 * The scaled database is cached as a template of its own (bench/support/large-database.ts), or,
 * with BENCH_SCALE_IN_PLACE=1, grown in the bench's own copy of the base and kept nowhere (for a
 * server without the disk for both); when it is built, each step's time is printed. The clock stands at the night after the new
 * day, so that both scales see the same "today".
 */
import os from 'node:os';
import { sql } from 'kysely';
import { buildApp } from '../server/app.ts';
import { FixedClock } from '../server/clock.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { addDays, startOfLocalDay } from '../server/kernel/local-time.ts';
import { detectAlerts } from '../server/modules/alerts/alert-detection.service.ts';
import { sessionCookieName } from '../server/modules/accounts/session-cookie.ts';
import { startSession } from '../server/modules/accounts/sessions.service.ts';
import { rebuildConsumption } from '../server/modules/consumption/consumption-rebuild.ts';
import { refreshConsumptionThenDetect } from '../server/modules/consumption/consumption-refresher.ts';
import { queueConsumptionRefresh } from '../server/modules/consumption/consumption.service.ts';
import { ingestWmbusMessages } from '../server/modules/ingest/wmbusmeters.service.ts';
import { createAppContext } from '../server/modules.ts';
import { formatNumber, reportFigure } from './support/bench-output.ts';
import { ensureReadingPartitions } from '../server/modules/ingest/reading-partitions.service.ts';
import { LARGE_BENCH_LAST_DAY, LARGE_BENCH_TIME_ZONE, openLargeBenchDatabase, type LargeBenchDatabase } from './support/large-database.ts';

const BENCH = 'readings-scale';
const BLOCKS = Number(process.env.BENCH_SCALE_BLOCKS ?? 10);
/** BENCH_SCALE_IN_PLACE=1: the scaled database is grown in the bench's own copy, no scaled template kept (half the disk, the growth paid on every run). */
const IN_PLACE = process.env.BENCH_SCALE_IN_PLACE === '1';
const REPETITIONS = Number(process.env.BENCH_SCALE_REPETITIONS ?? 31);
/** The rebuild and the detection take seconds each: fewer runs. */
const SLOW_REPETITIONS = Number(process.env.BENCH_SCALE_SLOW_REPETITIONS ?? 3);
const GOAL_RATIO = 1.5;
/** Residents of the base block, so present at both scales: the first dwelling of four residences (one with heat meters). */
const MEASURED_RESIDENTS = ['84000001', '84000004', '84000007', '84000010'].map((code) => `resident.${code}.1@bench.example`);
const HOURLY_DAY = '2026-11-20';
const REBUILT_RESIDENCE = '84000001';
const INGEST_RESIDENCE = '84000002';
const INGEST_DAY = '2026-06-15';
const INGEST_MESSAGES = 100;
const NEW_DAY = addDays(LARGE_BENCH_LAST_DAY, 1);
/** 03:00 in Paris the night after the new day: when the nightly detection runs. */
const NOW = new Date(startOfLocalDay(addDays(NEW_DAY, 1), LARGE_BENCH_TIME_ZONE) + 3 * 3_600_000);

if (!Number.isInteger(BLOCKS) || BLOCKS < 2) throw new Error('BENCH_SCALE_BLOCKS: the number of blocks to grow to, 2 or more');

const OPERATIONS = ['hourly day view', 'daily CSV export', 'consumption rebuild, one residence', 'ingest batch, duplicates and conflicts', 'nightly detection after a new day'] as const;
type Operation = (typeof OPERATIONS)[number];
type Measures = Record<Operation, number>;

interface ScaleResult {
  label: string;
  measures: Measures;
  timings: Record<string, number>;
  built: boolean;
  bytes: number;
  devices: number;
}

const results: ScaleResult[] = [];
for (const blocks of [1, BLOCKS]) {
  const large = await openLargeBenchDatabase({ blocks, inPlace: IN_PLACE });
  const label = `${(large.readingCount / 1e6).toFixed(1)}M readings`;
  console.log(
    `\n${label} (${blocks} block${blocks > 1 ? 's' : ''}): ${large.dwellingCount.toLocaleString('en-US')} dwellings, ${large.deviceCount.toLocaleString('en-US')} devices, ` +
      `${large.residents.length.toLocaleString('en-US')} resident accounts; load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
  const measured = await measureAt(large);
  // Printed at once: a run stopped during the next scale's long build still leaves these.
  console.log(`  medians (ms), warm: ${OPERATIONS.map((operation) => `${operation} ${formatNumber(measured.measures[operation])}`).join('; ')}; load average ${os.loadavg()[0]!.toFixed(1)}`);
  results.push({ label, ...measured, timings: large.timings, built: large.built, devices: large.deviceCount });
}

const [base, scaled] = results as [ScaleResult, ScaleResult];
console.log('\nBuild (seconds):');
for (const result of results) {
  const steps = Object.entries(result.timings).map(([step, seconds]) => `${step} ${seconds.toFixed(1)}`);
  console.log(`  ${result.label}: ${result.built ? 'built' : 'template reused'}; ${steps.join(', ')}`);
}
const grown = growthPerBlock(scaled.timings);
if (grown) {
  console.log(
    `  growth: ${grown.blocks} blocks in ${formatNumber(grown.total)} s, ${formatNumber(grown.total / grown.blocks)} s a block ` +
      `(readings ${formatNumber(grown.byStep.readings ?? 0)} s, daily consumption ${formatNumber(grown.byStep['daily consumption'] ?? 0)} s, ` +
      `monthly totals ${formatNumber(grown.byStep['monthly totals and averages (engine)'] ?? 0)} s, vacuum ${formatNumber(grown.byStep['vacuum analyze'] ?? 0)} s in all)`,
  );
}
console.log(`  database size: ${(base.bytes / 2 ** 30).toFixed(1)} GiB at ${base.label}, ${(scaled.bytes / 2 ** 30).toFixed(1)} GiB at ${scaled.label}`);

console.log('\nMedians (ms), warm:');
for (const operation of OPERATIONS) {
  const ratio = scaled.measures[operation] / base.measures[operation];
  console.log(`  ${operation}: ${formatNumber(base.measures[operation])} at ${base.label}, ${formatNumber(scaled.measures[operation])} at ${scaled.label}`);
  reportFigure({ bench: BENCH, name: `${operation}, ${base.label}`, value: base.measures[operation], unit: 'ms' });
  reportFigure({ bench: BENCH, name: `${operation}, ${scaled.label}`, value: scaled.measures[operation], unit: 'ms' });
  reportFigure({ bench: BENCH, name: `${operation}, ${scaled.label} / ${base.label}`, value: ratio, unit: '×', target: { comparison: '<=', value: GOAL_RATIO } });
}
// The nightly pass reads every device: with n times the devices, its time per device tells whether it grows faster than the portfolio.
const perDevice = (result: ScaleResult) => result.measures['nightly detection after a new day'] / result.devices;
reportFigure({ bench: BENCH, name: `nightly detection per device, ${scaled.label} / ${base.label}`, value: perDevice(scaled) / perDevice(base), unit: '×' });

/** Opens the app over one scale's database, readies what the operations need, and times them. */
async function measureAt(large: LargeBenchDatabase): Promise<{ measures: Measures; bytes: number }> {
  const clock = new FixedClock(NOW);
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: large.url, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://portal.bench', DEMO_DATA: 'false', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0' });
  const database = await openDatabase({ kind: 'postgres', url: large.url, maxConnections: 10 });
  // No job worker and no maintenance timers: jobs the operations queue wait in the queue.
  const context = createAppContext({ config, database, clock }, { maintenance: false });
  const app = await buildApp(context, { logger: false });
  const { db } = database;
  try {
    const residents = large.residents.filter((resident) => MEASURED_RESIDENTS.includes(resident.email));
    if (residents.length !== MEASURED_RESIDENTS.length) throw new Error('The measured residents are missing from the large bench database');
    await plantHourlyDay(db, residents.map((resident) => resident.dwellingId));

    const started = performance.now();
    const newDay = await addNewDay(db);
    await queueConsumptionRefresh(db, newDay.deviceIds.map((deviceId) => ({ deviceId, changedFrom: newDay.at })), clock.now());
    const refreshed = await refreshConsumptionThenDetect(context);
    console.log(`  new day ${NEW_DAY}: ${newDay.deviceIds.length.toLocaleString('en-US')} readings, consumption of ${refreshed.devicesRefreshed.toLocaleString('en-US')} devices in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await sql`analyze`.execute(db);

    const cookies = await Promise.all(
      residents.map(async (resident) => {
        const session = await startSession(context, { userId: resident.userId, role: 'resident', assurance: 'full', clientAddress: '127.0.0.1', userAgent: 'bench' });
        return `${sessionCookieName(config)}=${session.token}`;
      }),
    );
    const get = async (url: string, cookie: string) => {
      const response = await app.inject({ method: 'GET', url, headers: { cookie } });
      if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
      return response.body;
    };

    const measures = {} as Measures;
    let turn = 0;
    measures['hourly day view'] = await medianOf(REPETITIONS, async () => {
      const body = await get(`/api/resident/consumption/hourly?fluid=cold_water&day=${HOURLY_DAY}`, cookies[turn++ % cookies.length]!);
      const hours = (JSON.parse(body) as { hours: unknown[] }).hours.length;
      if (hours !== 24) throw new Error(`The hourly day view shows ${hours} hours, not 24`);
    });
    measures['daily CSV export'] = await medianOf(REPETITIONS, async () => {
      const lines = (await get('/api/resident/export/consumption.csv?period=daily', cookies[turn++ % cookies.length]!)).split('\r\n').length;
      // Three fluids, one line a day for five years.
      if (lines < 3 * 5 * 365) throw new Error(`The daily export holds ${lines} lines`);
    });
    measures['consumption rebuild, one residence'] = await medianOf(SLOW_REPETITIONS, async () => {
      const report = await rebuildConsumption(context, { buildingCode: REBUILT_RESIDENCE });
      if (report.devicesChanged > 0) console.log(`  rebuild of ${REBUILT_RESIDENCE} changed ${report.devicesChanged} devices (${JSON.stringify(report)})`);
    });
    const batch = await duplicateAndConflictBatch(db);
    measures['ingest batch, duplicates and conflicts'] = await medianOf(REPETITIONS, async () => {
      const summary = await ingestWmbusMessages(context, batch, { dataSourceId: null });
      if (summary.duplicate !== INGEST_MESSAGES / 2 || summary.conflict !== INGEST_MESSAGES / 2) {
        throw new Error(`The ingest batch gave ${summary.stored} stored, ${summary.duplicate} duplicates, ${summary.conflict} conflicts, ${summary.refused} refused`);
      }
    });
    measures['nightly detection after a new day'] = await medianOf(SLOW_REPETITIONS, async () => {
      await detectAlerts(context, { residenceIds: null });
    });
    const size = await sql<{ bytes: string }>`select pg_database_size(current_database()) as bytes`.execute(db);
    return { measures, bytes: Number(size.rows[0]!.bytes) };
  } finally {
    await app.close();
    await context.jobs.stop();
    context.mailer.close();
    await database.close();
  }
}

/** One untimed run, then the median of `runs` timed ones, in milliseconds. */
async function medianOf(runs: number, work: () => Promise<void>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return runs % 2 === 1 ? times[(runs - 1) / 2]! : (times[runs / 2 - 1]! + times[runs / 2]!) / 2;
}

type Db = Awaited<ReturnType<typeof openDatabase>>['db'];

/**
 * Hourly readings for the measured dwellings' devices on HOURLY_DAY: one an hour between the
 * day's two daily readings (local midnights), on the straight line between them, so the day's
 * consumption and everything made from it stay as they were.
 */
async function plantHourlyDay(db: Db, dwellingIds: readonly string[]): Promise<void> {
  const dayStart = new Date(startOfLocalDay(HOURLY_DAY, LARGE_BENCH_TIME_ZONE));
  const dayEnd = new Date(startOfLocalDay(addDays(HOURLY_DAY, 1), LARGE_BENCH_TIME_ZONE));
  const hours = Math.round((dayEnd.getTime() - dayStart.getTime()) / 3_600_000);
  await ensureReadingPartitions(db, [dayStart.getTime(), dayEnd.getTime()]);
  const planted = await sql`
    insert into readings (residence_id, device_id, read_at, index_value, source, received_at)
    select devices.residence_id, devices.id, ${dayStart}::timestamptz + make_interval(hours => hour),
           round(first.index_value + (last.index_value - first.index_value) * hour / ${hours}::int, 3), 'wmbusmeters',
           ${dayStart}::timestamptz + make_interval(hours => hour, mins => 7)
    from devices
    join readings as first on first.residence_id = devices.residence_id and first.device_id = devices.id and first.read_at = ${dayStart}
    join readings as last on last.residence_id = devices.residence_id and last.device_id = devices.id and last.read_at = ${dayEnd}
    cross join generate_series(1, ${hours - 1}::int) as hour
    where devices.dwelling_id = any(${dwellingIds}::uuid[])
    on conflict do nothing
  `.execute(db);
  console.log(`  ${HOURLY_DAY}: ${planted.numAffectedRows ?? 0n} hourly readings for the ${dwellingIds.length} measured dwellings`);
}

/** One reading for every device at the new day's local midnight: its last day's step again. */
async function addNewDay(db: Db): Promise<{ at: Date; deviceIds: string[] }> {
  const at = new Date(startOfLocalDay(NEW_DAY, LARGE_BENCH_TIME_ZONE));
  const last = new Date(startOfLocalDay(LARGE_BENCH_LAST_DAY, LARGE_BENCH_TIME_ZONE));
  const before = new Date(startOfLocalDay(addDays(LARGE_BENCH_LAST_DAY, -1), LARGE_BENCH_TIME_ZONE));
  await ensureReadingPartitions(db, [at.getTime()]);
  const inserted = await sql<{ device_id: string }>`
    insert into readings (residence_id, device_id, read_at, index_value, source, received_at)
    select devices.residence_id, devices.id, ${at}, 2 * last.index_value - before.index_value, 'wmbusmeters', ${at}::timestamptz + interval '7 minutes'
    from devices
    join readings as last on last.residence_id = devices.residence_id and last.device_id = devices.id and last.read_at = ${last}
    join readings as before on before.residence_id = devices.residence_id and before.device_id = devices.id and before.read_at = ${before}
    on conflict do nothing
    returning device_id
  `.execute(db);
  return { at, deviceIds: inserted.rows.map((row) => row.device_id) };
}

/** wmbusmeters messages for readings already stored: every other one repeats the stored index, the others carry another one. */
async function duplicateAndConflictBatch(db: Db): Promise<string[]> {
  const at = new Date(startOfLocalDay(INGEST_DAY, LARGE_BENCH_TIME_ZONE));
  const stored = await db
    .selectFrom('readings')
    .innerJoin('devices', (join) => join.onRef('devices.id', '=', 'readings.device_id').onRef('devices.residence_id', '=', 'readings.residence_id'))
    .innerJoin('residences', 'residences.id', 'devices.residence_id')
    .select(['devices.radio_id', 'readings.index_value'])
    .where('residences.building_code', '=', INGEST_RESIDENCE)
    .where('devices.kind', '=', 'cold_water')
    .where('readings.read_at', '=', at)
    .orderBy('devices.serial_number')
    .limit(INGEST_MESSAGES)
    .execute();
  if (stored.length !== INGEST_MESSAGES) throw new Error(`Only ${stored.length} cold water readings on ${INGEST_DAY} in ${INGEST_RESIDENCE}`);
  return stored.map((reading, position) => {
    const index = position % 2 === 0 ? reading.index_value : (Number(reading.index_value) + 0.5).toFixed(3);
    return `{"_":"telegram","media":"cold water","meter":"multical21","name":"bench","id":"${reading.radio_id}","total_m3":${index},"status":"OK","timestamp":"${at.toISOString().replace('.000', '')}"}`;
  });
}

/** The growth steps' times (named `block N: step`), summed per step and in all. */
function growthPerBlock(timings: Record<string, number>): { blocks: number; total: number; byStep: Record<string, number> } | undefined {
  const byStep: Record<string, number> = {};
  const blocks = new Set<string>();
  let total = 0;
  for (const [name, seconds] of Object.entries(timings)) {
    const match = /^block (\d+): (.+)$/.exec(name);
    if (!match) continue;
    blocks.add(match[1]!);
    byStep[match[2]!] = (byStep[match[2]!] ?? 0) + seconds;
    total += seconds;
  }
  return blocks.size === 0 ? undefined : { blocks: blocks.size, total, byStep };
}
