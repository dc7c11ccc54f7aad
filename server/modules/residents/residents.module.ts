import type { ModuleManifest } from '../../module-manifest.ts';
import { residentErrors } from './residents.errors.ts';
import { residentJobs } from './residents.jobs.ts';
import { residentRoutes } from './residents.routes.ts';

export const residentsModule: ModuleManifest = {
  name: 'residents',
  routes: { plugin: residentRoutes },
  jobs: [...residentJobs],
  errors: residentErrors,
};
