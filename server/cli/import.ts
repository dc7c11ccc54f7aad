import { createReadStream, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { DEVICE_KIND_CHOICES } from '#shared/device-kinds.ts';
import { createAppContext } from '../modules.ts';
import { systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createDataSource, revokeDataSourceByName } from '../modules/ingest/data-sources.service.ts';
import { readingsCsvOptionsSchema } from '../modules/ingest/ingest.schemas.ts';
import { importReadingsCsv } from '../modules/ingest/readings-import.service.ts';
import { completePendingConsumption } from './pending-consumption.ts';
import { inventoryTemplateFromReadings } from '../modules/inventory/inventory-template.ts';
import { importInventoryCsv } from '../modules/inventory/inventory-import.service.ts';
import { importDegreeDays } from '../modules/climate/climate.service.ts';

/**
 * Data in from the command line, against the database the environment names:
 *   npm run import -- inventory FILE
 *   npm run import -- readings FILE [--unit l] [--time-zone Europe/Madrid] [--delimiter ';']
 *        [--serial-column NAME] [--read-at-column NAME] [--index-column NAME] [--manufacturer-column NAME] [--estimated-column NAME]
 *   npm run import -- inventory-template READINGS_FILE --building-code 12345678 [--serial-column NAME] [--kind cold_water] …
 *   npm run import -- data-source create NAME | data-source revoke NAME
 *   npm run import -- degree-days FILE
 * Exit code 0 when imported, 2 when the file is refused, 1 on any other failure.
 * Imported readings (and replayed quarantine) queue alert detection like every ingest path;
 * the server's workers run it, this command does not wait for it.
 */
const USAGE = `Usage:
  npm run import -- inventory FILE
  npm run import -- readings FILE [--unit l|m3|kWh|units] [--time-zone ZONE] [--delimiter ';'|','] [--serial-column NAME]
                                  [--read-at-column NAME] [--index-column NAME] [--manufacturer-column NAME] [--estimated-column NAME]
  npm run import -- inventory-template READINGS_FILE --building-code CODE [--serial-column NAME] [--read-at-column NAME]
                                  [--kind ${DEVICE_KIND_CHOICES.join('|')}] [--manufacturer NAME] [--time-zone ZONE]
  npm run import -- data-source create NAME
  npm run import -- data-source revoke NAME
  npm run import -- degree-days FILE`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    unit: { type: 'string' },
    'time-zone': { type: 'string' },
    delimiter: { type: 'string' },
    'serial-column': { type: 'string' },
    'read-at-column': { type: 'string' },
    'index-column': { type: 'string' },
    'manufacturer-column': { type: 'string' },
    'estimated-column': { type: 'string' },
    'building-code': { type: 'string' },
    kind: { type: 'string' },
    manufacturer: { type: 'string' },
    help: { type: 'boolean' },
  },
});

const [command, argument, name] = positionals;
if (values.help || !command || !argument) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 1);
}

const readingsOptions = readingsCsvOptionsSchema.parse({
  unit: values.unit,
  timeZone: values['time-zone'],
  delimiter: values.delimiter,
  serialColumn: values['serial-column'],
  readAtColumn: values['read-at-column'],
  indexColumn: values['index-column'],
  manufacturerColumn: values['manufacturer-column'],
  estimatedColumn: values['estimated-column'],
});

if (command === 'inventory-template') {
  // Needs no database: it only reads the readings file.
  const template = await inventoryTemplateFromReadings(linesOf(argument), {
    ...readingsOptions,
    buildingCode: values['building-code'] ?? '',
    kind: values.kind ?? 'cold_water',
    manufacturer: values.manufacturer ?? 'UNKNOWN',
    timeZone: readingsOptions.timeZone ?? 'Europe/Paris',
  });
  process.stdout.write(template);
  process.exit(0);
}

const config = loadConfig();
const database = await openDatabase(config.database);
// The job queue only sends here (it starts at its first job): no workers, no pg-boss timers.
const context = createAppContext({ config, database, clock: systemClock }, { maintenance: false });
let exitCode = 0;
try {
  await migrateToLatest(database.db);
  await completePendingConsumption(context);
  if (command === 'inventory') exitCode = await runInventory(argument);
  else if (command === 'readings') exitCode = await runReadings(argument);
  else if (command === 'data-source') exitCode = await runDataSource(argument, name);
  else if (command === 'degree-days') exitCode = await runDegreeDays(argument);
  else {
    console.error(USAGE);
    exitCode = 1;
  }
} finally {
  await context.jobs.stop();
  context.mailer.close();
  await database.close();
}
process.exit(exitCode);

async function runInventory(file: string): Promise<number> {
  const report = await importInventoryCsv(context, { text: readFileSync(file, 'utf8'), origin: path.basename(file) });
  if (report.outcome === 'refused') return printRefusal(report.errors.length, report.errors);
  console.log(`Inventory imported (${report.rowsRead} lines).`);
  console.table({ created: report.created, updated: report.updated });
  if (report.quarantinedMessagesReplayed > 0) console.log(`Quarantined messages replayed: ${report.quarantinedMessagesReplayed}`);
  return 0;
}

async function runReadings(file: string): Promise<number> {
  const totalBytes = statSync(file).size;
  const bar = new cliProgress.SingleBar(
    { format: ' {phase} [{bar}] {percentage}% | {value}/{total} MB | {speed} MB/s | ETA {eta_formatted}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  const megabytes = (bytes: number) => Math.round(bytes / 1e5) / 10;
  const started = performance.now();
  bar.start(megabytes(totalBytes), 0, { phase: 'checking', speed: '0' });
  const stream = createReadStream(file);
  const lines = (async function* () {
    let count = 0;
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      yield line;
      count += 1;
      if (count % 20_000 === 0) {
        const seconds = (performance.now() - started) / 1000;
        bar.update(megabytes(stream.bytesRead), { speed: (megabytes(stream.bytesRead) / seconds).toFixed(1) });
      }
    }
  })();
  const report = await importReadingsCsv(context, { lines, origin: path.basename(file) }, readingsOptions, (phase) => {
    if (phase !== 'checking') bar.update(megabytes(totalBytes), { phase: phase.replace('_', ' ') });
  });
  bar.stop();
  if (report.outcome === 'refused') return printRefusal(report.errorCount, report.errors);
  console.log(`Readings imported in ${(report.durationMs / 1000).toFixed(1)} s (batch ${report.batchId}).`);
  console.table({
    'rows read': report.rowsRead,
    stored: report.rowsStored,
    'already stored (duplicates)': report.rowsDuplicate,
    'conflicting duplicates kept out': report.rowsConflicting,
    devices: report.devices,
    'index decreases flagged': report.decreasesFlagged,
  });
  for (const conflict of report.conflicts.slice(0, 50)) {
    console.log(`  conflict: lines ${conflict.refs.join(', ')}: ${conflict.serialNumber} at ${conflict.readAt}: stored ${conflict.storedIndex ?? '(none)'}, refused ${conflict.refusedIndexes.join(' / ')}`);
  }
  return 0;
}

async function runDegreeDays(file: string): Promise<number> {
  const report = await importDegreeDays(context, readFileSync(file, 'utf8'), null);
  if (report.outcome === 'refused') return printRefusal(report.errors.length, report.errors);
  console.log(`Degree days imported (${report.rowsRead} lines, ${report.stations} station(s)); days imported again replace the stored ones.`);
  console.table({ 'new days': report.inserted, 'days replaced': report.replaced });
  return 0;
}

async function runDataSource(action: string, sourceName: string | undefined): Promise<number> {
  if (!sourceName || (action !== 'create' && action !== 'revoke')) {
    console.error(USAGE);
    return 1;
  }
  if (action === 'revoke') {
    const isRevoked = await revokeDataSourceByName(context, sourceName);
    console.log(isRevoked ? `Data source "${sourceName}" revoked.` : `No active data source named "${sourceName}".`);
    return isRevoked ? 0 : 1;
  }
  const source = await createDataSource(context, sourceName);
  console.log(`Data source "${source.name}" created. Its token, shown only this once:\n\n  ${source.token}\n`);
  console.log(`wmbusmeters posts with: Authorization: Bearer <token> to ${config.publicUrl}/api/ingest/wmbusmeters`);
  return 0;
}

function printRefusal(count: number, errors: ReadonlyArray<{ line: number; problem: string; column?: string; value?: string }>): number {
  console.error(`File refused: nothing was imported. ${count} problem(s):`);
  for (const error of errors.slice(0, 200)) {
    console.error(`  line ${error.line}: ${error.problem}${error.column ? ` (${error.column})` : ''}${error.value !== undefined ? `: ${error.value}` : ''}`);
  }
  if (count > 200) console.error(`  … and ${count - 200} more`);
  return 2;
}

function linesOf(file: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(file), crlfDelay: Infinity });
}
