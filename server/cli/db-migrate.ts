import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';

const config = loadConfig();
const database = await openDatabase(config.database);
try {
  const results = await migrateToLatest(database.db);
  for (const result of results) console.log(`${result.status}: ${result.migrationName}`);
  console.log(results.length === 0 ? 'Schema already up to date.' : `Applied ${results.length} migration(s).`);
} finally {
  await database.close();
}
