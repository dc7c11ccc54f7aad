import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { defineJob } from '../../jobs/job-definition.ts';
import { detectAlerts } from './alert-detection.service.ts';

/**
 * Detection after an ingest batch, per residence: queued by `refreshConsumptionThenDetect`
 * (the refresher behind HTTP and MQTT, CSV imports from the API or the command line, quarantine
 * replays) for the residences whose consumption it just brought up to date. One waiting job per
 * residence (`short` policy, keyed by the residence), so a burst of telegrams costs one pass.
 */
export const detectAlertsAfterIngest = defineJob({
  name: 'alerts.detect-after-ingest',
  payload: z.object({ residenceId: z.uuid() }),
  policy: 'short',
  retry: { limit: 5, delaySeconds: 30, backoff: true },
  async handle(context, payload) {
    await detectAlerts(context, { residenceIds: [payload.residenceId] });
  },
});

/** The nightly pass over every device and dwelling, at 03:30 Paris time. */
export const detectAlertsNightly = defineJob({
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

/** Queues detection for the residences an ingest batch touched (after its transaction). */
export async function queueDetectionAfterIngest(context: Pick<AppContext, 'jobs'>, residenceIds: Iterable<string>): Promise<void> {
  for (const residenceId of new Set(residenceIds)) {
    await context.jobs.send(detectAlertsAfterIngest, { residenceId }, { singletonKey: residenceId });
  }
}
