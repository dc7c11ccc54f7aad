import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from './clock.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createAppContext } from './modules.ts';
import { alertDetectionJobs } from './modules/alerts/alert-detection.jobs.ts';
import { createDataSource } from './modules/ingest/data-sources.service.ts';
import { buildDevice, buildResidence } from './test/factories.ts';
import { createServerDatabase, startServerProcess, waitFor, type ServerDatabase, type ServerProcess } from './test/server-process.ts';
import { testConfig } from './test/test-config.ts';
import { isOnPostgres } from './test/test-database.ts';

const REQUESTS = 200;
/** Requests whose body the client sends in two halves, the second after SIGTERM: in flight for sure. */
const SLOW_REQUESTS = 40;
/** Of those, single-message wmbusmeters posts: read after SIGTERM, they join a group (group commit) that must still be written and answered. */
const SLOW_POSTS = 10;
const RADIO_ID = '5a5a5a5a';
const JOBS = 30;
const SHUTDOWN_TIMEOUT_MS = 15_000;
const JOB_NAME = alertDetectionJobs[0]!.name;

/**
 * The real entry point (server/main.ts) in a process of its own, on a PGlite folder or on a
 * PostgreSQL database of its own: SIGTERM while 200 requests and a batch of jobs are in
 * flight. Every request the server had received is answered, the process exits 0 within
 * SHUTDOWN_TIMEOUT_MS, and every job is done or back in the queue, done after a restart.
 * Among the requests, wmbusmeters posts: each is answered, its reading stored.
 */
describe('graceful shutdown of the server process', () => {
  let serverDatabase: ServerDatabase;
  let environment: Record<string, string>;

  beforeAll(async () => {
    serverDatabase = await createServerDatabase('portal-shutdown-');
    // The server signs data-source tokens as the test's context does.
    environment = { ...serverDatabase.environment, SESSION_SECRET: testConfig().sessionSecret };
  });

  afterAll(() => serverDatabase?.close());

  /** The residences of the jobs queued before the start (the posts' readings queue one more, for theirs). */
  const plantedResidenceIds: string[] = [];
  async function jobStates(): Promise<Record<string, number>> {
    return serverDatabase.use(async (database) => {
      const rows = await sql<{ state: string; count: number }>`
        select state, count(*)::int as count from pgboss.job
        where name = ${JOB_NAME} and data->>'residenceId' = any(${plantedResidenceIds}::text[]) group by state`.execute(database.db);
      return Object.fromEntries(rows.rows.map((row) => [row.state, row.count]));
    });
  }

  it('answers every request it received, exits 0 in time and loses no job', { timeout: 300_000 }, async () => {
    let gatewayToken = '';
    // The jobs, queued before the server starts (its workers take them at once).
    await serverDatabase.use(async (database) => {
      await migrateToLatest(database.db);
      const context = createAppContext({ config: testConfig(), database, clock: systemClock }, { maintenance: false });
      for (let index = 0; index < JOBS; index += 1) {
        const residenceId = randomUUID();
        plantedResidenceIds.push(residenceId);
        await context.jobs.send(alertDetectionJobs[0]!, { residenceId }, { singletonKey: residenceId });
      }
      const residence = await buildResidence(database.db);
      await buildDevice(database.db, { residence_id: residence.id, radio_id: RADIO_ID, kind: 'cold_water' });
      gatewayToken = (await createDataSource(context, 'shutdown-gateway')).token;
      await context.jobs.stop();
      context.mailer.close();
    });

    const server = await startServer(environment);
    const slowRequests = Array.from({ length: SLOW_REQUESTS }, (_, index) =>
      index < SLOW_POSTS ? startSlowPost(server.port, gatewayToken, index) : startSlowLogin(server.port),
    );
    const quickRequests = Array.from({ length: REQUESTS - SLOW_REQUESTS }, (_, index) =>
      get(server.port, index % 2 === 0 ? '/api/health/ready' : '/api/health'),
    );
    // "Started" means the server has read the request's head: wait until it logged all 200.
    await waitFor(() => server.receivedRequests() >= REQUESTS, 60_000, () => `only ${server.receivedRequests()} requests received`);
    const answeredBeforeSignal = server.answeredRequests();
    const signalledAt = performance.now();
    server.child.kill('SIGTERM');
    // The slow clients finish their bodies after the signal: the server must still read and answer them.
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const request of slowRequests) request.finish();

    const [exitCode, answers] = await Promise.all([
      server.exited,
      Promise.all([...slowRequests.map((request) => request.answer), ...quickRequests]),
    ]);
    const exitMs = performance.now() - signalledAt;
    const statesAfterShutdown = await jobStates();
    console.log(
      `shutdown: ${answers.filter((answer) => answer.complete).length}/${REQUESTS} requests answered ` +
        `(${REQUESTS - answeredBeforeSignal} still in flight at SIGTERM), exit ${exitCode} after ${Math.round(exitMs)} ms, ` +
        `jobs after shutdown ${JSON.stringify(statesAfterShutdown)}`,
    );

    expect(answers.filter((answer) => !answer.complete)).toEqual([]);
    expect(answers.filter((answer) => answer.status >= 500)).toEqual([]);
    expect(exitCode).toBe(0);
    expect(exitMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(server.output()).toContain('shut down');
    const postAnswers = await Promise.all(slowRequests.slice(0, SLOW_POSTS).map((request) => request.answer));
    expect(postAnswers.map((answer) => answer.body?.stored)).toEqual(Array.from({ length: SLOW_POSTS }, () => 1));
    const stored = await serverDatabase.use((database) =>
      database.db.selectFrom('readings').innerJoin('devices', 'devices.id', 'readings.device_id').select('readings.read_at').where('devices.radio_id', '=', RADIO_ID).execute(),
    );
    expect(stored).toHaveLength(SLOW_POSTS);
    // No job lost: done, or waiting again (created, or retry when handed back mid-run).
    expect(Object.keys(statesAfterShutdown).every((state) => ['completed', 'created', 'retry'].includes(state))).toBe(true);
    expect(Object.values(statesAfterShutdown).reduce((sum, count) => sum + count, 0)).toBe(JOBS);

    // A job handed back waits out its retry delay (30 s and more): the test does not.
    await serverDatabase.use((database) => sql`update pgboss.job set start_after = now() where name = ${JOB_NAME} and state = 'retry'`.execute(database.db));
    // Restart until the queue is drained: PostgreSQL is read while the server runs; a PGlite folder
    // takes one process at a time, so it is read between runs of 15 s.
    let statesAfterRestart = statesAfterShutdown;
    for (let run = 0; run < 6 && (statesAfterRestart.completed ?? 0) < JOBS; run += 1) {
      const restarted = await startServer(environment);
      const until = performance.now() + (isOnPostgres() ? 60_000 : 15_000);
      while (performance.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        if (isOnPostgres() && ((await jobStates()).completed ?? 0) === JOBS) break;
      }
      restarted.child.kill('SIGTERM');
      expect(await restarted.exited).toBe(0);
      statesAfterRestart = await jobStates();
    }
    console.log(`jobs: ${statesAfterShutdown.completed ?? 0} completed before the restart, ${statesAfterRestart.completed ?? 0} after`);
    expect(statesAfterRestart).toEqual({ completed: JOBS });
  });

  it('forces a non-zero exit, and logs it, when the budget runs out', { timeout: 120_000 }, async () => {
    const server = await startServer({ ...environment, SHUTDOWN_TIMEOUT_MS: '500' });
    // A request whose body never ends keeps the HTTP server from closing.
    const stuck = startSlowLogin(server.port);
    await waitFor(() => server.receivedRequests() >= 1, 30_000, () => 'the stuck request was not received');
    const signalledAt = performance.now();
    server.child.kill('SIGTERM');
    const exitCode = await server.exited;
    stuck.finish();
    await stuck.answer;
    expect(exitCode).toBe(1);
    expect(performance.now() - signalledAt).toBeLessThan(5_000);
    expect(server.output()).toContain('shutdown timed out while closing http');
  });
});

interface RunningServer extends ServerProcess {
  receivedRequests(): number;
  answeredRequests(): number;
}

async function startServer(environment: Record<string, string>): Promise<RunningServer> {
  const server = await startServerProcess({ SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS), ...environment });
  const count = (message: string) => server.output().split('\n').filter((line) => line.includes(`"msg":"${message}"`)).length;
  // Readiness is what the requests below count on.
  const ready = await get(server.port, '/api/health/ready');
  expect(ready.status).toBe(200);
  const baseline = { received: count('incoming request'), answered: count('request completed') };
  return {
    ...server,
    receivedRequests: () => count('incoming request') - baseline.received,
    answeredRequests: () => count('request completed') - baseline.answered,
  };
}

interface Answer {
  status: number;
  complete: boolean;
  body?: { stored?: number };
}

/** One request on a connection of its own; `complete` when the whole JSON body arrived. */
function request(port: number, options: http.RequestOptions, body?: { first: string; rest: string }): { answer: Promise<Answer>; finish(): void } {
  let finish = () => {};
  const answer = new Promise<Answer>((resolve) => {
    const outgoing = http.request({ host: '127.0.0.1', port, agent: false, ...options }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        let complete = response.complete;
        let body: Answer['body'];
        try {
          body = JSON.parse(text) as Answer['body'];
        } catch {
          complete = false;
        }
        resolve({ status: response.statusCode ?? 0, complete, body });
      });
      response.on('error', () => resolve({ status: response.statusCode ?? 0, complete: false }));
    });
    outgoing.on('error', (error) => resolve({ status: 0, complete: false, ...{ error: error.message } }));
    if (body) {
      outgoing.write(body.first);
      finish = () => outgoing.end(body.rest);
    } else {
      outgoing.end();
    }
  });
  return { answer, finish };
}

function get(port: number, url: string): Promise<Answer> {
  return request(port, { method: 'GET', path: url }).answer;
}

/** A sign-in whose body arrives in two parts: the server has its head and waits for the rest. */
function startSlowLogin(port: number): { answer: Promise<Answer>; finish(): void } {
  const body = JSON.stringify({ email: `nobody-${randomUUID()}@example.test`, password: 'not the password' });
  const half = Math.floor(body.length / 2);
  return request(
    port,
    { method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
    { first: body.slice(0, half), rest: body.slice(half) },
  );
}

/** A wmbusmeters post of one message (its own minute of yesterday) whose body arrives in two parts. */
function startSlowPost(port: number, token: string, index: number): { answer: Promise<Answer>; finish(): void } {
  const at = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000 + index * 60_000).toISOString();
  const body = JSON.stringify({ _: 'telegram', media: 'water', meter: 'multical21', id: RADIO_ID, total_m3: 10 + index, timestamp: at });
  const half = Math.floor(body.length / 2);
  return request(
    port,
    {
      method: 'POST',
      path: '/api/ingest/wmbusmeters',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    },
    { first: body.slice(0, half), rest: body.slice(half) },
  );
}

