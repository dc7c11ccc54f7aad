import type { ModuleManifest } from '../../module-manifest.ts';
import { climateErrors } from './climate.errors.ts';
import { climateRoutes } from './climate.routes.ts';

export const climateModule: ModuleManifest = {
  name: 'climate',
  routes: { plugin: climateRoutes },
  errors: climateErrors,
};
