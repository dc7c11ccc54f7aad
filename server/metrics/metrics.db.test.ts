import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importReadingsCsv } from '../modules/ingest/readings-import.service.ts';
import { createDataSource } from '../modules/ingest/data-sources.service.ts';
import { buildDevice, buildResidence } from '../test/factories.ts';
import { useTestApp } from '../test/test-app.ts';
import { createMetrics, defineGauge } from './metrics.ts';
import { startMetricsServer, type MetricsServer } from './metrics-server.ts';

/** The value of one sample of a scrape, or undefined when the series is missing. */
function sampleOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1]!, pair[2]!]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

const labelValuesOf = (text: string, name: string, label: string) =>
  new Set([...text.matchAll(new RegExp(`^${name}\\{[^}]*${label}="([^"]*)"`, 'gm'))].map((match) => match[1]!));

describe('metrics', () => {
  // METRICS_PORT turns the metrics on; the test's listener takes a free port of its own.
  const harness = useTestApp({ environment: { METRICS_PORT: '9464' } });
  let server: MetricsServer;
  let token = '';

  beforeAll(async () => {
    const { context } = harness();
    server = await startMetricsServer(context.metrics, { port: 0, host: '127.0.0.1' });
    token = (await createDataSource(context, 'gateway-metrics')).token;
    const residence = await buildResidence(context.db, { time_zone: 'Europe/Paris' });
    await buildDevice(context.db, { residence_id: residence.id, serial_number: '700000001', radio_id: '12345678', kind: 'cold_water' });
    await buildDevice(context.db, { residence_id: residence.id, serial_number: '100200300', kind: 'cold_water' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const scrape = async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  it('counts requests by route pattern, HTTP ingest by outcome, CSV imports from their batches, and reads the queues', async () => {
    const { app, context } = harness();
    const telegram = JSON.stringify({ _: 'telegram', media: 'water', meter: 'multical21', name: 'test', id: '12345678', timestamp: '2026-03-15T10:00:00Z', total_m3: 123.456 });
    const ingest = await app.inject({
      method: 'POST',
      url: '/api/ingest/wmbusmeters',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      payload: `${telegram}\nnot json at all`,
    });
    expect(ingest.json()).toMatchObject({ stored: 1, refused: 1 });
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/no-such-route/4c1f0f2e-8a53-4b57-9d3e-0d7b4c7e1a11' })).statusCode).toBe(404);
    const csv = ['serial_number,read_at,index', '100200300,2026-01-10T23:00:00Z,12.5', '100200300,2026-01-11T23:00:00Z,13.75'];
    expect(await importReadingsCsv(context, { lines: csv, origin: 'metrics.csv' }, {})).toMatchObject({ rowsStored: 2 });

    const text = await scrape();
    expect(sampleOf(text, 'portal_http_request_duration_seconds_count', { method: 'POST', route: '/api/ingest/wmbusmeters', status_code: '200' })).toBe(1);
    expect(sampleOf(text, 'portal_http_request_duration_seconds_count', { method: 'GET', route: '/api/health', status_code: '200' })).toBe(1);
    expect(sampleOf(text, 'portal_http_request_duration_seconds_count', { route: 'unmatched', status_code: '404' })).toBe(1);
    // Route patterns only: no raw path, no id.
    expect([...labelValuesOf(text, 'portal_http_request_duration_seconds_count', 'route')].sort()).toEqual(['/api/health', '/api/ingest/wmbusmeters', 'unmatched']);

    expect(sampleOf(text, 'portal_ingest_readings_total', { source: 'http', outcome: 'stored' })).toBe(1);
    expect(sampleOf(text, 'portal_ingest_readings_total', { source: 'http', outcome: 'refused' })).toBe(1);
    expect(sampleOf(text, 'portal_ingest_readings_total', { source: 'mqtt', outcome: 'stored' })).toBe(0);
    expect(sampleOf(text, 'portal_ingest_readings_total', { source: 'csv', outcome: 'stored' })).toBe(2);

    // The HTTP ingest marked its device for a refresh; no refresher runs in tests.
    expect(sampleOf(text, 'portal_consumption_refresh_queue_marks')).toBeGreaterThanOrEqual(1);
    expect(sampleOf(text, 'portal_consumption_refresh_oldest_mark_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sampleOf(text, 'portal_outbox_messages', { channel: 'email', status: 'pending' })).toBe(0);
    expect(sampleOf(text, 'portal_outbox_oldest_pending_age_seconds', { channel: 'sms' })).toBe(0);
    expect(sampleOf(text, 'portal_job_queue_jobs', { queue: 'alerts.detect-after-ingest', state: 'created' })).toBeGreaterThanOrEqual(0);
    expect(sampleOf(text, 'portal_job_failures_total', { queue: 'alerts.detect-after-ingest' })).toBe(0);
    expect(sampleOf(text, 'portal_alert_episodes_opened_total')).toBe(0);
    expect(sampleOf(text, 'portal_session_cache_lookups_total', { result: 'hit' })).toBe(0);
    // PGlite's one connection, or the test harness's PostgreSQL pool (server/test/test-database.ts).
    expect(sampleOf(text, 'portal_db_pool_connections', { state: 'max' })).toBe(context.database.kind === 'pglite' ? 1 : 60);
    expect(sampleOf(text, 'portal_db_pool_waiting_requests')).toBe(0);
    expect(sampleOf(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sampleOf(text, 'portal_metrics_collector_errors_total', { collector: 'outbox' })).toBe(0);

    // A second scrape adds nothing for CSV batches already counted.
    expect(sampleOf(await scrape(), 'portal_ingest_readings_total', { source: 'csv', outcome: 'stored' })).toBe(2);
  });

  it('shows the connections in use and the requests waiting for one', async () => {
    const { context } = harness();
    await context.db.connection().execute(async () => {
      const held = context.database.connections();
      expect(held.inUse).toBeGreaterThanOrEqual(1);
      if (context.database.kind === 'pglite') {
        // PGlite's one connection is lent: another query waits for it.
        const waiting = context.db.selectFrom('residences').select('id').execute();
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(context.database.connections()).toEqual({ inUse: 1, waiting: 1, max: 1 });
        void waiting.catch(() => undefined);
      }
    });
  });

  it('keeps the scrape when a collector fails, and counts the failure', async () => {
    const broken = defineGauge({ name: 'portal_test_broken', help: 'A gauge whose collector fails.' });
    harness().context.metrics.collectOnScrape('broken', [broken], () => Promise.reject(new Error('database gone')));
    const text = await scrape();
    expect(sampleOf(text, 'portal_metrics_collector_errors_total', { collector: 'broken' })).toBe(1);
    expect(sampleOf(text, 'portal_test_broken')).toBeUndefined();
    expect(sampleOf(text, 'portal_consumption_refresh_queue_marks')).toBeGreaterThanOrEqual(1);
  });

  it('is not served on the public port', async () => {
    for (const url of ['/metrics', '/api/metrics']) {
      const response = await harness().app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('portal_');
    }
  });

  it('answers only GET /metrics on its own port', async () => {
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: 'POST' })).status).toBe(404);
  });

  it('does nothing when off: no series, no collector', async () => {
    const metrics = createMetrics({ enabled: false });
    metrics.counter({ type: 'counter', name: 'portal_off_total', help: 'Off.' }).inc();
    let collected = false;
    metrics.collectOnScrape('off', [], async () => {
      collected = true;
    });
    expect(await metrics.scrape()).not.toContain('portal_off_total');
    expect(collected).toBe(false);
  });
});
