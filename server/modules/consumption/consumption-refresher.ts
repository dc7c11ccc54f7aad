import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../app-context.ts';
import { queueDetectionAfterIngest } from '../alerts/alert-detection.jobs.ts';
import { selectQueuedRefreshDevices } from './consumption.queries.ts';
import { refreshQueuedConsumption } from './consumption.service.ts';

/**
 * Brings consumption up to date behind the machine ingest: every few seconds it drains the
 * refresh marks that HTTP and MQTT batches leave, so a burst of telegrams costs one engine
 * pass per device, not one per telegram. Several nodes may run it at once (SKIP LOCKED).
 * Each pass takes the devices marked when it starts, then queues alert detection for their
 * residences once their consumption is up to date.
 */
export function startConsumptionRefresher(
  context: Pick<AppContext, 'db' | 'clock' | 'jobs'>,
  options: { intervalMs?: number; log: FastifyBaseLogger },
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= refreshMarkedDevices(context)
      .then((summary) => {
        if (summary.devicesRefreshed > 0) options.log.debug(summary, 'consumption refreshed');
      })
      .catch((error: unknown) => options.log.error({ err: error }, 'consumption refresh failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, options.intervalMs ?? 2000);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

async function refreshMarkedDevices(context: Pick<AppContext, 'db' | 'clock' | 'jobs'>) {
  const marked = await selectQueuedRefreshDevices(context.db, MARKS_PER_PASS);
  if (marked.length === 0) return { devicesRefreshed: 0, decreasesFlagged: 0 };
  const summary = await refreshQueuedConsumption(context, { onlyDeviceIds: marked.map((mark) => mark.deviceId) });
  await queueDetectionAfterIngest(context, marked.map((mark) => mark.residenceId));
  return summary;
}

const MARKS_PER_PASS = 2000;
