import type { ModuleManifest } from '../../module-manifest.ts';
import { managerErrors } from './managers.errors.ts';
import { managerRoutes } from './managers.routes.ts';

export const managersModule: ModuleManifest = {
  name: 'managers',
  routes: { plugin: managerRoutes },
  errors: managerErrors,
};
