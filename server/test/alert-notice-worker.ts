/**
 * A job worker for the alert-notice fault tests, run as its own process
 * (`node --import tsx server/test/alert-notice-worker.ts`) so that a test can kill it with
 * SIGKILL at any point. Configured by the environment like the portal (DATABASE_URL,
 * SMTP_URL, SMS_*); it works the send job as main.ts does, and runs the recovery that the
 * scheduled job runs every five minutes once at start and then every second.
 *
 * It loads and connects first, says `standby`, and starts working when it reads `go` on its
 * standard input (then says `ready`): the test prepares the next worker while the current one
 * runs, so each kill is followed at once by a restart.
 */
import { createInterface } from 'node:readline';
import { createAppContext } from '../modules.ts';
import { systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { recoverAlertNotices, sendAlertNoticeJob } from '../modules/alerts/alert-notices.jobs.ts';

const config = loadConfig();
const database = await openDatabase(config.database);
const context = createAppContext({ config, database, clock: systemClock }, { pollingIntervalSeconds: 0.5, maintenance: false });
await database.db.selectFrom('alert_notices').select('id').limit(1).execute();

process.stdout.write('standby\n');
await new Promise<void>((resolve) => {
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim() === 'go') resolve();
  });
});

const recover = () => recoverAlertNotices(context, { pendingAfterSeconds: 0, sendingAfterSeconds: 0, failedAfterSeconds: 0 });
await recover();
await context.jobs.work(context, [sendAlertNoticeJob]);
const timer = setInterval(() => void recover().catch((error: unknown) => console.error('recovery failed', error)), 1000);
process.stdout.write('ready\n');

process.once('SIGTERM', () => {
  clearInterval(timer);
  void (async () => {
    await context.jobs.stop();
    context.mailer.close();
    await database.close();
    process.exit(0);
  })();
});
