import type { ModuleManifest } from '../../module-manifest.ts';
import { publicationErrors } from './publication.errors.ts';

export const publicationModule: ModuleManifest = {
  name: 'publication',
  errors: publicationErrors,
};
