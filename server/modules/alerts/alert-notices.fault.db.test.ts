import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmsTestServer, type SmsTestServer } from '../../test/sms-test-server.ts';
import { startSmtpTestServer, type SmtpTestServer } from '../../test/smtp-test-server.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { isOnPostgres } from '../../test/test-database.ts';
import { buildDevice, buildDwelling, buildResidence, buildResident } from '../../test/factories.ts';
import { detectAlerts } from './alert-detection.service.ts';
import { buildEpisodeWithResident } from '../../test/alert-notices-support.ts';
import { sendAlertNoticeJob } from './alert-notices.jobs.ts';
import { noticeMessageId, scheduleEpisodeNotices } from './alert-notices.service.ts';
import { insertReadings } from '../../test/readings.ts';

const WORKER_SCRIPT = fileURLToPath(new URL('../../test/alert-notice-worker.ts', import.meta.url));
const MINIMUM_KILLS = 20;
const HOUR = 3_600_000;

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * Delivery under faults, on PostgreSQL only: worker processes killed with SIGKILL, two worker
 * processes on one database, an SMTP relay down then up. On PGlite (one connection in one
 * process) these would prove nothing, so they run where CI runs them (`npm run test:pg`).
 */
describe.runIf(isOnPostgres())('alert notice delivery under faults (PostgreSQL)', () => {
  let harness: TestApp;
  let smtp: SmtpTestServer;
  let sms: SmsTestServer;
  const workers = new Set<ChildProcess>();

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    sms = await startSmsTestServer();
    harness = await createTestApp({ environment: { SMTP_URL: smtp.url, ...sms.environment }, maxConnections: 20 });
    // The harness drops the database WITH FORCE: the server's goodbye to open clients must not fail the file.
    harness.database.pool?.on('connect', (client) => client.on('error', () => {}));
  });
  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await harness?.close();
    await smtp?.close();
    await sms?.close();
  });

  /** A worker process on the test's database, loaded and connected; `go()` makes it work the queue. */
  async function prepareWorker(): Promise<{ process: ChildProcess; go(): Promise<ChildProcess> }> {
    const worker = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DEMO_DATA: 'false',
        PUBLIC_URL: 'http://portal.test',
        SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
        DATABASE_URL: harness.database.url!,
        SMTP_URL: smtp.url,
        ...sms.environment,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    workers.add(worker);
    worker.once('exit', () => workers.delete(worker));
    let errors = '';
    let output = '';
    worker.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    worker.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const said = (word: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (output.includes(`${word}\n`)) return resolve();
          if (worker.exitCode !== null || worker.signalCode !== null) return reject(new Error(`worker stopped before ${word}: ${errors}`));
          setTimeout(check, 20);
        };
        check();
      });
    await said('standby');
    return {
      process: worker,
      async go() {
        worker.stdin!.write('go\n');
        await said('ready');
        return worker;
      },
    };
  }

  const startWorker = async () => (await prepareWorker()).go();

  async function stopWorker(worker: ChildProcess, signal: NodeJS.Signals): Promise<void> {
    if (worker.exitCode !== null || worker.signalCode !== null) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill(signal);
    await exited;
  }

  /**
   * A batch of leak episodes: every resident wants email, every `smsEvery`-th one SMS too (none for 0).
   * Returns the episodes and the message ids that must each reach a provider once.
   */
  async function scheduleBatch(size: number, smsEvery: number): Promise<{ episodeIds: Set<string>; willSend: Set<string> }> {
    const episodeIds = new Set<string>();
    const willSend = new Set<string>();
    for (let index = 0; index < size; index += 1) {
      const wantsSms = smsEvery > 0 && index % smsEvery === 0;
      const { episode } = await buildEpisodeWithResident(harness.context.db, {
        mobile: `+3361${String(1_000_000 + Math.floor(Math.random() * 8_999_999))}`,
        notify: { leakBySms: wantsSms },
      });
      episodeIds.add(episode.id);
      willSend.add(noticeMessageId(episode.id, 'email'));
      if (wantsSms) willSend.add(noticeMessageId(episode.id, 'sms'));
    }
    for (const episodeId of episodeIds) await scheduleEpisodeNotices(harness.context, episodeId);
    return { episodeIds, willSend };
  }

  const noticesOf = (episodeIds: Set<string>) =>
    harness.context.db.selectFrom('alert_notices').selectAll().where('episode_id', 'in', [...episodeIds]).execute();

  /** Message ids as the providers received them: the email's Message-ID, the SMS client reference. */
  function receivedMessageIds(): string[] {
    return [
      ...smtp.received.map((email) => /^<(.+)@portal\.test>$/.exec(email.messageId ?? '')?.[1] ?? '?'),
      ...sms.received.map((message) => message.clientRef ?? '?'),
    ];
  }

  function countBy(values: readonly string[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    return counts;
  }

  /** Waits until no notice of the batch is pending, being sent or failed. */
  const waitForBatch = (episodeIds: Set<string>, timeoutMs: number) =>
    waitUntil(
      async () => (await noticesOf(episodeIds)).every((notice) => notice.status === 'sent' || notice.status === 'skipped'),
      timeoutMs,
      'every notice to be sent',
    );

  it(`loses no notice when the worker is killed (SIGKILL) at ${MINIMUM_KILLS} or more random points of a batch`, { timeout: 900_000 }, async () => {
    const { episodeIds, willSend } = await scheduleBatch(45, 3);
    const windowIds = new Set<string>();
    let kills = 0;
    let killsMidSend = 0;
    // Workers load and connect ahead (three in standby), so each kill is followed at once by a restart.
    const standby = [prepareWorker(), prepareWorker(), prepareWorker()];

    for (;;) {
      let unfinished = (await noticesOf(episodeIds)).filter((notice) => notice.status !== 'sent' && notice.status !== 'skipped');
      if (unfinished.length === 0 && kills < MINIMUM_KILLS) {
        // The batch went faster than the kills: more notices, so that every kill lands while sending.
        const more = await scheduleBatch(10, 3);
        for (const id of more.episodeIds) episodeIds.add(id);
        for (const id of more.willSend) willSend.add(id);
        unfinished = (await noticesOf(episodeIds)).filter((notice) => notice.status !== 'sent' && notice.status !== 'skipped');
      }
      if (unfinished.length === 0 || kills >= MINIMUM_KILLS + 2) break;
      const sendingBefore = new Set(unfinished.filter((notice) => notice.status === 'sending').map((notice) => notice.message_id));
      const worker = await (await standby.shift()!).go();
      standby.push(prepareWorker());
      // A random point: right after the k-th delivery of this run (k = 0 … 2) plus a few
      // milliseconds, or anywhere in the first 0.7 s.
      if (Math.random() < 0.6) {
        const target = receivedMessageIds().length + Math.floor(Math.random() * 3);
        await waitUntil(async () => receivedMessageIds().length >= target || worker.exitCode !== null, 20_000, 'a delivery');
        await sleep(Math.random() * 8);
      } else {
        await sleep(Math.random() * 700);
      }
      await stopWorker(worker, 'SIGKILL');
      kills += 1;
      // Bytes the worker had already written may still reach the relay: let them land first.
      await sleep(300);
      const accepted = new Set(receivedMessageIds());
      const sendingNow = (await noticesOf(episodeIds)).filter((notice) => notice.status === 'sending');
      if (sendingNow.some((notice) => !sendingBefore.has(notice.message_id))) killsMidSend += 1;
      for (const notice of sendingNow) if (accepted.has(notice.message_id)) windowIds.add(notice.message_id);
    }

    const finalWorker = await (await standby.shift()!).go();
    for (const spare of standby) await stopWorker((await spare).process, 'SIGKILL');
    await waitForBatch(episodeIds, 120_000);
    await stopWorker(finalWorker, 'SIGTERM');

    const notices = await noticesOf(episodeIds);
    const receipts = countBy(receivedMessageIds());
    const lost = notices.filter((notice) => willSend.has(notice.message_id) && (notice.status !== 'sent' || !receipts.has(notice.message_id)));
    const duplicates = [...receipts].filter(([id]) => willSend.has(id)).reduce((sum, [, count]) => sum + count - 1, 0);
    const duplicatesInWindow = [...receipts]
      .filter(([id]) => willSend.has(id) && windowIds.has(id))
      .reduce((sum, [, count]) => sum + count - 1, 0);
    console.log(
      `[alert notices, SIGKILL] kills=${kills} notices=${willSend.size} (emails and SMS) kills-between-the-two-marks=${killsMidSend} ` +
        `lost=${lost.length} duplicates=${duplicates} in-accept-before-record-window=${duplicatesInWindow} outside-window=${duplicates - duplicatesInWindow}`,
    );
    expect(kills).toBeGreaterThanOrEqual(MINIMUM_KILLS);
    expect(lost).toEqual([]);
    expect(duplicates - duplicatesInWindow).toBe(0);
  });

  it('sends each notice once with two workers on one database', { timeout: 300_000 }, async () => {
    const before = countBy(receivedMessageIds());
    const { episodeIds, willSend } = await scheduleBatch(30, 3);
    const [first, second] = await Promise.all([startWorker(), startWorker()]);
    await waitForBatch(episodeIds, 120_000);
    await Promise.all([stopWorker(first!, 'SIGTERM'), stopWorker(second!, 'SIGTERM')]);

    const receipts = countBy(receivedMessageIds());
    const sentOnce = [...willSend].filter((id) => (receipts.get(id) ?? 0) - (before.get(id) ?? 0) === 1);
    const duplicates = [...willSend].reduce((sum, id) => sum + Math.max(0, (receipts.get(id) ?? 0) - 1), 0);
    console.log(`[alert notices, two workers] notices=${willSend.size} sent-once=${sentOnce.length} duplicates=${duplicates}`);
    expect(sentOnce.length).toBe(willSend.size);
    expect(duplicates).toBe(0);
  });

  it('delivers each notice once when the SMTP relay is down during detection and comes back', { timeout: 120_000 }, async () => {
    // Twelve dwellings of one residence whose cold-water meter flows 5 L/h for 48 h, up to 12 h ago.
    const residence = await buildResidence(harness.context.db);
    const start = harness.clock.now().getTime() - 60 * HOUR;
    for (let index = 0; index < 12; index += 1) {
      const dwelling = await buildDwelling(harness.context.db, { residence_id: residence.id });
      await buildResident(harness.context.db, { dwelling_id: dwelling.id, profile: { notify_leak_by_email: true, notify_leak_by_sms: false } });
      const device = await buildDevice(harness.context.db, { dwelling_id: dwelling.id, kind: 'cold_water' });
      await insertReadings(
        harness.context.db,
        Array.from({ length: 49 }, (_, position) => ({
          residence_id: residence.id,
          device_id: device.id,
          read_at: new Date(start + position * HOUR),
          index_value: (100 + (position * 5) / 1000).toFixed(6),
          source: 'csv' as const,
        })),
      );
    }

    smtp.setAccepting(false);
    const detection = await detectAlerts(harness.context, { residenceIds: [residence.id] });
    expect(detection).toMatchObject({ opened: 12, noticesScheduled: 12 });
    const episodes = await harness.context.db.selectFrom('alert_episodes').select('id').where('residence_id', '=', residence.id).execute();
    const episodeIds = new Set(episodes.map((episode) => episode.id));
    await harness.context.jobs.work(harness.context, [sendAlertNoticeJob]);
    const emails = async () => (await noticesOf(episodeIds)).filter((notice) => notice.channel === 'email');
    await waitUntil(async () => (await emails()).every((notice) => notice.status === 'failed'), 60_000, 'every email to fail once');
    const failedAttempts = (await emails()).reduce((sum, notice) => sum + notice.attempts, 0);
    // Each failed job waits for its retry (backoff), in the queue.
    await waitUntil(
      async () => {
        const { rows } = await harness.context.database.pool!.query<{ count: number }>(
          `select count(*)::int as count from pgboss.job where name = 'alert-notice-send' and state = 'retry' and start_after > now() + interval '5 seconds'`,
        );
        return rows[0]!.count >= 12;
      },
      10_000,
      'twelve retries waiting',
    );

    smtp.setAccepting(true);
    // Time passes: the backoff's wait is over.
    await harness.context.database.pool!.query(`update pgboss.job set start_after = now() where name = 'alert-notice-send' and state = 'retry'`);
    await waitUntil(async () => (await emails()).every((notice) => notice.status === 'sent'), 60_000, 'every email to be sent');

    const receipts = countBy(receivedMessageIds());
    const ids = (await emails()).map((notice) => notice.message_id);
    const deliveredOnce = ids.filter((id) => receipts.get(id) === 1).length;
    console.log(`[alert notices, SMTP down then up] notices=${ids.length} failed-attempts-while-down=${failedAttempts} delivered-once=${deliveredOnce} duplicates=${ids.reduce((sum, id) => sum + Math.max(0, (receipts.get(id) ?? 0) - 1), 0)}`);
    expect(deliveredOnce).toBe(ids.length);
    // The residents chose email only: their SMS notices end skipped, for that reason.
    await waitForBatch(episodeIds, 30_000);
    const texts = (await noticesOf(episodeIds)).filter((notice) => notice.channel === 'sms');
    expect(texts.map((notice) => notice.skip_reason)).toEqual(texts.map(() => 'option_off'));
  });
});
