import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../app-context.ts';
import { refreshQueuedConsumption } from './consumption.service.ts';

/**
 * Brings consumption up to date behind the machine ingest: every few seconds it drains the
 * refresh marks that HTTP and MQTT batches leave, so a burst of telegrams costs one engine
 * pass per device, not one per telegram. Several nodes may run it at once (SKIP LOCKED).
 */
export function startConsumptionRefresher(
  context: Pick<AppContext, 'db' | 'clock'>,
  options: { intervalMs?: number; log: FastifyBaseLogger },
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= refreshQueuedConsumption(context)
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
