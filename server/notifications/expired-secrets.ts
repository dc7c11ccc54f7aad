import type { AppContext } from '../app-context.ts';
import { deleteMailFiles, mailFolderOf } from './mail-folder.ts';
import { dropExpiredSealedContent } from './outbox.queries.ts';

/** Once a code has expired, nothing of it is kept: its sealed content goes, and so does its .eml copy. */
export async function forgetExpiredSecrets(context: Pick<AppContext, 'db' | 'clock' | 'config'>): Promise<number> {
  const ids = await dropExpiredSealedContent(context.db, context.clock.now());
  await deleteMailFiles(mailFolderOf(context.config.dataDir), ids);
  return ids.length;
}
