import { statSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config.ts';
import { BackupError, writeBackup } from '../db/backup.ts';
import { DataDirInUseError } from '../db/database.ts';

/** `npm run backup -- FILE`: one file holding the whole database (README, "Backups"). */
const args = process.argv.slice(2);
if (args.length !== 1 || args[0]!.startsWith('-')) {
  console.error('Usage: npm run backup -- FILE');
  process.exit(2);
}
const file = args[0]!;

try {
  const startedAt = performance.now();
  const config = loadConfig();
  const header = await writeBackup(config.database, file, new Date());
  const where = config.database.kind === 'pglite' ? `PGlite in ${config.database.dataDir}` : 'PostgreSQL';
  console.log(`Backup of ${where} written to ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB).`);
  console.log(`  Schema at ${header.lastMigration ?? '(no migration)'}; ${header.counts.users} account(s), ${header.counts.residences} residence(s).`);
  console.log(`Done in ${((performance.now() - startedAt) / 1000).toFixed(1)} s.`);
  console.log('Keep SESSION_SECRET with your backups, stored apart from them: without it the staff second factors cannot be read.');
} catch (error) {
  console.error(error instanceof ConfigError || error instanceof BackupError || error instanceof DataDirInUseError ? error.message : error);
  process.exit(1);
}
