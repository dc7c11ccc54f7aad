import type { ModuleManifest } from '../../module-manifest.ts';

export const auditModule: ModuleManifest = {
  name: 'audit',
};
