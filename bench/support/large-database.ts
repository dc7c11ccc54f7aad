/**
 * A large PostgreSQL database for benches: more than 10 million readings with their daily and
 * monthly consumption and residence averages, resident accounts, built once and reused.
 *
 * API (stable; benches import it):
 *
 *   const large = await openLargeBenchDatabase();          // the base: 1 block, 10.3 M readings
 *   const grown = await openLargeBenchDatabase({ blocks: 10 }); // 10 blocks, 103 M readings
 *   const once = await openLargeBenchDatabase({ blocks: 10, inPlace: true }); // the same, grown
 *   //   in the bench's own copy of the base: no scaled template kept, so half the disk, but
 *   //   the growth is paid again on every call
 *   // large.url: the bench's own copy (its scratch database, BENCH_SCRATCH_URL, replaced by a
 *   //   copy of the template; `npm run bench` drops it afterwards as usual). Call it BEFORE
 *   //   opening any connection to the scratch database: it is dropped and made again.
 *   // large.residences: [{ id, buildingCode, name, timeZone, dwellingCount }]
 *   // large.residents: [{ userId, email, password, dwellingId, residenceId }] (one resident
 *   //   account every third dwelling, all with the password LARGE_BENCH_RESIDENT_PASSWORD)
 *   // large.firstDay / large.lastDay: the days readings cover, as YYYY-MM-DD in the residences'
 *   //   zone (Europe/Paris); daily consumption covers firstDay … the day before lastDay
 *   // large.readingCount, large.dwellingCount, large.deviceCount
 *   // large.built: whether this call built the template (false when it was reused),
 *   //   large.timings: seconds spent per step (build steps only when built, then 'copy')
 *
 * What it holds: 12 published residences (Europe/Paris, contract with the resident portal and
 * remote reading) of 100 to 210 dwellings, 1,860 dwellings in all; each dwelling has a cold
 * water meter, a hot water meter (m³) and a heating device (heat cost allocator in 9 residences,
 * heat meter in kWh in 3); one reading a day at local midnight for 5 years up to yesterday's
 * date of the generator (LARGE_BENCH_LAST_DAY), each device at its own pace with day-to-day
 * noise, heating seasonal (next to nothing in summer). Daily consumption is each day's index
 * step (what the engine computes for such readings); monthly totals and residence averages are
 * made by the engine's own statements (rebuildMonthlyConsumption).
 *
 * Scale: those 12 residences are one block. `blocks: n` grows the portfolio to n blocks by the
 * same generator: block b adds residences 12b + 1 … 12b + 12 (building codes 8400…), each shaped
 * as the base's residence at the same position, over the same five years, so n blocks hold n
 * times the dwellings and readings (about 10.3 M readings and 4.7 GiB a block). When `readings` is
 * partitioned by month, the generator creates the monthly partitions it writes into first
 * (reading-partitions.ts).
 *
 * How it is cached: the database is built once, with set-based SQL (generate_series), into a
 * template database named after GENERATOR_VERSION and the list of migrations, which no one
 * connects to (ALLOW_CONNECTIONS false). Each bench gets a copy by CREATE DATABASE … TEMPLATE …
 * STRATEGY FILE_COPY (a file copy, seconds). When migrations were added since, the new template
 * is made from the previous one (copy, then the new migrations) instead of from scratch; older
 * templates are then dropped (a migration that cannot run on the previous template means a
 * build from scratch). A scaled database has a template of its own, named after the base's
 * with `_x<blocks>`, made by growing a copy of the base template in place, or, when migrations
 * were added since, from the previous scaled template of the same size and those migrations; a
 * new base keeps the scaled template for that, and a new scaled template drops every other
 * (drop one by hand to free its disk: `drop database bench_large_…_x10`). `inPlace` skips the
 * scaled template: the scratch database is a copy of the base grown there, dropped after the
 * bench, for a server without the disk for both the scaled template and its copy. A server-wide
 * advisory lock keeps two benches from building at once. Change GENERATOR_VERSION whenever what
 * is generated changes.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { Migrator, sql } from 'kysely';
import { openDatabase } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { migrations } from '../../server/db/migrations/index.ts';
import { hashPassword } from '../../server/modules/accounts/password-hashing.ts';
import { rebuildMonthlyConsumption } from '../../server/modules/consumption/consumption.service.ts';
import { withDatabaseName } from '../../server/test/global-setup.ts';
import { startOfLocalDay } from '../../server/kernel/local-time.ts';
import { benchDatabaseUrl } from './bench-output.ts';
import { ensureReadingPartitionsBetween, forgetKnownReadingMonths } from '../../server/modules/ingest/reading-partitions.service.ts';

const GENERATOR_VERSION = 1;
const TEMPLATE_PREFIX = 'bench_large_';
const LARGE_BENCH_RESIDENT_PASSWORD = 'Bench-Resident-2026';
export const LARGE_BENCH_FIRST_DAY = '2021-11-01';
export const LARGE_BENCH_LAST_DAY = '2026-11-27';
export const LARGE_BENCH_TIME_ZONE = 'Europe/Paris';
/** Residences per block: the base is one block (1,860 dwellings); a scale of n blocks has n times its dwellings. */
const RESIDENCES = 12;
const HEAT_METER_RESIDENCES = 3;

interface LargeBenchResidence {
  id: string;
  buildingCode: string;
  name: string;
  timeZone: string;
  dwellingCount: number;
}

interface LargeBenchResident {
  userId: string;
  email: string;
  password: string;
  dwellingId: string;
  residenceId: string;
}

export interface LargeBenchDatabase {
  url: string;
  residences: LargeBenchResidence[];
  residents: LargeBenchResident[];
  firstDay: string;
  lastDay: string;
  readingCount: number;
  dwellingCount: number;
  deviceCount: number;
  built: boolean;
  timings: Record<string, number>;
}

/**
 * Replaces the bench's scratch database with a copy of the large template (built if missing).
 * `blocks` (default 1, the base) asks for the portfolio grown to that many blocks of 12
 * residences: its own template, `…_x<blocks>`, made from the base template by growing a copy in
 * place (the base is built first if missing), or migrated from the previous one of that size.
 */
export async function openLargeBenchDatabase(options: { blocks?: number; inPlace?: boolean; log?: (line: string) => void } = {}): Promise<LargeBenchDatabase> {
  const log = options.log ?? ((line: string) => console.log(line));
  const blocks = options.blocks ?? 1;
  // The months this process remembers were another database's.
  forgetKnownReadingMonths();
  if (!Number.isInteger(blocks) || blocks < 1) throw new Error(`A large bench database has a whole number of blocks, at least 1 (not ${blocks})`);
  const scratchUrl = benchDatabaseUrl();
  const scratchName = decodeURIComponent(new URL(scratchUrl).pathname.slice(1));
  const serverUrl = withDatabaseName(scratchUrl, 'postgres');
  const timings: Record<string, number> = {};
  const baseName = `${TEMPLATE_PREFIX}g${GENERATOR_VERSION}_${migrationListKey()}`;
  const templateName = blocks === 1 ? baseName : `${baseName}${SCALED_SUFFIX}${blocks}`;

  const server = new pg.Client({ connectionString: serverUrl });
  await server.connect();
  let built = false;
  const growInPlace = blocks > 1 && options.inPlace === true;
  // Grown in place, the bench's database is a copy of the base template.
  const copiedName = growInPlace ? baseName : templateName;
  try {
    if (!(await databaseExists(server, copiedName))) {
      await server.query('select pg_advisory_lock($1)', [LOCK_KEY]);
      try {
        if (!(await databaseExists(server, copiedName))) {
          if (!(await databaseExists(server, baseName))) await buildTemplate(server, serverUrl, baseName, timings, log);
          if (copiedName !== baseName) await growTemplate(server, serverUrl, baseName, templateName, blocks, timings, log);
          built = true;
        }
      } finally {
        await server.query('select pg_advisory_unlock($1)', [LOCK_KEY]);
      }
    }
    const started = performance.now();
    // Shared: copies may run side by side, a build (which drops older templates) waits for them.
    await server.query('select pg_advisory_lock_shared($1)', [LOCK_KEY]);
    try {
      await server.query(`drop database if exists ${quoteIdentifier(scratchName)} with (force)`);
      await server.query(`create database ${quoteIdentifier(scratchName)} template ${quoteIdentifier(copiedName)} strategy file_copy`);
    } finally {
      await server.query('select pg_advisory_unlock_shared($1)', [LOCK_KEY]);
    }
    timings.copy = (performance.now() - started) / 1000;
  } finally {
    await server.end();
  }
  if (growInPlace) {
    log(`large bench database: growing the bench's own copy of ${baseName} to ${blocks} blocks in place (no scaled template kept)`);
    await growDatabase(scratchUrl, blocks, timings, log);
    built = true;
  }
  log(`large bench database: ${built ? 'built' : `template ${templateName} reused`}, copied in ${timings.copy!.toFixed(1)} s`);
  return { url: scratchUrl, ...(await describe(scratchUrl)), built, timings };
}

const LOCK_KEY = 0x6c61726765; // 'large'
/** A scaled template's name is the base's, then this, then its number of blocks. */
const SCALED_SUFFIX = '_x';

function migrationListKey(): string {
  return createHash('sha256').update(Object.keys(migrations).join('\n')).digest('hex').slice(0, 10);
}

async function databaseExists(server: pg.Client, name: string): Promise<boolean> {
  const result = await server.query('select 1 from pg_database where datname = $1', [name]);
  return result.rowCount === 1;
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The migrations the previous template lacks. Teams land migrations whose names sort before
 * ones already run (each has its own timestamp prefix), so order is not enforced here; a
 * migration that fails this way makes the caller build from scratch.
 */
async function migrateDatabase(url: string): Promise<void> {
  const database = await openDatabase({ kind: 'postgres', url, maxConnections: 1 });
  try {
    const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error;
  } finally {
    await database.close();
  }
}

async function buildFromScratch(
  server: pg.Client,
  serverUrl: string,
  buildName: string,
  timings: Record<string, number>,
  log: (line: string) => void,
): Promise<void> {
  log(`large bench database: building ${buildName} (once; several minutes)`);
  const started = performance.now();
  await server.query(`create database ${quoteIdentifier(buildName)}`);
  const database = await openDatabase({ kind: 'postgres', url: withDatabaseName(serverUrl, buildName), maxConnections: 1 });
  try {
    await migrateToLatest(database.db);
    timings.migrate = (performance.now() - started) / 1000;
    await generate(database.db, 0, timings, log);
  } finally {
    await database.close();
  }
}

async function buildTemplate(
  server: pg.Client,
  serverUrl: string,
  templateName: string,
  timings: Record<string, number>,
  log: (line: string) => void,
): Promise<void> {
  const buildName = `${templateName}_building`;
  await server.query(`drop database if exists ${quoteIdentifier(buildName)} with (force)`);
  const previous = await server.query<{ datname: string }>(
    `select datname from pg_database where datname like $1 and datname <> $2 and datname not like '%\\_building' and datname not like $3 order by oid desc`,
    [`${TEMPLATE_PREFIX}g${GENERATOR_VERSION}\\_%`, templateName, `%\\${SCALED_SUFFIX}%`],
  );
  const base = previous.rows[0]?.datname;
  let started = performance.now();
  if (base) {
    log(`large bench database: making ${templateName} from ${base} and the migrations added since`);
    await server.query(`create database ${quoteIdentifier(buildName)} template ${quoteIdentifier(base)} strategy file_copy`);
    try {
      await migrateDatabase(withDatabaseName(serverUrl, buildName));
      timings.migrate = (performance.now() - started) / 1000;
    } catch (error) {
      // A migration landed with a name before one the template already ran: start afresh.
      log(`large bench database: ${error instanceof Error ? error.message : String(error)}; building from scratch`);
      await server.query(`drop database if exists ${quoteIdentifier(buildName)} with (force)`);
      await buildFromScratch(server, serverUrl, buildName, timings, log);
    }
  } else {
    await buildFromScratch(server, serverUrl, buildName, timings, log);
  }
  started = performance.now();
  // Scaled templates stay: the next scaled build migrates one rather than growing it again for hours.
  await makeTemplate(server, buildName, templateName, [templateName], { keepScaled: true });
  timings.finish = (performance.now() - started) / 1000;
}

/**
 * The scaled template: a copy of the base template grown in place, block after block, by the
 * same generator. Needs the disk of the scaled database once (the build), then once more for the
 * bench's own copy.
 */
async function growTemplate(
  server: pg.Client,
  serverUrl: string,
  baseName: string,
  templateName: string,
  blocks: number,
  timings: Record<string, number>,
  log: (line: string) => void,
): Promise<void> {
  const buildName = `${templateName}_building`;
  await server.query(`drop database if exists ${quoteIdentifier(buildName)} with (force)`);
  const previous = await server.query<{ datname: string }>(`select datname from pg_database where datname like $1 and datname <> $2 order by oid desc`, [
    `${TEMPLATE_PREFIX}g${GENERATOR_VERSION}\\_%\\${SCALED_SUFFIX}${blocks}`,
    templateName,
  ]);
  let started = performance.now();
  let migrated = false;
  const earlier = previous.rows[0]?.datname;
  if (earlier) {
    log(`large bench database: making ${templateName} from ${earlier} and the migrations added since`);
    await server.query(`create database ${quoteIdentifier(buildName)} template ${quoteIdentifier(earlier)} strategy file_copy`);
    try {
      await migrateDatabase(withDatabaseName(serverUrl, buildName));
      timings.migrate = (performance.now() - started) / 1000;
      migrated = true;
    } catch (error) {
      log(`large bench database: ${error instanceof Error ? error.message : String(error)}; growing the base again`);
      await server.query(`drop database if exists ${quoteIdentifier(buildName)} with (force)`);
    }
  }
  if (!migrated) {
    log(`large bench database: growing a copy of ${baseName} to ${blocks} blocks (once; about as long per block as the base took)`);
    started = performance.now();
    await server.query(`create database ${quoteIdentifier(buildName)} template ${quoteIdentifier(baseName)} strategy file_copy`);
    timings['copy of the base'] = (performance.now() - started) / 1000;
    await growDatabase(withDatabaseName(serverUrl, buildName), blocks, timings, log);
  }
  started = performance.now();
  await makeTemplate(server, buildName, templateName, [baseName, templateName]);
  timings.finish = (performance.now() - started) / 1000;
}

/** Adds blocks 2 … `blocks` to a database holding the base block. */
async function growDatabase(url: string, blocks: number, timings: Record<string, number>, log: (line: string) => void): Promise<void> {
  const database = await openDatabase({ kind: 'postgres', url, maxConnections: 1 });
  try {
    for (let block = 1; block < blocks; block += 1) await generate(database.db, block, timings, log);
  } finally {
    await database.close();
  }
}

/** Renames a finished build to its template name, then drops every other large template but `kept` (and the scaled ones if asked). */
async function makeTemplate(server: pg.Client, buildName: string, templateName: string, kept: readonly string[], options: { keepScaled?: boolean } = {}): Promise<void> {
  await server.query(`alter database ${quoteIdentifier(buildName)} rename to ${quoteIdentifier(templateName)}`);
  await server.query(`alter database ${quoteIdentifier(templateName)} with is_template true allow_connections false`);
  const stale = await server.query<{ datname: string }>(
    `select datname from pg_database where datname like $1 and not (datname = any($2)) and not ($3 and datname like $4)`,
    [`${TEMPLATE_PREFIX}%`, kept, options.keepScaled === true, `%\\${SCALED_SUFFIX}%`],
  );
  for (const { datname } of stale.rows) {
    await server.query(`alter database ${quoteIdentifier(datname)} with is_template false`);
    await server.query(`drop database if exists ${quoteIdentifier(datname)} with (force)`);
  }
}

type Db = Awaited<ReturnType<typeof openDatabase>>['db'];

/**
 * One block of the portfolio: block 0 is the base (residences 1 to 12, with the client and its
 * contract); block b adds residences 12b + 1 to 12b + 12, each shaped as the base's residence at
 * the same position (dwelling count, heating device), over the same days. Timings are named
 * after the step (and the block, from block 1 on).
 */
async function generate(db: Db, block: number, timings: Record<string, number>, log: (line: string) => void): Promise<void> {
  const step = async (label: string, work: () => Promise<unknown>) => {
    const name = block === 0 ? label : `block ${block + 1}: ${label}`;
    const started = performance.now();
    await work();
    timings[name] = (performance.now() - started) / 1000;
    log(`  ${name}: ${timings[name]!.toFixed(1)} s`);
  };
  const firstResidence = block * RESIDENCES + 1;
  const lastResidence = firstResidence + RESIDENCES - 1;
  // The residence's number (from its building code), and its position within its block (1 to 12).
  const number = sql`substr(residences.building_code, 5)::int`;
  const position = sql`((${number} - 1) % ${RESIDENCES}::int + 1)`;
  const inBlock = sql`${number} between ${firstResidence}::int and ${lastResidence}::int`;
  const residentHash = await hashPassword(LARGE_BENCH_RESIDENT_PASSWORD);
  // Foreign keys are checked by the generator's own construction; skipping their triggers
  // (session_replication_role) makes the bulk insert several times faster.
  await sql`set session_replication_role = replica`.execute(db);
  await sql`set synchronous_commit = off`.execute(db);
  await sql`set work_mem = '256MB'`.execute(db);
  await sql`set jit = off`.execute(db);
  await sql`set maintenance_work_mem = '512MB'`.execute(db);

  await step('inventory', async () => {
    const { client, contract } = block === 0 ? await insertClientAndContract(db) : await findClientAndContract(db);
    await sql`
      insert into residences (client_id, contract_id, building_code, name, street, postal_code, city, published_at)
      select ${client}::uuid, ${contract}::uuid, '8400' || lpad(r::text, 4, '0'), 'Résidence du Banc ' || r,
             r || ' RUE DU BANC', '750' || lpad((r % 20 + 1)::text, 2, '0'), 'PARIS', timestamptz '2021-10-01 09:00:00+02'
      from generate_series(${firstResidence}::int, ${lastResidence}::int) as r
    `.execute(db);
    await sql`
      insert into dwellings (residence_id, client_number, building, staircase, floor, dwelling_code, reference)
      select residences.id, 'C' || residences.building_code || '-' || n, 'A', (1 + n % 3)::text, (n % 12)::text, lpad(n::text, 8, '0'),
             upper(substr(md5('large-' || residences.building_code || '-' || n), 1, 10))
      from residences
      cross join lateral generate_series(1, 90 + 10 * ${position}) as n
      where ${inBlock}
    `.execute(db);
    const hasHeatMeter = sql`${position} > ${RESIDENCES - HEAT_METER_RESIDENCES}::int`;
    const kinds = [
      { slot: 0, kind: sql`'cold_water'`, unit: sql`'m3'` },
      { slot: 1, kind: sql`'hot_water'`, unit: sql`'m3'` },
      {
        slot: 2,
        kind: sql`case when ${hasHeatMeter} then 'heat_meter' else 'heat_cost_allocator' end`,
        unit: sql`case when ${hasHeatMeter} then 'kWh' else 'units' end`,
      },
    ];
    for (const { slot, kind, unit } of kinds) {
      await sql`
        insert into devices (residence_id, dwelling_id, kind, unit, serial_number, radio_id, manufacturer, location, installed_on)
        select residences.id, dwellings.id, ${kind}, ${unit},
               residences.building_code || '-' || ${slot}::text || '-' || dwellings.dwelling_code,
               lpad(to_hex(${number} * 1000000 + ${slot}::int * 100000 + dwellings.dwelling_code::int), 8, '0'),
               'BENCH', ${['Cuisine', 'Salle de bain', 'Séjour'][slot]!}, date '2021-10-15'
        from dwellings join residences on residences.id = dwellings.residence_id
        where ${inBlock}
      `.execute(db);
    }
    await sql`
      insert into users (role, email, password_hash, dwelling_id, locale, created_at)
      select 'resident', 'resident.' || residences.building_code || '.' || dwellings.dwelling_code::int || '@bench.example',
             ${residentHash}, dwellings.id, 'fr', timestamptz '2021-11-02 10:00:00+01'
      from dwellings join residences on residences.id = dwellings.residence_id
      where dwellings.dwelling_code::int % 3 = 1 and ${inBlock}
    `.execute(db);
    await sql`
      insert into resident_profiles (user_id, residence_id, civility, last_name, first_name, privacy_consent_at, privacy_policy_version,
                                     notify_leak_by_email, manager_may_see_daily, moved_in_on)
      select users.id, dwellings.residence_id, case when dwellings.dwelling_code::int % 2 = 0 then 'madame' else 'monsieur' end,
             'Banc' || dwellings.dwelling_code::int, 'Résident', users.created_at, '2026-11',
             dwellings.dwelling_code::int % 2 = 0, dwellings.dwelling_code::int % 4 = 1, date '2021-11-01'
      from users join dwellings on dwellings.id = users.dwelling_id join residences on residences.id = dwellings.residence_id
      where ${inBlock}
    `.execute(db);
  });
  const blockResidenceIds = (await sql<{ id: string }>`select id from residences where ${inBlock}`.execute(db)).rows.map((row) => row.id);

  // Each device's index on day d (0 = first day), at local midnight: a pace of its own, a bounded
  // day-to-day noise that never makes the index go down, and for heating a yearly season
  // (derivative pace × (1 − 0.95 cos), least in mid-July).
  const days = sql`(${LARGE_BENCH_LAST_DAY}::date - ${LARGE_BENCH_FIRST_DAY}::date)`;
  await sql`
    create or replace function pg_temp.bench_index(kind text, seed int, d int) returns numeric language sql immutable as $$
      select round((case kind
        when 'cold_water' then 150 + (seed & 1023) / 10.0 + (0.08 + (seed >> 8 & 255) / 1000.0) * (d + 0.8 * (hashint8(seed::bigint * 8192 + d) & 1023) / 1024.0)
        when 'hot_water' then 60 + (seed & 511) / 10.0 + (0.03 + (seed >> 8 & 127) / 1000.0) * (d + 0.8 * (hashint8(seed::bigint * 8192 + d) & 1023) / 1024.0)
        else (case kind when 'heat_meter' then 8000 + (seed & 4095) else 500 + (seed & 511) end)
          + (case kind when 'heat_meter' then 15 + (seed >> 8 & 15) else 2 + (seed >> 8 & 7) end)
            * (d - 0.95 * 365.25 / (2 * pi()) * sin(2 * pi() * (d + (date '${sql.raw(LARGE_BENCH_FIRST_DAY)}' - date '2000-07-15')) / 365.25)
               + 0.04 * (hashint8(seed::bigint * 8192 + d) & 1023) / 1024.0)
      end)::numeric, 3)
    $$
  `.execute(db);

  // The first reading is at local midnight of the first day, the evening before in UTC.
  await ensureReadingPartitionsBetween(db, startOfLocalDay(LARGE_BENCH_FIRST_DAY, LARGE_BENCH_TIME_ZONE), startOfLocalDay(LARGE_BENCH_LAST_DAY, LARGE_BENCH_TIME_ZONE));
  await step('readings', () =>
    sql`
      insert into readings (residence_id, device_id, read_at, index_value, source, received_at)
      select device.residence_id, device.id, (${LARGE_BENCH_FIRST_DAY}::date + d)::timestamp at time zone 'Europe/Paris',
             pg_temp.bench_index(device.kind, device.seed, d), 'wmbusmeters',
             (${LARGE_BENCH_FIRST_DAY}::date + d)::timestamp at time zone 'Europe/Paris' + interval '7 minutes'
      from (select residence_id, id, kind, hashtext(id::text) as seed from devices
            where residence_id = any(${blockResidenceIds}::uuid[]) order by residence_id, id) as device
      -- Lateral on the device (the 0 × seed), so that devices stay the outer loop: rows arrive in
      -- primary-key order and the index grows at its right edge instead of splitting pages.
      cross join lateral generate_series(0, ${days} + 0 * device.seed) as d
    `.execute(db),
  );
  await step('daily consumption', () =>
    sql`
      insert into daily_consumption (residence_id, dwelling_id, device_id, fluid, unit, day, consumption, is_estimated)
      select device.residence_id, device.dwelling_id, device.id,
             case when device.kind in ('heat_cost_allocator', 'heat_meter') then 'heating' else device.kind end, device.unit,
             ${LARGE_BENCH_FIRST_DAY}::date + d,
             pg_temp.bench_index(device.kind, device.seed, d + 1) - pg_temp.bench_index(device.kind, device.seed, d), false
      from (select residence_id, dwelling_id, id, kind, unit, hashtext(id::text) as seed from devices
            where residence_id = any(${blockResidenceIds}::uuid[]) order by id) as device
      cross join lateral generate_series(0, ${days} - 1 + 0 * device.seed) as d
    `.execute(db),
  );
  const scope = {
    dwellingIds: (await db.selectFrom('dwellings').select('id').where('residence_id', 'in', blockResidenceIds).execute()).map((row) => row.id),
    residenceIds: blockResidenceIds,
  };
  await step('monthly totals and averages (engine)', () => rebuildMonthlyConsumption(db, scope));
  await sql`reset session_replication_role`.execute(db);
  await step('vacuum analyze', () => sql`vacuum (analyze)`.execute(db));
}

async function insertClientAndContract(db: Db): Promise<{ client: string; contract: string }> {
  const client = await db.insertInto('clients').values({ name: 'Syndic du banc', kind: 'syndic' }).returning('id').executeTakeFirstOrThrow();
  const contract = await db
    .insertInto('contracts')
    .values({ client_id: client.id, reference: 'BENCH-LARGE', booked_options: ['resident_portal', 'remote_reading'], starts_on: '2020-01-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { client: client.id, contract: contract.id };
}

async function findClientAndContract(db: Db): Promise<{ client: string; contract: string }> {
  const contract = await db.selectFrom('contracts').select(['id', 'client_id']).where('reference', '=', 'BENCH-LARGE').executeTakeFirstOrThrow();
  return { client: contract.client_id, contract: contract.id };
}

async function describe(url: string): Promise<Omit<LargeBenchDatabase, 'url' | 'built' | 'timings'>> {
  const database = await openDatabase({ kind: 'postgres', url, maxConnections: 1 });
  try {
    const { db } = database;
    const residences = await sql<{ id: string; building_code: string; name: string; time_zone: string; dwelling_count: number }>`
      select residences.id, residences.building_code, residences.name, residences.time_zone, count(dwellings.id)::int as dwelling_count
      from residences join dwellings on dwellings.residence_id = residences.id
      where residences.building_code like '8400%'
      group by residences.id order by residences.building_code
    `.execute(db);
    const residents = await db
      .selectFrom('users')
      .innerJoin('dwellings', 'dwellings.id', 'users.dwelling_id')
      .select(['users.id', 'users.email', 'users.dwelling_id', 'dwellings.residence_id'])
      .where('users.role', '=', 'resident')
      .where('users.email', 'like', '%@bench.example')
      .orderBy('users.email')
      .execute();
    const counts = await sql<{ dwellings: number; devices: number }>`
      select (select count(*) from dwellings)::int as dwellings, (select count(*) from devices)::int as devices
    `.execute(db);
    return {
      residences: residences.rows.map((row) => ({
        id: row.id,
        buildingCode: row.building_code,
        name: row.name,
        timeZone: row.time_zone,
        dwellingCount: row.dwelling_count,
      })),
      residents: residents.map((row) => ({
        userId: row.id,
        email: row.email,
        password: LARGE_BENCH_RESIDENT_PASSWORD,
        dwellingId: row.dwelling_id!,
        residenceId: row.residence_id,
      })),
      firstDay: LARGE_BENCH_FIRST_DAY,
      lastDay: LARGE_BENCH_LAST_DAY,
      // One reading a day per device (counting 10 million rows would take seconds).
      readingCount: counts.rows[0]!.devices * (daysBetween(LARGE_BENCH_FIRST_DAY, LARGE_BENCH_LAST_DAY) + 1),
      dwellingCount: counts.rows[0]!.dwellings,
      deviceCount: counts.rows[0]!.devices,
    };
  } finally {
    await database.close();
  }
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
