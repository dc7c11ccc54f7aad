import type { ModuleManifest } from '../../module-manifest.ts';
import { signupErrors } from './signup.errors.ts';
import { signupRoutes } from './signup.routes.ts';

export const signupModule: ModuleManifest = {
  name: 'signup',
  routes: { plugin: signupRoutes },
  errors: signupErrors,
};
