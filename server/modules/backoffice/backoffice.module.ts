import type { ModuleManifest } from '../../module-manifest.ts';
import { backofficeErrors } from './backoffice.errors.ts';
import { backofficeRoutes } from './backoffice.routes.ts';

export const backofficeModule: ModuleManifest = {
  name: 'backoffice',
  routes: { plugin: backofficeRoutes, prefix: '/staff' },
  errors: backofficeErrors,
};
