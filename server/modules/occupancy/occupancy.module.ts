import type { ModuleManifest } from '../../module-manifest.ts';

export const occupancyModule: ModuleManifest = {
  name: 'occupancy',
};
