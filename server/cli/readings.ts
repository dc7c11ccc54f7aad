import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { archiveReadingsBefore, listArchivedReadingMonths } from '../modules/ingest/reading-archive.service.ts';

/**
 * Old months of readings, from the command line, against the database the environment names:
 *   npm run readings -- archive --before 2024-01
 * detaches every monthly partition of `readings` wholly before that UTC month and records its
 * months as archived (ingest then refuses them, and `npm run consumption -- rebuild` refuses to
 * run); the detached tables stay, to be dumped and dropped (docs/SCALING.md).
 *   npm run readings -- archived
 * lists the archived months. Exit code 0 when done, 1 on any failure.
 */
const USAGE = 'Usage:\n  npm run readings -- archive --before YYYY-MM\n  npm run readings -- archived';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { before: { type: 'string' }, help: { type: 'boolean' } } });
const command = positionals[0];
if (values.help || !(command === 'archived' || (command === 'archive' && /^\d{4}-(0[1-9]|1[0-2])$/.test(values.before ?? '')))) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 1);
}

const config = loadConfig();
const database = await openDatabase(config.database);
try {
  await migrateToLatest(database.db);
  if (command === 'archive') {
    const archived = await archiveReadingsBefore(database, values.before!, new Date());
    if (archived.length === 0) console.log(`No partition of readings lies wholly before ${values.before}.`);
    for (const partition of archived) console.log(`Detached ${partition.name} (${partition.months[0]} to ${partition.months.at(-1)}).`);
  } else {
    const months = await listArchivedReadingMonths(database.db);
    console.log(months.length === 0 ? 'No archived month.' : `Archived months: ${months.join(', ')}.`);
  }
} finally {
  await database.close();
}
process.exit(0);
