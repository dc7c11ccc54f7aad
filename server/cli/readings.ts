import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { listMqttQuarantine } from '../modules/ingest/mqtt-quarantine.service.ts';
import { archiveReadingsBefore, listArchivedReadingMonths, restoreArchivedMonth } from '../modules/ingest/reading-archive.service.ts';

/**
 * Old months of readings, from the command line, against the database the environment names:
 *   npm run readings -- archive --before 2024-01
 * detaches every monthly partition of `readings` wholly before that UTC month and records its
 * months as archived (ingest then refuses them, and `npm run consumption -- rebuild` refuses to
 * run); the detached tables stay, to be dumped and dropped (docs/SCALING.md).
 *   npm run readings -- archived
 * lists the archived months.
 *   npm run readings -- restore --month 2023-05
 * attaches that month's detached table again (still in the database, or restored from its dump
 * under its name), with every month it holds, and forgets them as archived: ingest and rebuilds
 * accept them again.
 *   npm run readings -- mqtt-quarantine [--limit 20]
 * lists the latest MQTT messages that could never be stored (kept in mqtt_quarantine, then
 * acknowledged), newest first, with their reason. Exit code 0 when done, 1 on any failure or refusal.
 */
const USAGE = [
  'Usage:',
  '  npm run readings -- archive --before YYYY-MM      detach the partitions wholly before that UTC month',
  '  npm run readings -- archived                      list the archived months',
  '  npm run readings -- restore --month YYYY-MM       attach an archived month again (its table must be in the database)',
  '  npm run readings -- mqtt-quarantine [--limit 20]  list the latest MQTT messages that could never be stored',
].join('\n');
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { before: { type: 'string' }, month: { type: 'string' }, limit: { type: 'string', default: '20' }, help: { type: 'boolean' } },
});
const command = positionals[0];
const limit = Number(values.limit);
const understood =
  command === 'archived' ||
  (command === 'archive' && MONTH.test(values.before ?? '')) ||
  (command === 'restore' && MONTH.test(values.month ?? '')) ||
  (command === 'mqtt-quarantine' && Number.isInteger(limit) && limit >= 1 && limit <= 1000);
if (values.help || !understood) {
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
  } else if (command === 'restore') {
    const restored = await restoreArchivedMonth(database, values.month!);
    if (restored.outcome === 'not_archived') {
      console.error(`Refused: ${values.month} is not archived (npm run readings -- archived lists those that are). Nothing was changed.`);
      process.exitCode = 1;
    } else if (restored.outcome === 'table_missing') {
      console.error(
        `Refused: ${restored.name}, the table holding ${restored.months.join(', ')}, is not in the database. ` +
          'Restore it from its dump first (it keeps its name), then run this again. Nothing was changed.',
      );
      process.exitCode = 1;
    } else {
      console.log(`Attached ${restored.name} again (${restored.months[0]} to ${restored.months.at(-1)}); ingest and rebuilds accept these months again.`);
    }
  } else if (command === 'archived') {
    const months = await listArchivedReadingMonths(database.db);
    console.log(months.length === 0 ? 'No archived month.' : `Archived months: ${months.join(', ')}.`);
  } else {
    const { total, messages } = await listMqttQuarantine(database, limit);
    console.log(`${total} MQTT message(s) quarantined${total > messages.length ? `, the latest ${messages.length}` : ''}.`);
    for (const message of messages) {
      const payload = Buffer.from(message.payload).toString().slice(0, 200);
      const cut = message.payloadBytes > 200 ? ` (${message.payloadBytes} bytes in all)` : '';
      console.log(`${message.receivedAt.toISOString()}  ${message.reason}${message.detail ? ` (${message.detail.slice(0, 200)})` : ''}  ${message.topic}\n  ${JSON.stringify(payload)}${cut}`);
    }
  }
} finally {
  await database.close();
}
process.exit(process.exitCode ?? 0);
