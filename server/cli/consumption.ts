import { parseArgs } from 'node:util';
import { createAppContext } from '../modules.ts';
import { systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { rebuildConsumption } from '../modules/consumption/consumption-rebuild.ts';
import { consumptionRebuildRefusal } from './rebuild-refusal.ts';
import { completePendingConsumption } from './pending-consumption.ts';

/**
 * Consumption upkeep from the command line, against the database the environment names:
 *   npm run consumption -- rebuild [--residence BUILDING_CODE]
 * recomputes every device's (or one residence's) consumption from its readings and prints what
 * changed. It refuses while months of readings are archived (`npm run readings -- archive`): it
 * would recompute their days from readings no longer there. Exit code 0 when done, 1 on any
 * failure or refusal.
 */
const USAGE = 'Usage:\n  npm run consumption -- rebuild [--residence BUILDING_CODE]';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { residence: { type: 'string' }, help: { type: 'boolean' } } });
if (values.help || positionals[0] !== 'rebuild') {
  console.log(USAGE);
  process.exit(values.help ? 0 : 1);
}

const config = loadConfig();
const database = await openDatabase(config.database);
const context = createAppContext({ config, database, clock: systemClock }, { maintenance: false });
try {
  await migrateToLatest(database.db);
  const refusal = await consumptionRebuildRefusal(database.db);
  if (refusal) {
    console.error(refusal);
    process.exitCode = 1;
  } else {
    await rebuildFromReadings();
  }
} finally {
  await context.jobs.stop();
  context.mailer.close();
  await database.close();
}
process.exit();

async function rebuildFromReadings(): Promise<void> {
  await completePendingConsumption(context);
  const started = performance.now();
  const report = await rebuildConsumption(context, { buildingCode: values.residence });
  console.log(`Consumption rebuilt from the readings in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  console.table({
    devices: report.devices,
    'devices changed': report.devicesChanged,
    'days added': report.daysAdded,
    'days removed': report.daysRemoved,
    'days changed': report.daysChanged,
    'total before': report.totalBefore,
    'total after': report.totalAfter,
  });
}
