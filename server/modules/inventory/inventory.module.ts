import type { ModuleManifest } from '../../module-manifest.ts';
import { inventoryRoutes } from './inventory.routes.ts';

export const inventoryModule: ModuleManifest = {
  name: 'inventory',
  routes: { plugin: inventoryRoutes },
};
