import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../app-context.ts';
import { selectQueuedRefreshDevices } from './consumption.queries.ts';
import { refreshQueuedConsumption, type RefreshSummary } from './consumption.service.ts';

/** Runs after each refresh with the residences whose consumption changed, from which day. */
type AfterConsumptionRefresh = (context: Pick<AppContext, 'jobs' | 'clock'>, residences: RefreshSummary['residences']) => Promise<void>;

declare module '../../app-context.ts' {
  interface AppHooks {
    /** Wired by the composition root: alerts queues its detection there. */
    afterConsumptionRefresh: readonly AfterConsumptionRefresh[];
  }
}

type RefreshContext = Pick<AppContext, 'db' | 'clock' | 'jobs' | 'hooks'>;

/**
 * Brings consumption up to date behind the machine ingest: every few seconds it drains the
 * refresh marks that HTTP and MQTT batches leave, so a burst of telegrams costs one engine
 * pass per device, not one per telegram. Several nodes may run it at once (SKIP LOCKED).
 * Each pass takes the devices marked when it starts (`refreshConsumptionThenDetect`).
 */
export function startConsumptionRefresher(
  context: RefreshContext,
  options: { intervalMs?: number; log: FastifyBaseLogger },
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= refreshMarkedDevices(context)
      .then((summary) => {
        if (summary.devicesRefreshed > 0) {
          options.log.debug({ devicesRefreshed: summary.devicesRefreshed, decreasesFlagged: summary.decreasesFlagged }, 'consumption refreshed');
        }
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

async function refreshMarkedDevices(context: RefreshContext): Promise<RefreshSummary> {
  const marked = await selectQueuedRefreshDevices(context.db, MARKS_PER_PASS);
  if (marked.length === 0) return { devicesRefreshed: 0, decreasesFlagged: 0, residences: [] };
  return refreshConsumptionThenDetect(context, { onlyDeviceIds: marked.map((mark) => mark.deviceId) });
}

/**
 * The end of every ingest path (the refresher behind HTTP and MQTT, CSV imports from the API or
 * the command line, quarantine replays): brings the consumption of the marked devices up to
 * date (all marked devices, or `onlyDeviceIds`), then runs the `afterConsumptionRefresh` hooks
 * with the residences of the devices it refreshed and the first day that changed: the
 * composition root has alert detection queued there, since detection reads that consumption.
 * A device another node claimed is left to that node, which runs the hooks for it itself.
 */
export async function refreshConsumptionThenDetect(
  context: RefreshContext,
  options: { onlyDeviceIds?: readonly string[] } = {},
): Promise<RefreshSummary> {
  const summary = await refreshQueuedConsumption(context, options);
  for (const hook of context.hooks.afterConsumptionRefresh) await hook(context, summary.residences);
  return summary;
}

const MARKS_PER_PASS = 2000;
