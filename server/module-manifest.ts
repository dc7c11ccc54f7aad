import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from './app-context.ts';
import type { ErrorDefinitions } from './http/errors.ts';
import type { JobDefinition } from './jobs/job-definition.ts';

/**
 * What a module brings to the app (its `<module>.module.ts`). The composition root
 * (server/modules.ts) holds the one list of them: app.ts registers their routes, main.ts starts
 * their jobs' workers, and their error codes join the catalogue.
 */
export interface ModuleManifest {
  /** The module's folder name; also the owner of its error codes. */
  name: string;
  /** Its HTTP routes, under /api then `prefix`, registered in the order of the module list. */
  routes?: { plugin(context: AppContext): FastifyPluginAsyncZod; prefix?: string };
  jobs?: readonly JobDefinition[];
  /** Registers its scrape-time collectors on `context.metrics` (called only when the metrics are on). */
  metrics?(context: AppContext): void;
  /** Its `*.errors.ts` definitions. */
  errors?: ErrorDefinitions;
}
