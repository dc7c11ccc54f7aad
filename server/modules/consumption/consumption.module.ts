import type { ModuleManifest } from '../../module-manifest.ts';
import { collectConsumptionMetrics } from './consumption.metrics.ts';

export const consumptionModule: ModuleManifest = {
  name: 'consumption',
  metrics: collectConsumptionMetrics,
};
