import type { ModuleManifest } from '../../module-manifest.ts';
import { assistanceErrors } from './assistance.errors.ts';
import { assistanceRoutes } from './assistance.routes.ts';

export const assistanceModule: ModuleManifest = {
  name: 'assistance',
  routes: { plugin: assistanceRoutes },
  errors: assistanceErrors,
};
