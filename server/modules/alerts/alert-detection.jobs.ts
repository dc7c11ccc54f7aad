import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { defineJob } from '../../jobs/job-definition.ts';
import { detectAlerts, recentWindowStart } from './alert-detection.service.ts';

/**
 * Detection after an ingest batch, per residence: queued by `refreshConsumptionThenDetect`
 * (the refresher behind HTTP and MQTT, CSV imports from the API or the command line, quarantine
 * replays) for the residences whose consumption it just brought up to date. Recent data is
 * rescanned (`RECENT_DAYS`); a batch that changed older days (a late file, a replay) is
 * rescanned from its first changed day, so a past leak it reveals is in the history at once.
 * One waiting job per residence and first day (`short` policy), so a burst of telegrams costs
 * one pass.
 */
const detectAlertsAfterIngest = defineJob({
  name: 'alerts.detect-after-ingest',
  payload: z.object({ residenceId: z.uuid(), changedFromDay: z.iso.date().optional() }),
  policy: 'short',
  retry: { limit: 5, delaySeconds: 30, backoff: true },
  async handle(context, payload) {
    await detectAlerts(context, { residenceIds: [payload.residenceId], changedFromDay: payload.changedFromDay });
  },
});

/** The nightly pass over every device and dwelling, at 03:30 Paris time. */
const detectAlertsNightly = defineJob({
  name: 'alerts.detect-nightly',
  payload: z.object({}),
  policy: 'short',
  schedule: '30 3 * * *',
  retry: { limit: 3, delaySeconds: 300, backoff: true },
  async handle(context) {
    await detectAlerts(context, { residenceIds: null });
  },
});

export const alertDetectionJobs = [detectAlertsAfterIngest, detectAlertsNightly];

/**
 * Queues detection for the residences an ingest batch touched (after its transaction). A first
 * changed day inside the recent window is left out, so that everyday ingest of a residence
 * shares one waiting job.
 */
export async function queueDetectionAfterIngest(
  context: Pick<AppContext, 'jobs' | 'clock'>,
  residences: Iterable<{ residenceId: string; changedFromDay?: string }>,
): Promise<void> {
  const recentFromDay = recentWindowStart(context.clock.now()).toISOString().slice(0, 10);
  const firstDays = new Map<string, string | null>();
  for (const { residenceId, changedFromDay } of residences) {
    const olderDay = changedFromDay !== undefined && changedFromDay < recentFromDay ? changedFromDay : null;
    const days = [firstDays.get(residenceId), olderDay].filter((day): day is string => typeof day === 'string');
    firstDays.set(residenceId, days.sort()[0] ?? null);
  }
  for (const [residenceId, changedFromDay] of firstDays) {
    const singletonKey = changedFromDay ? `${residenceId}:${changedFromDay}` : residenceId;
    await context.jobs.send(detectAlertsAfterIngest, changedFromDay ? { residenceId, changedFromDay } : { residenceId }, { singletonKey });
  }
}
