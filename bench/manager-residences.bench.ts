/**
 * « Mes résidences » at portfolio scale, on the real PostgreSQL: 1,000 residences and 50,000
 * dwellings (a third with a resident account), inserted in bulk by the database. The list is
 * asked through its real HTTP route (guards, session lookup, validation, serialisation) with
 * `app.inject`, one request after another, for a portal administrator who sees the whole
 * portfolio and for a manager given access to 400 residences one by one.
 * Target (issue 8): p95 ≤ 50 ms.
 */
import { createAppContext } from '../server/modules.ts';
import { sql } from 'kysely';
import { buildApp } from '../server/app.ts';
import { systemClock } from '../server/clock.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { sessionCookieName } from '../server/modules/accounts/session-cookie.ts';
import { startSession } from '../server/modules/accounts/sessions.service.ts';
import { buildManager } from '../server/test/factories.ts';
import { benchDatabaseUrl, percentile, reportFigure } from './support/bench-output.ts';

const BENCH = 'manager-residences';
const RESIDENCES = Number(process.env.BENCH_MANAGER_RESIDENCES ?? 1_000);
const DWELLINGS_PER_RESIDENCE = Number(process.env.BENCH_MANAGER_DWELLINGS_PER_RESIDENCE ?? 50);
const RESTRICTED_ACCESS = 400;
const REQUESTS_PER_SCENARIO = Number(process.env.BENCH_MANAGER_REQUESTS ?? 300);
const WARM_UP_REQUESTS = 30;
const TARGET_P95_MS = 50;

const url = benchDatabaseUrl();
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://portal.bench', DEMO_DATA: 'false', DATABASE_URL: url });
const database = await openDatabase({ kind: 'postgres', url });
const context = createAppContext({ config, database, clock: systemClock });
const { db } = database;

async function createPortfolio(): Promise<string> {
  const client = await db.insertInto('clients').values({ name: 'Bailleur du banc', kind: 'bailleur' }).returning('id').executeTakeFirstOrThrow();
  const contract = await db
    .insertInto('contracts')
    .values({ client_id: client.id, reference: 'BENCH-MANAGERS', booked_options: ['remote_reading', 'resident_portal'], starts_on: '2020-01-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    insert into residences (client_id, contract_id, building_code, name, street, postal_code, city, published_at)
    select ${client.id}::uuid, ${contract.id}::uuid, (60000000 + n)::text,
           case when n % 3 = 0 then null else 'Résidence ' || n end,
           n || ' RUE DES COMPTEURS', lpad(((n * 37) % 95 + 1)::text, 2, '0') || '000',
           (array['PARIS', 'LYON', 'MARSEILLE', 'TOULOUSE', 'NANTES'])[n % 5 + 1],
           case when n % 10 = 0 then null else timestamptz '2025-01-01' + n * interval '6 hours' end
    from generate_series(1, ${RESIDENCES}::int) as n
  `.execute(db);
  await sql`
    insert into dwellings (residence_id, client_number, dwelling_code, reference)
    select r.id, 'L' || d, lpad(d::text, 8, '0'), upper(substr(md5(r.building_code || '-' || d), 1, 10))
    from residences r cross join generate_series(1, ${DWELLINGS_PER_RESIDENCE}::int) as d
  `.execute(db);
  await sql`
    with signed_up as (
      insert into users (role, email, dwelling_id)
      select 'resident', 'resident-' || d.id || '@bench.test', d.id
      from dwellings d where ('x' || substr(md5(d.id::text), 1, 2))::bit(8)::int < 86
      returning id, dwelling_id
    )
    insert into resident_profiles (user_id, residence_id, civility, last_name, first_name, manager_may_see_daily, privacy_consent_at, privacy_policy_version, moved_in_on)
    select s.id, d.residence_id, 'madame', 'Banc', 'Camille', true, now(), 'bench', '2024-01-01'
    from signed_up s join dwellings d on d.id = s.dwelling_id
  `.execute(db);
  await sql`analyze`.execute(db);
  return client.id;
}

async function sessionCookie(userId: string): Promise<string> {
  const started = await startSession(context, { userId, role: 'manager', assurance: 'full', clientAddress: '127.0.0.1', userAgent: 'bench' });
  return `${sessionCookieName(config)}=${started.token}`;
}

const preparedAt = performance.now();
const clientId = await createPortfolio();
const administrator = await buildManager(db, { client_id: clientId, is_portal_admin: true, sees_all_residences: true });
const restricted = await buildManager(db, { client_id: clientId });
await sql`
  insert into manager_residence_access (user_id, residence_id)
  select ${restricted.user.id}::uuid, id from residences order by md5(id::text) limit ${RESTRICTED_ACCESS}::int
`.execute(db);
const counts = await sql<{ residences: number; dwellings: number; accounts: number }>`
  select (select count(*)::int from residences) as residences, (select count(*)::int from dwellings) as dwellings,
         (select count(*)::int from resident_profiles) as accounts
`.execute(db);
const { residences, dwellings, accounts } = counts.rows[0]!;
console.log(
  `Portfolio: ${residences.toLocaleString('en-US')} residences, ${dwellings.toLocaleString('en-US')} dwellings, ` +
    `${accounts.toLocaleString('en-US')} resident accounts (made in ${((performance.now() - preparedAt) / 1000).toFixed(1)} s)`,
);

const app = await buildApp(context, { logger: false });
const cookies = { administrator: await sessionCookie(administrator.user.id), restricted: await sessionCookie(restricted.user.id) };
const lastPage = Math.ceil(RESIDENCES / 25);
const scenarios: Array<{ name: string; who: keyof typeof cookies; path: (round: number) => string }> = [
  { name: 'first page, whole portfolio', who: 'administrator', path: () => '/api/manager/residences' },
  { name: 'any page, whole portfolio', who: 'administrator', path: (round) => `/api/manager/residences?page=${(round % lastPage) + 1}` },
  { name: 'search by town or name, whole portfolio', who: 'administrator', path: (round) => `/api/manager/residences?search=${['lyon', 'résidence 7', 'rue des'][round % 3]}` },
  { name: 'search by building code', who: 'administrator', path: (round) => `/api/manager/residences?search=${60000000 + (round % RESIDENCES) + 1}` },
  { name: 'any page, 400 residences by access', who: 'restricted', path: (round) => `/api/manager/residences?page=${(round % 16) + 1}` },
];

const allTimes: number[] = [];
for (const scenario of scenarios) {
  const request = async (round: number) => {
    const startedAt = performance.now();
    const response = await app.inject({ method: 'GET', url: scenario.path(round), headers: { cookie: cookies[scenario.who] } });
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

reportFigure({ bench: BENCH, name: 'residence list p50, all scenarios', value: percentile(allTimes, 0.5), unit: 'ms' });
reportFigure({ bench: BENCH, name: 'residence list p95, all scenarios', value: percentile(allTimes, 0.95), unit: 'ms', target: { comparison: '<=', value: TARGET_P95_MS } });
reportFigure({ bench: BENCH, name: 'residence list p95 / target', value: percentile(allTimes, 0.95) / TARGET_P95_MS, unit: '×', target: { comparison: '<=', value: 1 } });

await app.close();
context.mailer.close();
await database.close();
