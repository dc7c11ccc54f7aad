/**
 * `npm run cluster:failover`: the failover test against the local cluster (deploy/cluster.sh,
 * docs/PRODUCTION.md). For each replication mode (asynchronous, synchronous) and each kill
 * (the primary's Patroni and PostgreSQL together, or one portal node), all with SIGKILL:
 * runs ingest (HTTP single-message posts and MQTT QoS 1, one reading per message) and a
 * resident's dashboard calls through HAProxy, kills, waits for the portal to answer again,
 * restarts what was killed (deploy/cluster.sh start) and checks which acknowledged readings
 * are stored. Leaks are planted all along (scripts/failover/leak-notices.ts): after the run, the
 * episodes opened and what became of each alert notice. Prints one table; the figures are also
 * written to CLUSTER_DIR/failover-results.json.
 *
 *   npm run cluster:failover [-- --modes async,sync --kills primary,node]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { runImportCommand } from './failover/import-command.ts';
import { addLeakMeters, afterNextNoticeRecovery, LEAK_METER_MANUFACTURER, describeNoticeFigures, noticeFigures, plantLeaks } from './failover/leak-notices.ts';
import { longestGapSeconds, outageAfter } from './failover/outage.ts';
import { browseAsResident, pause, postReadingsOverHttp, publishReadingsOverMqtt, readingKey, readingSequence, type StreamRecord, type TestDevice } from './failover/traffic.ts';

type Mode = 'async' | 'sync';
type Kill = 'primary' | 'node';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const clusterDir = process.env.CLUSTER_DIR ?? path.join(repositoryRoot, '.cluster');
const clusterScript = path.join(repositoryRoot, 'deploy/cluster.sh');
const { values: options } = parseArgs({ options: { modes: { type: 'string', default: 'async,sync' }, kills: { type: 'string', default: 'primary,node' } } });
const modes = options.modes.split(',') as Mode[];
const kills = options.kills.split(',') as Kill[];

/** Load before the kill; its last BEFORE_SECONDS give the throughput figure. */
const WARM_UP_SECONDS = 5;
const BEFORE_SECONDS = 20;
/** After the kill: at least this long, and until every HTTP stream has succeeded for RECOVERED_SECONDS. */
const MIN_AFTER_SECONDS = 20;
const RECOVERED_SECONDS = 10;
const MAX_AFTER_SECONDS = 120;
const HTTP_INGEST_CONNECTIONS = 8;
const MQTT_IN_FLIGHT = 16;
/** Below what the cluster stores before any kill (about 300/s measured with one publisher unpaced). */
const MQTT_PER_SECOND = 150;
const RESIDENT_CLIENTS = 2;
const RESIDENT = { email: 'claire.fabre@demo.example', password: 'Demo-Resident-2026' };
/** One leak planted every LEAK_EVERY_MS from the start of the load, on as many meters as LEAK_METERS (enough for 80 s). */
const LEAK_EVERY_MS = 2000;
const LEAK_METERS = 40;

const results: Array<Record<string, string | number>> = [];
for (const mode of modes) {
  for (const kill of kills) {
    console.log(`\n=== ${mode === 'sync' ? 'synchronous' : 'asynchronous'} replication, kill: ${kill === 'primary' ? "the primary's Patroni and PostgreSQL" : 'portal node 1'} ===`);
    results.push(await runScenario(mode, kill));
  }
}
console.log('');
console.table(results);
writeFileSync(path.join(clusterDir, 'failover-results.json'), `${JSON.stringify(results, null, 2)}\n`);

async function runScenario(mode: Mode, kill: Kill): Promise<Record<string, string | number>> {
  startCluster(mode);
  const cluster = readClusterEnv();
  await waitForHealthyMembers(cluster, mode);
  const database = new pg.Pool({ connectionString: cluster.DATABASE_URL, max: 2 });
  try {
    const token = createDataSourceToken(cluster);
    const devices = await testDevices(database);
    const leakMeters = await addLeakMeters({ database, count: LEAK_METERS, importInventory: (file) => runImportCommand(repositoryRoot, cluster, ['inventory', file]) });
    const mqttDevices = devices.filter((_, index) => index % 2 === 0);
    const httpDevices = devices.filter((_, index) => index % 2 === 1);
    let running = true;
    const isRunning = () => running;
    const httpIngest = postReadingsOverHttp({ portalUrl: cluster.PORTAL_URL!, token, next: readingSequence(httpDevices), connections: HTTP_INGEST_CONNECTIONS, isRunning });
    const mqttIngest = await publishReadingsOverMqtt({ mqttUrl: cluster.MQTT_URL!, topic: `wmbusmeters/failover-${process.pid}`, next: readingSequence(mqttDevices), perSecond: MQTT_PER_SECOND, inFlight: MQTT_IN_FLIGHT, isRunning });
    const resident = await browseAsResident({ portalUrl: cluster.PORTAL_URL!, ...RESIDENT, clients: RESIDENT_CLIENTS, isRunning });
    const leaks = plantLeaks({ portalUrl: cluster.PORTAL_URL!, token, meters: leakMeters, everyMs: LEAK_EVERY_MS, isRunning });

    await pause((WARM_UP_SECONDS + BEFORE_SECONDS) * 1000);
    const killed = killTarget(cluster, kill);
    const killAt = Date.now();
    console.log(`killed ${killed.description} with SIGKILL`);
    const promotedAfter = kill === 'primary' ? await waitForNewPrimary(cluster, killed.member!, killAt) : Number.NaN;
    await waitForRecovery(killAt, [httpIngest.record, resident.record]);
    running = false;
    const loadEndedAt = Date.now();
    await Promise.all([httpIngest.done, mqttIngest.done, resident.done, leaks.done]);

    console.log(`restarting ${killed.description}`);
    startCluster(mode);
    const mqttAcknowledged = new Set(mqttIngest.record.acknowledged.map((ack) => ack.key));
    const stored = await storedReadings(database, devices, mqttAcknowledged);

    const receivedMoments = (subset: readonly TestDevice[]) => {
      const ids = new Set(subset.map((device) => device.deviceId));
      return stored.filter((reading) => ids.has(reading.deviceId)).map((reading) => reading.receivedAt);
    };
    const storedPerSecondBefore = (subset: readonly TestDevice[]) =>
      receivedMoments(subset).filter((at) => at >= killAt - BEFORE_SECONDS * 1000 && at < killAt).length / BEFORE_SECONDS;
    const storedKeys = new Set(stored.map((reading) => reading.key));
    const foundOf = (record: StreamRecord, before: number) => {
      const acknowledged = record.acknowledged.filter((ack) => ack.at < before);
      return `${acknowledged.filter((ack) => storedKeys.has(ack.key)).length}/${acknowledged.length}`;
    };
    console.log('waiting for the planted leaks\' notices (at most until just after the next notice recovery run)');
    const notices = await noticeFigures(database, leaks.planted, afterNextNoticeRecovery(loadEndedAt));
    console.log(describeNoticeFigures(notices));
    const residentOutage = outageAfter(killAt, resident.record.outcomes);
    const httpOutage = outageAfter(killAt, httpIngest.record.outcomes);
    return {
      replication: mode,
      killed: kill,
      'promoted after s': round(promotedAfter),
      'resident: failure→success s': round(residentOutage.failureToSuccessSeconds),
      'resident: longest gap s': round(residentOutage.longestGapSeconds),
      'resident: failed requests': residentOutage.failedRequests,
      'HTTP ingest: failure→success s': round(httpOutage.failureToSuccessSeconds),
      'HTTP ingest: longest gap s': round(httpOutage.longestGapSeconds),
      'MQTT: longest gap in storing s': round(longestGapSeconds(killAt, receivedMoments(mqttDevices))),
      'HTTP acked before kill, found': foundOf(httpIngest.record, killAt),
      'MQTT acked before kill, found': foundOf(mqttIngest.record, killAt),
      'HTTP acked (whole run), found': foundOf(httpIngest.record, Number.POSITIVE_INFINITY),
      'MQTT acked (whole run), found': foundOf(mqttIngest.record, Number.POSITIVE_INFINITY),
      'HTTP stored/s before kill': Math.round(storedPerSecondBefore(httpDevices)),
      'MQTT stored/s before kill': Math.round(storedPerSecondBefore(mqttDevices)),
      'leaks planted (posted more than once)': `${notices.planted} (${leaks.planted.filter((leak) => leak.posts > 1).length})`,
      'leak episodes opened': notices.episodesOpened,
      'notices scheduled email+SMS': `${notices.emailScheduled}+${notices.smsScheduled}`,
      'notices delivered': notices.delivered,
      'notices lost': Object.values(notices.lost).reduce((sum, count) => sum + count, 0),
      'notices sent twice (attempted twice)': `${notices.sentTwice} (${notices.attemptedTwice})`,
    };
  } finally {
    await database.end();
  }
}

function startCluster(mode: Mode): void {
  const run = spawnSync(clusterScript, ['start'], { env: { ...process.env, CLUSTER_DIR: clusterDir, CLUSTER_SYNCHRONOUS: mode === 'sync' ? '1' : '0' }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`deploy/cluster.sh start failed:\n${run.stdout}\n${run.stderr}`);
}

function readClusterEnv(): Record<string, string> {
  const lines = readFileSync(path.join(clusterDir, 'cluster.env'), 'utf8').split('\n').filter(Boolean);
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

interface PatroniMember {
  name: string;
  role: string;
  state: string;
  lag?: number | string;
}

async function patroniMembers(cluster: Record<string, string>): Promise<PatroniMember[]> {
  for (const [key, url] of Object.entries(cluster)) {
    if (!key.startsWith('PATRONI_')) continue;
    try {
      const response = await fetch(`${url}/cluster`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return ((await response.json()) as { members: PatroniMember[] }).members;
    } catch {
      // that member is down: ask the next one
    }
  }
  return [];
}

/** Three members running, replicas caught up, and in synchronous mode one of them the synchronous standby. */
async function waitForHealthyMembers(cluster: Record<string, string>, mode: Mode): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const members = await patroniMembers(cluster);
    const replicasCaughtUp = members.filter((member) => member.role !== 'leader').every((member) => member.state === 'running' || member.state === 'streaming') && members.every((member) => member.lag === undefined || member.lag === 0);
    const healthy = members.length === 3 && members.some((member) => member.role === 'leader') && replicasCaughtUp && (mode === 'async' || members.some((member) => member.role === 'sync_standby'));
    if (healthy) {
      console.log(`members: ${members.map((member) => `${member.name} ${member.role}`).join(', ')}`);
      return;
    }
    if (Date.now() > deadline) throw new Error(`cluster not healthy: ${JSON.stringify(members)}`);
    await pause(1000);
  }
}

function createDataSourceToken(cluster: Record<string, string>): string {
  const output = runImportCommand(repositoryRoot, cluster, ['data-source', 'create', `failover-${Date.now()}`]);
  const token = /shown only this once:\s+(\S+)/.exec(output)?.[1];
  if (!token) throw new Error(`could not create a data source:\n${output}`);
  return token;
}

/**
 * Water meters with a radio id (48 in the demo portfolio), from their last stored reading: the test's
 * readings all come after it. Not the meters earlier runs added for leaks (their reading is from now).
 */
async function testDevices(database: pg.Pool): Promise<Array<TestDevice & { residenceId: string }>> {
  const { rows } = await database.query<{ residence_id: string; id: string; radio_id: string; read_at: Date; index_value: string }>(
    `select d.residence_id, d.id, d.radio_id, last.read_at, last.index_value
       from devices d
       cross join lateral (select read_at, index_value from readings r
                            where r.residence_id = d.residence_id and r.device_id = d.id
                            order by read_at desc limit 1) last
      where d.radio_id is not null and d.removed_on is null and d.unit = 'm3' and d.manufacturer <> $1
      order by d.id`,
    [LEAK_METER_MANUFACTURER],
  );
  if (rows.length < 2) throw new Error(`only ${rows.length} water meter(s) with a radio id and a reading`);
  return rows.map((row) => ({ residenceId: row.residence_id, deviceId: row.id, radioId: row.radio_id, lastReadAtMs: row.read_at.getTime(), lastIndex: Number(row.index_value) }));
}

function killTarget(cluster: Record<string, string>, kill: Kill): { description: string; member?: string } {
  if (kill === 'node') {
    process.kill(Number(readFileSync(path.join(clusterDir, 'run/portal1.pid'), 'utf8')), 'SIGKILL');
    return { description: 'portal node 1' };
  }
  const leader = findLeaderSync(cluster);
  const patroniPid = Number(readFileSync(path.join(clusterDir, `run/patroni${leader.slice(2)}.pid`), 'utf8'));
  const postmasterPid = Number(readFileSync(path.join(clusterDir, leader, 'data/postmaster.pid'), 'utf8').split('\n')[0]);
  process.kill(patroniPid, 'SIGKILL');
  process.kill(postmasterPid, 'SIGKILL');
  return { description: `primary ${leader} (Patroni ${patroniPid}, PostgreSQL ${postmasterPid})`, member: leader };
}

/** The member whose Patroni says it is the primary (curl: a synchronous answer right at the kill). */
function findLeaderSync(cluster: Record<string, string>): string {
  for (const [key, url] of Object.entries(cluster)) {
    if (!key.startsWith('PATRONI_')) continue;
    const probe = spawnSync('curl', ['-sf', '-o', '/dev/null', '-m', '2', `${url}/primary`]);
    if (probe.status === 0) return key.slice('PATRONI_'.length);
  }
  throw new Error('no primary found');
}

/** Seconds from the kill until another member answers 200 on /primary. */
async function waitForNewPrimary(cluster: Record<string, string>, oldLeader: string, killAt: number): Promise<number> {
  const others = Object.entries(cluster).filter(([key]) => key.startsWith('PATRONI_') && key !== `PATRONI_${oldLeader}`);
  while (Date.now() - killAt < MAX_AFTER_SECONDS * 1000) {
    for (const [key, url] of others) {
      try {
        if ((await fetch(`${url}/primary`, { signal: AbortSignal.timeout(1000) })).ok) {
          const seconds = (Date.now() - killAt) / 1000;
          console.log(`${key.slice('PATRONI_'.length)} promoted ${seconds.toFixed(1)} s after the kill`);
          return seconds;
        }
      } catch {
        // not answering yet
      }
    }
    await pause(250);
  }
  return Number.NaN;
}

async function waitForRecovery(killAt: number, records: readonly StreamRecord[]): Promise<void> {
  for (;;) {
    const now = Date.now();
    const elapsed = (now - killAt) / 1000;
    const recovered = records.every((record) => {
      const lastFailure = Math.max(killAt, ...record.outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.at));
      return record.outcomes.some((outcome) => outcome.ok && outcome.at > lastFailure) && now - lastFailure >= RECOVERED_SECONDS * 1000;
    });
    if ((elapsed >= MIN_AFTER_SECONDS && recovered) || elapsed >= MAX_AFTER_SECONDS) return;
    await pause(500);
  }
}

interface StoredReading {
  key: string;
  deviceId: string;
  receivedAt: number;
}

/**
 * The test devices' readings stored after their starting point. Waits while readings the broker
 * acknowledged are still missing and more keep arriving (the broker hands them over once the
 * nodes are back), at most two minutes.
 */
async function storedReadings(database: pg.Pool, devices: ReadonlyArray<TestDevice & { residenceId: string }>, mqttAcknowledged: ReadonlySet<string>): Promise<StoredReading[]> {
  const deadline = Date.now() + 120_000;
  let previousCount = -1;
  let unchangedSince = Date.now();
  for (;;) {
    const stored = await queryWithRetry(database, devices);
    const storedKeys = new Set(stored.map((reading) => reading.key));
    const missing = [...mqttAcknowledged].filter((key) => !storedKeys.has(key)).length;
    if (stored.length !== previousCount) {
      previousCount = stored.length;
      unchangedSince = Date.now();
    }
    if (missing === 0 || Date.now() > deadline || Date.now() - unchangedSince > 20_000) return stored;
    await pause(2000);
  }
}

async function queryWithRetry(database: pg.Pool, devices: ReadonlyArray<TestDevice & { residenceId: string }>): Promise<StoredReading[]> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const { rows } = await database.query<{ device_id: string; read_at_ms: string; received_at_ms: string }>(
        `select r.device_id, (extract(epoch from r.read_at) * 1000)::bigint::text as read_at_ms,
                (extract(epoch from r.received_at) * 1000)::bigint::text as received_at_ms
           from unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) as d(residence_id, device_id, since)
           join readings r on r.residence_id = d.residence_id and r.device_id = d.device_id and r.read_at > d.since`,
        [devices.map((device) => device.residenceId), devices.map((device) => device.deviceId), devices.map((device) => new Date(device.lastReadAtMs))],
      );
      return rows.map((row) => ({ key: readingKey(row.device_id, Number(row.read_at_ms)), deviceId: row.device_id, receivedAt: Number(row.received_at_ms) }));
    } catch (error) {
      if (attempt >= 10) throw error;
      await pause(2000);
    }
  }
}

function round(value: number): number | string {
  return Number.isNaN(value) ? '—' : Math.round(value * 10) / 10;
}
