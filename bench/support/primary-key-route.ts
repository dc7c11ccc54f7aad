import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import { publicAccess } from '../../server/http/access.ts';

/** One reading's key: what the baseline route looks up. */
export interface ReadingKey {
  residence_id: string;
  device_id: string;
  read_at: Date;
}

/**
 * The benches' baseline: one primary-key lookup in `readings`, served by the same Fastify app
 * as the routes measured against it, so that their ratio leaves out what every request pays.
 */
export function addPrimaryKeyRoute(app: FastifyInstance, db: Kysely<Database>, url: string, key: ReadingKey): void {
  app.get(url, { config: { access: publicAccess } }, async () =>
    db
      .selectFrom('readings')
      .select(['index_value', 'is_estimated'])
      .where('residence_id', '=', key.residence_id)
      .where('device_id', '=', key.device_id)
      .where('read_at', '=', key.read_at)
      .executeTakeFirst(),
  );
}
