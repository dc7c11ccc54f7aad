import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { defineJob } from '../../jobs/job-definition.ts';
import { deliverAlertNotice } from './alert-notice-delivery.ts';
import { selectStalledNotices } from './alert-notices.queries.ts';

/**
 * Sends one alert notice (`deliverAlertNotice`: idempotent, safe on several nodes). A failed
 * attempt throws, and pg-boss retries it with exponential backoff: 8 retries from 20 s,
 * roughly 20 s, 40 s, 1.5 min … 45 min apart (jittered), about two hours in all. After that
 * the notice stays `failed` and the recovery job starts a new round every two hours, for as
 * long as the relay or the provider is down.
 */
export const sendAlertNoticeJob = defineJob({
  name: 'alert-notice-send',
  payload: z.object({ noticeId: z.uuid() }),
  retry: { limit: 8, delaySeconds: 20, backoff: true },
  // One waiting job per notice: queueing it again while one waits adds nothing.
  policy: 'short',
  async handle(context, payload) {
    await deliverAlertNotice(context, payload.noticeId);
  },
});

/** Queues the send job of each notice (the notice's stable message id is the job's singleton key). */
export async function queueNoticeJobs(context: AppContext, notices: ReadonlyArray<{ id: string; message_id: string }>): Promise<void> {
  for (const notice of notices) {
    await context.jobs.send(sendAlertNoticeJob, { noticeId: notice.id }, { singletonKey: notice.message_id });
  }
}

const FAILED_ROUND_SECONDS = 2 * 60 * 60;

/**
 * Gives a job again to every notice that has none working on it: pending for more than
 * `pendingAfterSeconds` (its job was lost, e.g. the process stopped between writing the notice
 * and queueing it), `sending` for more than `sendingAfterSeconds` (its attempt may have died; the
 * job decides under the notice's lock, so a live attempt is left alone), failed and retryable
 * with its last try two hours ago (its job's retries are spent). A notice with two jobs is
 * still sent once. Returns how many were queued.
 */
export async function recoverAlertNotices(
  context: AppContext,
  options: { pendingAfterSeconds?: number; sendingAfterSeconds?: number; failedAfterSeconds?: number; limit?: number } = {},
): Promise<number> {
  const now = context.clock.now().getTime();
  const before = (seconds: number) => new Date(now - seconds * 1000);
  const stalled = await selectStalledNotices(context.db, {
    pendingBefore: before(options.pendingAfterSeconds ?? 10 * 60),
    sendingBefore: before(options.sendingAfterSeconds ?? 60),
    failedBefore: before(options.failedAfterSeconds ?? FAILED_ROUND_SECONDS),
    limit: options.limit ?? 1000,
  });
  await queueNoticeJobs(context, stalled);
  return stalled.length;
}

/** Every five minutes, on one node (pg-boss's schedule): `recoverAlertNotices`. */
const recoverAlertNoticesJob = defineJob({
  name: 'alert-notices-recover',
  payload: z.object({}),
  schedule: '*/5 * * * *',
  async handle(context) {
    await recoverAlertNotices(context);
  },
});

export const alertNoticeJobs = [sendAlertNoticeJob, recoverAlertNoticesJob];
