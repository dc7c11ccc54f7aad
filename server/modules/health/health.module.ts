import type { ModuleManifest } from '../../module-manifest.ts';
import { healthRoutes } from './health.routes.ts';

export const healthModule: ModuleManifest = {
  name: 'health',
  routes: { plugin: healthRoutes },
};
