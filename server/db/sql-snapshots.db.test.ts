/**
 * Snapshots of the SQL that the heavy query files compile (consumption, alerts, ingest,
 * sign-up), so that a change of a query shows in review as a change of SQL.
 *
 * The test drives the real flows on a fresh database and records, for every statement that ran
 * through Kysely, its compiled text (with `$1` placeholders, never the values) and the query
 * function that issued it. One file per query file is written under `__sql__/`.
 *
 * A query changed on purpose: run `npx vitest run server/db/sql-snapshots.db.test.ts -u` and
 * commit the changed `__sql__/*.sql` with the change. CI runs vitest without `-u` (and with
 * CI=true vitest writes no missing snapshot), so a query changed without its snapshot fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PostgresQueryCompiler, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryId, type RootOperationNode } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import type { AppContext } from '../app-context.ts';
import { FixedClock } from '../clock.ts';
import { createAppContext } from '../modules.ts';
import { detectAlerts } from '../modules/alerts/alert-detection.service.ts';
import { recoverAlertNotices, sendAlertNoticeJob } from '../modules/alerts/alert-notices.jobs.ts';
import { selectContinuousFlowRuns } from '../modules/alerts/alert-detection.queries.ts';
import { releaseNoticeLock, tryNoticeLock } from '../modules/alerts/alert-notices.queries.ts';
import { listAlertNotices, scheduleEpisodeNotices } from '../modules/alerts/alert-notices.service.ts';
import { rebuildConsumption } from '../modules/consumption/consumption-rebuild.ts';
import { startConsumptionRefresher } from '../modules/consumption/consumption-refresher.ts';
import { getDailyConsumption, getDeviceDailyConsumption, getMonthlyConsumption, queueConsumptionRefresh, refreshQueuedConsumption } from '../modules/consumption/consumption.service.ts';
import { decideDataHealthItem, listDataHealthItems } from '../modules/consumption/data-health-items.ts';
import { authenticateDataSource, createDataSource, findDataSource, listDataSourcesWithLastBatch, revokeDataSourceByName } from '../modules/ingest/data-sources.service.ts';
import { importReadingsCsv, previewReadingsCsv } from '../modules/ingest/readings-import.service.ts';
import { listQuarantinedMessages, replayQuarantineFor } from '../modules/ingest/wmbusmeters.service.ts';
import { liftResidenceLookupBudget } from '../modules/signup/signup-lookup-budget.ts';
import { signupsWaitingForCode } from '../modules/signup/signup-verification.service.ts';
import { buildDevice, buildDwelling, buildResidence, buildResident, buildStaff } from '../test/factories.ts';
import { signInAs } from '../test/login-as.ts';
import { startSmsTestServer, type SmsTestServer } from '../test/sms-test-server.ts';
import { lastCodeSentTo } from '../test/sent-mail.ts';
import { TEST_NOW } from '../test/test-app.ts';
import { testConfig } from '../test/test-config.ts';
import { createTestDatabase, type TestDatabase } from '../test/test-database.ts';
import { insertReadings } from '../test/readings.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MODULES = ['consumption', 'alerts', 'ingest', 'signup'] as const;
/** A stack frame inside one of the snapshotted query files: `at fn (…/server/modules/<m>/<x>.queries.ts:1:2)`. */
const QUERY_FRAME = new RegExp(`at (?:async )?(?:([\\w$.<>]+) \\()?[^\\s(]*/server/modules/(${MODULES.join('|')})/([\\w.-]+)\\.queries\\.ts:\\d+`, 'g');

/** Every query file of the four modules, as `<module>.<name>` (`consumption.consumption` for consumption/consumption.queries.ts). */
const QUERY_FILES = MODULES.flatMap((module) =>
  readdirSync(join(ROOT, 'server/modules', module))
    .filter((name) => name.endsWith('.queries.ts'))
    .map((name) => `${module}.${name.slice(0, -'.queries.ts'.length)}`)
    .sort(),
);

interface Origin {
  file: string;
  fn: string;
}

/**
 * Records the statements the query files run. `transformQuery` sees the statement being built
 * while the query function is on the stack; only `transformResult` proves it ran (a builder used
 * as a subquery is built and never run on its own), so the text is kept then.
 */
class StatementRecorder implements KyselyPlugin {
  readonly statements = new Map<string, Map<string, Set<string>>>();
  readonly #built = new WeakMap<QueryId, { origin: Origin; node: RootOperationNode }>();
  readonly #compiler = new PostgresQueryCompiler();

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 60;
    const stack = new Error().stack ?? '';
    Error.stackTraceLimit = limit;
    // The innermost query file on the stack issued the statement; within it, the innermost
    // exported function (a private helper such as a lock taker speaks for its exported callers).
    const frames = [...stack.matchAll(QUERY_FRAME)].map((frame) => ({ file: `${frame[2]}.${frame[3]}`, fn: frame[1]?.split('.').pop() ?? '(anonymous)' }));
    const file = frames[0]?.file;
    if (file) {
      const ofFile = frames.filter((frame) => frame.file === file);
      const exported = exportedFunctions(file);
      this.#built.set(queryId, { origin: ofFile.find((frame) => exported.includes(frame.fn)) ?? ofFile[0]!, node });
    }
    return node;
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs) {
    const built = this.#built.get(queryId);
    if (built) {
      const text = normalise(this.#compiler.compileQuery(built.node, queryId).sql);
      const ofFile = this.statements.get(built.origin.file) ?? new Map<string, Set<string>>();
      this.statements.set(built.origin.file, ofFile);
      const functions = ofFile.get(text) ?? new Set<string>();
      ofFile.set(text, functions);
      functions.add(built.origin.fn);
    }
    return result;
  }
}

/**
 * The text a reviewer reads. Lists vary with the data (`in ($1, $2)`, the rows of an insert):
 * each is written as its first item and `…` ("as many as the data has"), and the placeholders
 * numbered again, so that one query has one text. Kysely's one-line statements get a line break
 * before each main clause (outside quoted text); raw SQL keeps its author's layout.
 */
function normalise(statement: string): string {
  const single = statement
    .replace(/ in \((\$\d+)(?:, \$\d+)*\)/gi, ' in ($1, …)')
    .replace(/ values (\([^()]*\))(?:, \([^()]*\))*/gi, ' values $1, …');
  let position = 0;
  const numbered = single.replace(/\$\d+/g, () => `$${(position += 1)}`);
  if (numbered.includes('\n')) return numbered.trim();
  const clauses = /(?<!\b(?:inner|left|right|full|cross|distinct))\s+(?=(?:from|where|inner join|left join|join|group by|order by|having|limit|offset|on conflict|returning|values|set|union all|union)\b)/gi;
  return numbered
    .split(/('(?:[^']|'')*'|"(?:[^"]|"")*")/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(clauses, '\n  ')))
    .join('')
    .trim();
}

const exportedOf = new Map<string, string[]>();

/** The functions a query file exports (`consumption.consumption` → consumption/consumption.queries.ts), read from its source. */
function exportedFunctions(file: string): string[] {
  let exported = exportedOf.get(file);
  if (!exported) {
    const [module, name] = [file.slice(0, file.indexOf('.')), file.slice(file.indexOf('.') + 1)];
    const source = readFileSync(join(ROOT, 'server/modules', module, `${name}.queries.ts`), 'utf8');
    exported = [...source.matchAll(/^export (?:async )?function (\w+)/gm)].map((match) => match[1]!).sort();
    exportedOf.set(file, exported);
  }
  return exported;
}

function snapshotText(file: string, statements: Map<string, Set<string>>): string {
  const seen = new Set([...statements.values()].flatMap((functions) => [...functions]));
  const exported = exportedFunctions(file);
  const blocks = [...statements]
    .map(([text, functions]) => ({ by: [...functions].sort().join(', '), text }))
    // Code-unit order, not the locale's: the same file on every machine.
    .sort((a, b) => (a.by === b.by ? (a.text < b.text ? -1 : 1) : a.by < b.by ? -1 : 1))
    .map(({ by, text }) => `-- ${by}\n${text};`);
  return [
    `-- The SQL compiled by server/modules/${file.replace('.', '/')}.queries.ts in the flows of ${relative(ROOT, fileURLToPath(import.meta.url))}.`,
    `-- Generated: a changed query changes this file; update it with \`npx vitest run ${relative(ROOT, fileURLToPath(import.meta.url))} -u\` and review the diff.`,
    '-- `…` stands for as many list items or rows as the data has.',
    `-- Exported functions that issued the statements below: ${exported.filter((fn) => seen.has(fn)).join(', ') || 'none'}`,
    `-- Exported functions that issued no statement of their own here (not run, or they build a fragment of another statement): ${exported.filter((fn) => !seen.has(fn)).join(', ') || 'none'}`,
    '',
    blocks.join('\n\n'),
    '',
  ].join('\n');
}

describe('compiled SQL of the heavy query files', () => {
  const recorder = new StatementRecorder();
  let database: TestDatabase;
  let context: AppContext;
  let app: FastifyInstance;
  let sms: SmsTestServer;

  beforeAll(async () => {
    sms = await startSmsTestServer();
    database = await createTestDatabase();
    // The app runs on the same database through a Kysely that also records: production code is untouched.
    const recorded = { ...database, db: database.db.withPlugin(recorder) };
    context = createAppContext({ config: testConfig(sms.environment), database: recorded, clock: new FixedClock(TEST_NOW) }, { pollingIntervalSeconds: 0.5, maintenance: false });
    app = await buildApp(context, { logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await context?.jobs.stop();
    context?.mailer.close();
    await database?.close();
    await sms?.close();
  });

  const HOUR = 3_600_000;
  const hourlyCsv = (serial: string, hours: number, from: number, index: (hour: number) => number = (hour) => 10 + hour * 0.01) => [
    'serial_number,read_at,index',
    ...Array.from({ length: hours }, (_, hour) => `${serial},${new Date(from + hour * HOUR).toISOString()},${index(hour).toFixed(2)}`),
  ];
  const wmbus = (fields: Record<string, unknown>) => JSON.stringify({ _: 'telegram', media: 'water', name: 'test', ...fields });

  it('ingests wmbusmeters telegrams, quarantines an unknown meter and replays it once the meter is known', async () => {
    const { token } = await createDataSource(context, 'gateway-snapshots');
    const residence = await buildResidence(context.db, { time_zone: 'Europe/Paris' });
    const meter = await buildDevice(context.db, { residence_id: residence.id, serial_number: '710000001', radio_id: '71000001', kind: 'cold_water' });
    const post = () =>
      app.inject({
        method: 'POST',
        url: '/api/ingest/wmbusmeters',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        payload: [
          wmbus({ id: '71000001', meter: 'multical21', timestamp: '2026-03-15T10:00:00Z', total_m3: 12.5 }),
          wmbus({ id: '71000001', meter: 'multical21', timestamp: '2026-03-15T11:00:00Z', total_m3: 12.6 }),
          wmbus({ id: '71000002', meter: 'multical21', timestamp: '2026-03-15T10:00:00Z', total_m3: 3 }),
        ].join('\n'),
      });
    expect((await post()).json()).toMatchObject({ received: 3, stored: 2, quarantined: 1 });
    expect((await post()).json()).toMatchObject({ received: 3, duplicate: 2 });
    expect((await listQuarantinedMessages(context, 10)).total).toBe(1);
    await buildDevice(context.db, { residence_id: residence.id, serial_number: '710000002', radio_id: '71000002', kind: 'cold_water' });
    expect((await replayQuarantineFor(context, { radioIds: ['71000002'], serialNumbers: ['710000002'] })).replayed).toBe(1);
    // The refresher behind HTTP and MQTT ingest takes the devices marked for a refresh.
    const marks = () => context.db.selectFrom('consumption_refresh_queue').select('device_id').execute();
    await queueConsumptionRefresh(context.db, [{ deviceId: meter.id, changedFrom: new Date('2026-03-15T00:00:00Z') }], new Date(TEST_NOW));
    expect((await marks()).length).toBeGreaterThan(0);
    const refresher = startConsumptionRefresher(context, { intervalMs: 20, log: app.log });
    for (let waited = 0; (await marks()).length > 0 && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    await refresher.stop();
    expect(await marks()).toEqual([]);
    // A token signed under the previous session secret is signed again under the current one.
    const previous = 'previous-secret-previous-secret-0123456';
    const rotated = await createDataSource({ ...context, config: testConfig({ SESSION_SECRET: previous }) }, 'gateway-rotated');
    const afterRotation = { ...context, config: testConfig({ SESSION_SECRET_PREVIOUS: previous }) };
    expect(await authenticateDataSource(afterRotation, `Bearer ${rotated.token}`)).toMatchObject({ name: 'gateway-rotated' });
    const sources = await listDataSourcesWithLastBatch(context);
    expect(await findDataSource(context, sources.find((source) => source.name === 'gateway-snapshots')!.id)).toMatchObject({ name: 'gateway-snapshots' });
    expect(await revokeDataSourceByName(context, 'gateway-snapshots')).toBe(true);
  });

  it('places readings of the hour lived twice when clocks go back (Europe/Paris, 2026-10-25)', async () => {
    const residence = await buildResidence(context.db, { time_zone: 'Europe/Paris' });
    await buildDevice(context.db, { residence_id: residence.id, serial_number: '710000030', kind: 'cold_water', installed_on: '2026-01-01' });
    const importLines = (lines: string[]) => importReadingsCsv(context, { lines: ['serial_number;read_at;index', ...lines], origin: 'repeated.csv' }, {});
    expect(await importLines(['710000030;25/10/2026 01:30:00;10', '710000030;25/10/2026 02:30:00;11'])).toMatchObject({ rowsStored: 2 });
    expect(await importLines(['710000030;25/10/2026 02:30:00;12', '710000030;25/10/2026 03:30:00;13'])).toMatchObject({ rowsStored: 2, rowsConflicting: 0 });
    // The winter reading first: the summer one, when it comes, takes its place (a stored reading moves).
    await buildDevice(context.db, { residence_id: residence.id, serial_number: '710000031', kind: 'cold_water', installed_on: '2026-01-01' });
    expect(await importLines(['710000031;25/10/2026 02:30:00;12', '710000031;25/10/2026 03:30:00;13'])).toMatchObject({ rowsStored: 2 });
    expect(await importLines(['710000031;25/10/2026 01:30:00;10', '710000031;25/10/2026 02:30:00;11'])).toMatchObject({ rowsStored: 2, rowsConflicting: 0 });
  });

  it('imports a readings file, previews it again, and refreshes and rebuilds its consumption', async () => {
    const residence = await buildResidence(context.db, { building_code: '71000010' });
    const device = await buildDevice(context.db, { residence_id: residence.id, serial_number: '710000010', kind: 'cold_water' });
    const from = Date.UTC(2026, 0, 5);
    // A jump the meter cannot make in an hour (a data-health item), then a decrease of the index.
    // 96 rows: under reading-store's COPY_FROM_ROWS, so PostgreSQL inserts them as PGlite does
    // (from 100 rows it streams COPY on its own connection, outside Kysely, and no snapshot sees it).
    const lines = hourlyCsv('710000010', 96, from, (hour) => (hour < 30 ? 10 + hour * 0.01 : hour < 60 ? 900 + hour * 0.01 : 800 + hour * 0.01));
    expect(await importReadingsCsv(context, { lines, origin: 'snapshots.csv' }, {})).toMatchObject({ rowsStored: 96 });
    expect(await previewReadingsCsv(context, lines, {})).toMatchObject({ rowsRead: 96 });
    const conflicting = ['serial_number,read_at,index', `710000010,${new Date(from).toISOString()},11.00`];
    await importReadingsCsv(context, { lines: conflicting, origin: 'conflict.csv' }, {}).catch(() => undefined);
    await refreshQueuedConsumption(context);
    expect((await rebuildConsumption(context, { buildingCode: '71000010' })).devices).toBe(1);
    expect((await getDeviceDailyConsumption(context.db, device.id, '2026-01-01', '2026-01-31')).length).toBeGreaterThan(0);
    expect((await getDailyConsumption(context.db, device.dwelling_id, 'cold_water', '2026-01-01', '2026-01-31')).length).toBeGreaterThan(0);
    expect((await getMonthlyConsumption(context.db, device.dwelling_id, 'cold_water', '2026-01', '2026-03')).length).toBeGreaterThan(0);
    const items = await listDataHealthItems(context.db, { buildingCode: '71000010' }, { page: 1, pageSize: 20 });
    const staff = await buildStaff(context.db);
    if (items.items[0]) await decideDataHealthItem(context.db, { itemId: items.items[0].id, status: 'glitch', decidedBy: staff.user.id, now: new Date(TEST_NOW) });
    await refreshQueuedConsumption(context);
  });

  it('detects a leak, schedules and sends its notices, and shows it to the resident', async () => {
    const resident = await buildResident(context.db);
    const device = await buildDevice(context.db, { dwelling_id: resident.dwelling.id, kind: 'cold_water' });
    const start = Date.parse(TEST_NOW) - 60 * HOUR;
    await insertReadings(context.db, Array.from({ length: 60 }, (_, hour) => ({ residence_id: device.residence_id, device_id: device.id, read_at: new Date(start + hour * HOUR), index_value: (100 + hour * 0.005).toFixed(6), source: 'csv' as const })));
    await detectAlerts(context, { residenceIds: [device.residence_id] });
    await detectAlerts(context, { residenceIds: null });
    // A later reading extends the open episode.
    await insertReadings(context.db, { residence_id: device.residence_id, device_id: device.id, read_at: new Date(TEST_NOW), index_value: '100.310000', source: 'csv' });
    await detectAlerts(context, { residenceIds: [device.residence_id] });
    const episode = await context.db.selectFrom('alert_episodes').select('id').where('device_id', '=', device.id).executeTakeFirstOrThrow();
    await scheduleEpisodeNotices(context, episode.id);
    await context.jobs.runWaiting(context, [sendAlertNoticeJob]);
    // Statements only one kind of database runs, run here on both so that both record the same
    // SQL: on PostgreSQL detection reads the devices in two shares, on PGlite in one; only
    // PostgreSQL delivery takes the notice's advisory lock.
    const scope = { residenceIds: [device.residence_id], from: null };
    await selectContinuousFlowRuns(context.db, scope, context.config.alerts.flow);
    await selectContinuousFlowRuns(context.db, { ...scope, share: [0, 2] }, context.config.alerts.flow);
    const notice = await context.db.selectFrom('alert_notices').select('id').where('episode_id', '=', episode.id).orderBy('channel').limit(1).executeTakeFirstOrThrow();
    expect(await tryNoticeLock(context.db, notice.id)).toBe(true);
    await releaseNoticeLock(context.db, notice.id);
    await recoverAlertNotices(context, { pendingAfterSeconds: 0, sendingAfterSeconds: 0, failedAfterSeconds: 0 });
    expect((await listAlertNotices(context, { residenceId: device.residence_id })).items.length).toBeGreaterThan(0);
    const session = await signInAs({ app, context, database, clock: context.clock as FixedClock, close: async () => {} }, resident.user);
    expect((await app.inject({ method: 'GET', url: '/api/resident/alerts', headers: session })).statusCode).toBe(200);
  });

  it('records an SMS the provider refuses for good (number barred) as failed', async () => {
    const resident = await buildResident(context.db, { profile: { mobile_e164: '+33611546587', notify_leak_by_sms: true } });
    sms.barNumber('+33611546587');
    const device = await buildDevice(context.db, { dwelling_id: resident.dwelling.id, kind: 'cold_water' });
    const episode = await context.db
      .insertInto('alert_episodes')
      .values({
        residence_id: device.residence_id,
        dwelling_id: device.dwelling_id,
        device_id: device.id,
        kind: 'leak',
        fluid: 'cold_water',
        source: 'readings',
        started_at: '2026-03-14T02:00:00Z',
        last_seen_at: '2026-03-16T08:00:00Z',
        opened_at: '2026-03-16T08:05:00Z',
        details: JSON.stringify({}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await scheduleEpisodeNotices(context, episode.id);
    await context.jobs.runWaiting(context, [sendAlertNoticeJob]);
    const failed = await context.db.selectFrom('alert_notices').select('status').where('episode_id', '=', episode.id).where('channel', '=', 'sms').executeTakeFirstOrThrow();
    expect(failed.status).toBe('failed');
  });

  it('signs a resident up by serial number through to the code', async () => {
    const residence = await buildResidence(context.db);
    await buildDevice(context.db, { residence_id: residence.id, serial_number: '710000020', kind: 'cold_water' });
    let cookie = '';
    const call = async (method: 'POST' | 'PUT', url: string, payload: unknown) => {
      const response = await app.inject({ method, url, payload: payload as object, headers: cookie ? { cookie } : {}, remoteAddress: '198.51.100.71' });
      const attempt = response.cookies.find((candidate) => candidate.name === 'signup_attempt');
      if (attempt) cookie = `signup_attempt=${attempt.value}`;
      expect(response.statusCode, `${url}: ${response.body}`).toBeLessThan(300);
      return response;
    };
    await call('POST', '/api/signup/identify/serial-number', { deviceType: 'unknown', serialNumber: '710000020' });
    await call('POST', '/api/signup/attestation', { isCurrentOccupant: true });
    await call('POST', '/api/signup/profile', { isOwner: false, movedInOn: '2024-05-12', councilMember: 'no' });
    await call('POST', '/api/signup/options', { notifyLeakByEmail: true, notifyLeakBySms: false, notifyOverconsumption: true, managerMaySeeDaily: false });
    await call('POST', '/api/signup/personal-info', {
      civility: 'madame',
      lastName: 'Snapshot',
      firstName: 'Camille',
      mobile: '+33 06 11 54 65 87',
      email: 'sql-snapshots@example.test',
      password: 'Garnison-Agde-2024',
      acceptsPrivacyPolicy: true,
      subscribesNewsletter: false,
    });
    await call('PUT', '/api/signup/email', { email: 'sql-snapshots-2@example.test' });
    await call('POST', '/api/signup/verification/resend', {});
    expect(await signupsWaitingForCode(context, 'sql-snapshots-2@example.test')).toHaveLength(1);
    const code = await lastCodeSentTo(context.db, 'sql-snapshots-2@example.test');
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await app.inject({ method: 'POST', url: '/api/signup/verification', payload: { code: wrong }, headers: { cookie }, remoteAddress: '198.51.100.71' })).statusCode).toBe(422);
    expect((await call('POST', '/api/signup/verification', { code })).json().step).toBe('completed');

    // The building-code way, then « Ce n’est pas mon logement ».
    const other = await buildDwelling(context.db, { residence_id: residence.id });
    cookie = '';
    await call('POST', '/api/signup/identify/building-code', { buildingCode: residence.building_code });
    await call('POST', '/api/signup/identify/dwelling-reference', { buildingCode: residence.building_code, dwellingReference: other.reference });
    const abandoned = await app.inject({ method: 'DELETE', url: '/api/signup', headers: { cookie }, remoteAddress: '198.51.100.71' });
    expect(abandoned.statusCode).toBeLessThan(300);
    const staff = await buildStaff(context.db);
    await liftResidenceLookupBudget(context, { residenceId: residence.id, staffUserId: staff.user.id });
  });

  // After the flows above (tests of a file run in order): one test per query file, so that a
  // review sees every file whose SQL changed, not only the first.
  it.each(QUERY_FILES)('matches the committed SQL of %s', async (file) => {
    await expect(snapshotText(file, recorder.statements.get(file) ?? new Map())).toMatchFileSnapshot(`__sql__/${file}.sql`);
  });
});
