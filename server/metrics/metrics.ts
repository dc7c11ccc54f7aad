import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's metrics in Prometheus's text format (prom-client), served on a port of their own
 * (`METRICS_PORT`, metrics-server.ts). With no port the metrics are off: counters are no-ops, no
 * collector is registered and nothing is added to the request path.
 *
 * Modules name their metrics with `defineCounter` and `defineGauge` beside the code that counts,
 * and increment them through `context.metrics`; values read from the database at scrape time are
 * collectors (`collectOnScrape`), registered by each module's manifest (`metrics`) or by the
 * platform part that owns the table.
 */
export interface MetricDefinition<Label extends string = string> {
  name: string;
  help: string;
  labelNames?: readonly Label[];
  /** Label values shown at 0 before anything is counted, so a rate has a series to start from. */
  initialLabels?: readonly Partial<Record<Label, string>>[];
}

export function defineCounter<Label extends string = never>(definition: MetricDefinition<Label>): MetricDefinition<Label> & { type: 'counter' } {
  return { ...definition, type: 'counter' };
}

export function defineGauge<Label extends string = never>(definition: MetricDefinition<Label>): MetricDefinition<Label> & { type: 'gauge' } {
  return { ...definition, type: 'gauge' };
}

type Labels<Label extends string> = Partial<Record<Label, string>>;

interface CounterHandle<Label extends string> {
  inc(labels?: Labels<Label>, value?: number): void;
}

interface GaugeHandle<Label extends string> {
  set(labels: Labels<Label>, value: number): void;
}

export interface Metrics {
  /** False when METRICS_PORT is unset: every handle is a no-op. */
  readonly enabled: boolean;
  counter<Label extends string>(definition: MetricDefinition<Label> & { type: 'counter' }): CounterHandle<Label>;
  gauge<Label extends string>(definition: MetricDefinition<Label> & { type: 'gauge' }): GaugeHandle<Label>;
  /** A request-duration histogram; undefined when off. */
  histogram<Label extends string>(definition: MetricDefinition<Label> & { buckets: readonly number[] }): Histogram<Label> | undefined;
  /**
   * Runs `collect` before every scrape (all collectors at once). A collector that throws leaves
   * the others and the scrape alone: it is counted in `portal_metrics_collector_errors_total`, and
   * the gauges it sets are left out of this scrape rather than shown stale. Its gauges are
   * emptied before it runs: it sets every series it wants shown.
   */
  collectOnScrape(name: string, gauges: readonly (MetricDefinition & { type: 'gauge' })[], collect: () => Promise<void>): void;
  /** The text of a scrape. */
  scrape(): Promise<string>;
  readonly contentType: string;
}

const noopCounter: CounterHandle<string> = { inc: () => undefined };
const noopGauge: GaugeHandle<string> = { set: () => undefined };

export function createMetrics(options: { enabled: boolean }): Metrics {
  const registry = new Registry();
  const collectors = new Map<string, { gauges: readonly MetricDefinition[]; collect: () => Promise<void> }>();
  const collectorErrors = new Counter({
    name: 'portal_metrics_collector_errors_total',
    help: 'Scrape-time collectors that failed (their gauges are missing from that scrape), by collector.',
    labelNames: ['collector'],
    registers: options.enabled ? [registry] : [],
  });
  if (options.enabled) {
    collectDefaultMetrics({ register: registry });
    // Gauges that prom-client names with a counter's `_total` suffix, which `promtool check metrics`
    // refuses; `nodejs_active_handles` and its siblings, by type, carry the same counts.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);
  }

  const existing = (name: string) => registry.getSingleMetric(name);
  const gaugeObjects = new Map<string, Gauge>();
  const initialise = (metric: Counter | Gauge, definition: MetricDefinition) => {
    for (const labels of definition.initialLabels ?? []) (metric as Counter).inc(labels as Record<string, string>, 0);
  };

  const metrics: Metrics = {
    enabled: options.enabled,
    contentType: registry.contentType,
    counter(definition) {
      if (!options.enabled) return noopCounter;
      const found = existing(definition.name);
      if (found) return found as Counter<never>;
      const counter = new Counter({ name: definition.name, help: definition.help, labelNames: [...(definition.labelNames ?? [])], registers: [registry] });
      initialise(counter, definition);
      return counter;
    },
    gauge(definition) {
      if (!options.enabled) return noopGauge;
      const found = gaugeObjects.get(definition.name);
      if (found) return found;
      const gauge = new Gauge({ name: definition.name, help: definition.help, labelNames: [...(definition.labelNames ?? [])], registers: [registry] });
      gaugeObjects.set(definition.name, gauge);
      return gauge;
    },
    histogram(definition) {
      if (!options.enabled) return undefined;
      const found = existing(definition.name);
      if (found) return found as Histogram<never>;
      return new Histogram({ name: definition.name, help: definition.help, labelNames: [...(definition.labelNames ?? [])], buckets: [...definition.buckets], registers: [registry] });
    },
    collectOnScrape(name, gauges, collect) {
      if (!options.enabled) return;
      for (const gauge of gauges) metrics.gauge(gauge);
      collectors.set(name, { gauges, collect });
      collectorErrors.inc({ collector: name }, 0);
    },
    async scrape() {
      await Promise.all(
        [...collectors].map(async ([name, { gauges, collect }]) => {
          const own = gauges.map(({ name: gaugeName }) => ({ gaugeName, gauge: gaugeObjects.get(gaugeName)! }));
          for (const { gaugeName, gauge } of own) {
            if (!existing(gaugeName)) registry.registerMetric(gauge);
            gauge.reset();
          }
          try {
            await collect();
          } catch {
            collectorErrors.inc({ collector: name });
            // Out of this scrape, even an unlabelled gauge (which would otherwise show 0).
            for (const { gaugeName } of own) registry.removeSingleMetric(gaugeName);
          }
        }),
      );
      return registry.metrics();
    },
  };
  return metrics;
}
