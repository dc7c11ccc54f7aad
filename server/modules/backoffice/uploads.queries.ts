import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

export async function insertUploadPreview(
  db: Db,
  preview: {
    kind: 'inventory_csv' | 'readings_csv';
    fileDigest: Buffer;
    options: Record<string, unknown>;
    isClean: boolean;
    summary: Record<string, unknown>;
    createdByUserId: string;
    createdAt: Date;
    expiresAt: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('staff_upload_previews')
    .values({
      kind: preview.kind,
      file_digest: preview.fileDigest,
      options: JSON.stringify(preview.options),
      is_clean: preview.isClean,
      summary: JSON.stringify(preview.summary),
      created_by_user_id: preview.createdByUserId,
      created_at: preview.createdAt,
      expires_at: preview.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Marks a live preview applied; true for exactly one caller. */
export async function claimUploadPreview(db: Db, input: { id: string; kind: 'inventory_csv' | 'readings_csv'; now: Date }) {
  return db
    .updateTable('staff_upload_previews')
    .set({ applied_at: input.now })
    .where('id', '=', input.id)
    .where('kind', '=', input.kind)
    .where('applied_at', 'is', null)
    .where('expires_at', '>', input.now)
    .returning(['file_digest', 'options', 'is_clean'])
    .executeTakeFirst();
}

export async function releaseUploadPreview(db: Db, id: string): Promise<void> {
  await db.updateTable('staff_upload_previews').set({ applied_at: null }).where('id', '=', id).execute();
}
