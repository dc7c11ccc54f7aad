import type { ModuleManifest } from '../../module-manifest.ts';
import { tariffErrors } from './tariffs.errors.ts';
import { tariffRoutes } from './tariffs.routes.ts';

export const tariffsModule: ModuleManifest = {
  name: 'tariffs',
  routes: { plugin: tariffRoutes, prefix: '/staff' },
  errors: tariffErrors,
};
