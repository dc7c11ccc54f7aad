import { systemClock } from '../clock.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { BackupError, loadBackup, readBackupHeader } from '../db/backup.ts';
import { DataDirInUseError, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { replayErasures } from './replay-erasures.ts';

/**
 * `npm run restore -- FILE [--force]`: replaces the database with a backup, brings its schema
 * to this version, then replays the erasure log so no account erased since the backup comes
 * back (README, "Backups").
 */
const args = process.argv.slice(2);
const force = args.includes('--force');
const files = args.filter((arg) => arg !== '--force');
if (files.length !== 1 || files[0]!.startsWith('-')) {
  console.error('Usage: npm run restore -- FILE [--force]');
  process.exit(2);
}
const file = files[0]!;

try {
  const startedAt = performance.now();
  const config = loadConfig();
  const { header } = await readBackupHeader(file);
  console.log(`Backup of ${header.engine} taken ${header.createdAt}, schema at ${header.lastMigration ?? '(no migration)'}: ${header.counts.users} account(s), ${header.counts.residences} residence(s).`);
  const { movedAside } = await loadBackup(file, config.database, { force, now: new Date() });
  if (movedAside) console.log(`The previous PGlite folder was moved to ${movedAside} (delete it once the restore is checked).`);
  const database = await openDatabase(config.database);
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) console.log(`Applied ${applied.length} migration(s) newer than the backup.`);
    const replay = await replayErasures({ config, db: database.db, clock: systemClock });
    console.log(`Erasure log ${config.erasureLogPath}: ${replay.logged} erasure(s) logged, ${replay.replayed.length} replayed.`);
    for (const entry of replay.replayed) console.log(`  erased again: account ${entry.userId} (erased ${entry.erasedAt})`);
  } finally {
    await database.close();
  }
  console.log(`Restored in ${((performance.now() - startedAt) / 1000).toFixed(1)} s.`);
} catch (error) {
  console.error(error instanceof ConfigError || error instanceof BackupError || error instanceof DataDirInUseError ? error.message : error);
  process.exit(1);
}
