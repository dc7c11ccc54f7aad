import { systemClock } from '../clock.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { DemoDataInProductionError, loadDemoDataIfEmpty } from '../demo/demo-loader.ts';
import { createAppContext } from '../modules.ts';

/** `npm run db:seed`: migrates, then loads the demo portfolio into an empty database. */
async function seed(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
    const context = createAppContext({ config, database, clock: systemClock }, { maintenance: false });
    const demo = await loadDemoDataIfEmpty(context).finally(async () => {
      context.mailer.close();
      await context.jobs.stop();
    });
    const where = config.database.kind === 'pglite' ? `PGlite in ${config.database.dataDir}` : 'PostgreSQL';
    if (demo) {
      console.log([`Demo data loaded into ${where}.`, ...demo.describe()].join('\n'));
    } else {
      console.log(`The database (${where}) already has residences: demo data not loaded.`);
    }
  } finally {
    await database.close();
  }
  console.log(`Done in ${((performance.now() - startedAt) / 1000).toFixed(1)} s.`);
}

seed().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof DemoDataInProductionError ? error.message : error);
  process.exit(1);
});
