import type { ModuleManifest } from '../../module-manifest.ts';
import { ingestErrors } from './ingest.errors.ts';
import { collectIngestMetrics } from './ingest.metrics.ts';
import { ingestRoutes } from './ingest.routes.ts';

export const ingestModule: ModuleManifest = {
  name: 'ingest',
  routes: { plugin: ingestRoutes },
  errors: ingestErrors,
  metrics: collectIngestMetrics,
};
