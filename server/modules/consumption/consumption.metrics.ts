import type { AppContext } from '../../app-context.ts';
import { defineGauge } from '../../metrics/metrics.ts';
import { findRefreshQueueState } from './consumption.queries.ts';

const queueMarks = defineGauge({ name: 'portal_consumption_refresh_queue_marks', help: 'Devices marked for a consumption refresh and not yet refreshed.' });
const oldestMarkAge = defineGauge({
  name: 'portal_consumption_refresh_oldest_mark_age_seconds',
  help: 'Age of the oldest consumption refresh mark (0: none waiting); growing means the refresher is behind or stopped.',
});

export function collectConsumptionMetrics(context: AppContext): void {
  context.metrics.collectOnScrape('consumption_refresh_queue', [queueMarks, oldestMarkAge], async () => {
    const state = await findRefreshQueueState(context.db);
    context.metrics.gauge(queueMarks).set({}, state.marks);
    const age = state.oldestQueuedAt ? (context.clock.now().getTime() - state.oldestQueuedAt.getTime()) / 1000 : 0;
    context.metrics.gauge(oldestMarkAge).set({}, Math.max(0, age));
  });
}
