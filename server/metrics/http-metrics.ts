import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.ts';

const requestDuration = {
  name: 'portal_http_request_duration_seconds',
  help: 'Duration of HTTP requests on the public port, by method, route pattern and status code.',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
};

/**
 * Times every request by its route pattern (`/api/residences/:residenceId`), never its raw URL:
 * a request no route matched is `unmatched`, so the labels stay bounded. Off (no hook at all)
 * when the metrics are.
 */
export function registerHttpMetrics(app: FastifyInstance, metrics: Metrics): void {
  const histogram = metrics.histogram(requestDuration);
  if (!histogram) return;
  app.addHook('onResponse', async (request, reply) => {
    histogram.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
}
