import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { defineGauge, type Metrics } from '../metrics/metrics.ts';
import { selectOutboxBacklog } from './outbox.queries.ts';

const channels = ['email', 'sms'] as const;

const outboxMessages = defineGauge<'channel' | 'status'>({
  name: 'portal_outbox_messages',
  help: 'Outbox messages not delivered, by channel and status (pending: waiting or being sent; failed: given up after retries).',
  labelNames: ['channel', 'status'],
});
const oldestPending = defineGauge<'channel'>({
  name: 'portal_outbox_oldest_pending_age_seconds',
  help: 'Age of the oldest outbox message waiting for delivery, by channel (0: none waiting).',
  labelNames: ['channel'],
});

export function collectOutboxMetrics(metrics: Metrics, context: { db: Kysely<Database>; clock: Clock }): void {
  metrics.collectOnScrape('outbox', [outboxMessages, oldestPending], async () => {
    const rows = await selectOutboxBacklog(context.db);
    const now = context.clock.now().getTime();
    for (const channel of channels) {
      const of = rows.filter((row) => row.channel === channel);
      const pending = of.filter((row) => row.status !== 'failed');
      const oldest = Math.min(...pending.map((row) => new Date(row.oldest as Date).getTime()));
      metrics.gauge(outboxMessages).set({ channel, status: 'pending' }, pending.reduce((sum, row) => sum + Number(row.count), 0));
      metrics.gauge(outboxMessages).set({ channel, status: 'failed' }, of.filter((row) => row.status === 'failed').reduce((sum, row) => sum + Number(row.count), 0));
      metrics.gauge(oldestPending).set({ channel }, Number.isFinite(oldest) ? Math.max(0, (now - oldest) / 1000) : 0);
    }
  });
}
