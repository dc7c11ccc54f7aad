import type { ModuleManifest } from '../../module-manifest.ts';
import { accountsErrors } from './accounts.errors.ts';
import { authRoutes } from './auth.routes.ts';
import { registerSessionMetrics } from './sessions.service.ts';

export const accountsModule: ModuleManifest = {
  name: 'accounts',
  routes: { plugin: authRoutes },
  errors: accountsErrors,
  metrics: registerSessionMetrics,
};
