import type { ModuleManifest } from '../../module-manifest.ts';

export const consumptionModule: ModuleManifest = {
  name: 'consumption',
};
