import type { AppContext } from '../../app-context.ts';
import { defineCounter, defineGauge } from '../../metrics/metrics.ts';
import { sumReadingsCsvBatches } from './ingest.queries.ts';
import type { IngestSummary } from './wmbusmeters.service.ts';

const outcomes = ['stored', 'duplicate', 'conflict', 'refused', 'quarantined'] as const;
type Source = 'http' | 'mqtt' | 'csv';

const ingestReadings = defineCounter<'source' | 'outcome'>({
  name: 'portal_ingest_readings_total',
  help: 'Readings (messages, CSV lines) received, by source (http, mqtt, csv) and outcome (stored, duplicate, conflict, refused, quarantined).',
  labelNames: ['source', 'outcome'],
  initialLabels: (['http', 'mqtt', 'csv'] as const).flatMap((source) => outcomes.map((outcome) => ({ source, outcome }))),
});

const mqttConnected = defineGauge({ name: 'portal_mqtt_connected', help: '1 while the MQTT listener is connected to its broker, 0 otherwise.' });

const mqttQuarantined = defineCounter<'reason'>({
  name: 'portal_mqtt_quarantined_total',
  help: 'MQTT messages that can never be stored, kept in mqtt_quarantine then acknowledged, by reason (not_json, invalid_index, database_refused…).',
  labelNames: ['reason'],
});

/** Counts an HTTP or MQTT ingest batch's outcomes. */
export function countIngestedMessages(context: Pick<AppContext, 'metrics'>, source: Exclude<Source, 'csv'>, summary: IngestSummary): void {
  const counter = context.metrics.counter(ingestReadings);
  for (const outcome of outcomes) if (summary[outcome] > 0) counter.inc({ source, outcome }, summary[outcome]);
}

export function countMqttQuarantined(context: Pick<AppContext, 'metrics'>, reason: string): void {
  context.metrics.counter(mqttQuarantined).inc({ reason });
}

export function setMqttConnected(context: Pick<AppContext, 'metrics'>, connected: boolean): void {
  context.metrics.gauge(mqttConnected).set({}, connected ? 1 : 0);
}

/**
 * CSV imports are counted from their batches in the database: the command line's process ends
 * before any scrape. Each scrape adds what the batches gained since the last one, so the
 * counter starts at every batch's total. Every node reports the same CSV totals: aggregate
 * the csv series across nodes with `max`, not `sum`.
 */
export function collectIngestMetrics(context: AppContext): void {
  context.metrics.counter(ingestReadings);
  const seen: Record<string, number> = {};
  context.metrics.collectOnScrape('ingest_csv', [], async () => {
    const totals = await sumReadingsCsvBatches(context.db);
    for (const outcome of ['stored', 'duplicate', 'conflict', 'refused'] as const) {
      const total = Number(totals[outcome]);
      const gained = total - (seen[outcome] ?? 0);
      if (gained > 0) context.metrics.counter(ingestReadings).inc({ source: 'csv', outcome }, gained);
      seen[outcome] = Math.max(total, seen[outcome] ?? 0);
    }
  });
}
