/**
 * The back office's searches at portfolio scale, on the real PostgreSQL: 1,000 residences,
 * 50,000 dwellings, 100,000 devices (two per dwelling) and about 17,000 resident accounts,
 * inserted in bulk by the database. Each search goes through its real HTTP route (guards,
 * session lookup, validation, serialisation) with `app.inject`, one request after another,
 * for a support staff member. Target: p95 ≤ 100 ms.
 */
import { createAppContext } from '../server/modules.ts';
import { sql } from 'kysely';
import { buildApp } from '../server/app.ts';
import { systemClock } from '../server/clock.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { sessionCookieName } from '../server/modules/accounts/session-cookie.ts';
import { startSession } from '../server/modules/accounts/sessions.service.ts';
import { buildStaff } from '../server/test/factories.ts';
import { benchDatabaseUrl, percentile, reportFigure } from './support/bench-output.ts';

const BENCH = 'backoffice-search';
const RESIDENCES = Number(process.env.BENCH_BACKOFFICE_RESIDENCES ?? 1_000);
const DWELLINGS_PER_RESIDENCE = Number(process.env.BENCH_BACKOFFICE_DWELLINGS_PER_RESIDENCE ?? 50);
const REQUESTS_PER_SCENARIO = Number(process.env.BENCH_BACKOFFICE_REQUESTS ?? 200);
const WARM_UP_REQUESTS = 20;
const TARGET_P95_MS = 100;

const url = benchDatabaseUrl();
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://portal.bench', DEMO_DATA: 'false', DATABASE_URL: url });
const database = await openDatabase({ kind: 'postgres', url });
const context = createAppContext({ config, database, clock: systemClock });
const { db } = database;

async function createPortfolio(): Promise<void> {
  const client = await db.insertInto('clients').values({ name: 'Syndic du banc', kind: 'syndic' }).returning('id').executeTakeFirstOrThrow();
  const contract = await db
    .insertInto('contracts')
    .values({ client_id: client.id, reference: 'BENCH-BACKOFFICE', booked_options: ['remote_reading', 'resident_portal'], starts_on: '2020-01-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    insert into residences (client_id, contract_id, building_code, name, street, postal_code, city)
    select ${client.id}::uuid, ${contract.id}::uuid, (60000000 + n)::text, 'Résidence ' || n, n || ' RUE DES COMPTEURS',
           lpad(((n * 37) % 95 + 1)::text, 2, '0') || '000', (array['PARIS', 'LYON', 'MARSEILLE', 'TOULOUSE', 'NANTES'])[n % 5 + 1]
    from generate_series(1, ${RESIDENCES}::int) as n
  `.execute(db);
  await sql`
    insert into dwellings (residence_id, client_number, dwelling_code, reference)
    select r.id, 'L' || r.building_code || '-' || d, lpad(((r.building_code::int - 60000000) * 100 + d)::text, 8, '0'), upper(substr(md5(r.building_code || '-' || d), 1, 10))
    from residences r cross join generate_series(1, ${DWELLINGS_PER_RESIDENCE}::int) as d
  `.execute(db);
  await sql`
    insert into devices (residence_id, dwelling_id, kind, unit, serial_number, manufacturer, installed_on)
    select d.residence_id, d.id, k.kind, 'm3', (100000000 + row_number() over (order by d.id, k.kind))::text, 'ISTA', '2020-01-01'
    from dwellings d cross join (values ('cold_water'), ('hot_water')) as k(kind)
  `.execute(db);
  await sql`
    with signed_up as (
      insert into users (role, email, dwelling_id)
      select 'resident', 'resident-' || d.dwelling_code || '@bench.test', d.id
      from dwellings d where ('x' || substr(md5(d.id::text), 1, 2))::bit(8)::int < 86
      returning id, dwelling_id
    )
    insert into resident_profiles (user_id, residence_id, civility, last_name, first_name, privacy_consent_at, privacy_policy_version, moved_in_on)
    select s.id, d.residence_id, 'madame', 'Banc', 'Camille', now(), 'bench', '2024-01-01'
    from signed_up s join dwellings d on d.id = s.dwelling_id
  `.execute(db);
  await sql`analyze`.execute(db);
}

const preparedAt = performance.now();
await createPortfolio();
const counts = await sql<{ residences: number; dwellings: number; devices: number; accounts: number }>`
  select (select count(*)::int from residences) as residences, (select count(*)::int from dwellings) as dwellings,
         (select count(*)::int from devices) as devices, (select count(*)::int from resident_profiles) as accounts
`.execute(db);
const portfolio = counts.rows[0]!;
console.log(
  `Portfolio: ${portfolio.residences.toLocaleString('en-US')} residences, ${portfolio.dwellings.toLocaleString('en-US')} dwellings, ` +
    `${portfolio.devices.toLocaleString('en-US')} devices, ${portfolio.accounts.toLocaleString('en-US')} resident accounts ` +
    `(made in ${((performance.now() - preparedAt) / 1000).toFixed(1)} s)`,
);

const app = await buildApp(context, { logger: false });
const support = await buildStaff(db, { staff_role: 'support' });
const started = await startSession(context, { userId: support.user.id, role: 'staff', assurance: 'full', clientAddress: '127.0.0.1', userAgent: 'bench' });
const cookie = `${sessionCookieName(config)}=${started.token}`;
const pick = (round: number, modulo: number) => ((round * 7919) % modulo) + 1;
const scenarios: Array<{ name: string; path: (round: number) => string }> = [
  { name: 'devices by full serial number', path: (round) => `/api/staff/devices?search=${100000000 + pick(round, portfolio.devices)}` },
  { name: 'devices by serial prefix', path: (round) => `/api/staff/devices?search=${1000000 + pick(round, 999)}` },
  { name: 'dwellings by dwelling code', path: (round) => `/api/staff/dwellings?search=${String(pick(round, RESIDENCES) * 100 + 1).padStart(8, '0')}` },
  { name: 'residences by building code', path: (round) => `/api/staff/residences?search=${60000000 + pick(round, RESIDENCES)}` },
  { name: 'residences by street or town', path: (round) => `/api/staff/residences?search=${['lyon', '12 rue', 'toulouse'][round % 3]}` },
  { name: 'resident accounts by email prefix', path: (round) => `/api/staff/resident-accounts?search=resident-${String(pick(round, RESIDENCES) * 100).padStart(8, '0').slice(0, 6)}` },
  { name: 'resident accounts by serial number', path: (round) => `/api/staff/resident-accounts?search=${100000000 + pick(round, portfolio.devices)}` },
];

const allTimes: number[] = [];
for (const scenario of scenarios) {
  const request = async (round: number) => {
    const startedAt = performance.now();
    const response = await app.inject({ method: 'GET', url: scenario.path(round), headers: { cookie } });
    const elapsed = performance.now() - startedAt;
    if (response.statusCode !== 200) throw new Error(`${scenario.name}: ${response.statusCode} ${response.body}`);
    return elapsed;
  };
  for (let round = 0; round < WARM_UP_REQUESTS; round += 1) await request(round);
  const times: number[] = [];
  for (let round = 0; round < REQUESTS_PER_SCENARIO; round += 1) times.push(await request(round));
  allTimes.push(...times);
  const p95 = percentile(times, 0.95);
  console.log(
    `  ${scenario.name}: p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms ` +
      `(${(p95 / TARGET_P95_MS).toFixed(2)} × the ${TARGET_P95_MS} ms target, ${REQUESTS_PER_SCENARIO} requests)`,
  );
}

reportFigure({ bench: BENCH, name: 'back-office search p50, all scenarios', value: percentile(allTimes, 0.5), unit: 'ms' });
reportFigure({ bench: BENCH, name: 'back-office search p95, all scenarios', value: percentile(allTimes, 0.95), unit: 'ms', target: { comparison: '<=', value: TARGET_P95_MS } });

await app.close();
context.mailer.close();
await database.close();
