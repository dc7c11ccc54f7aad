import { defineGauge, type Metrics } from '../metrics/metrics.ts';
import type { DatabaseHandle } from './database.ts';

const poolConnections = defineGauge<'state'>({
  name: 'portal_db_pool_connections',
  help: 'Database connections of this process: in use, and the most there can be (PGlite has one).',
  labelNames: ['state'],
});
const poolWaiting = defineGauge({ name: 'portal_db_pool_waiting_requests', help: 'Requests waiting for a database connection.' });

export function collectPoolMetrics(metrics: Metrics, database: DatabaseHandle): void {
  metrics.collectOnScrape('db_pool', [poolConnections, poolWaiting], async () => {
    const { inUse, waiting, max } = database.connections();
    metrics.gauge(poolConnections).set({ state: 'in_use' }, inUse);
    metrics.gauge(poolConnections).set({ state: 'max' }, max);
    metrics.gauge(poolWaiting).set({}, waiting);
  });
}
