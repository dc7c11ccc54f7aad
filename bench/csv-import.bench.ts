/**
 * Readings CSV import against its physical baseline, on the real PostgreSQL: a raw
 * `COPY readings … FROM STDIN` of the same rows, already parsed, into the same table with the
 * same indexes, from the same process, committed (the table is then emptied, so the import
 * starts from the same state). The import is timed from the first line read to the readings committed; the
 * consumption pass that follows is timed apart.
 */
import { sql } from 'kysely';
import { systemClock } from '../server/clock.ts';
import { openDatabase } from '../server/db/database.ts';
import { READINGS_COPY_STATEMENT, readingCopyLine } from '../server/modules/ingest/ingest.queries.ts';
import { runIngestTransaction } from '../server/modules/ingest/ingest-transaction.ts';
import { importReadingsCsv } from '../server/modules/ingest/readings-import.service.ts';
import { benchDatabaseUrl, reportFigure } from './support/bench-output.ts';
import { createSyntheticPortfolio } from './support/synthetic-portfolio.ts';

const BENCH = 'csv-import';
const DEVICES = Number(process.env.BENCH_CSV_DEVICES ?? 200);
const READINGS_PER_DEVICE = Number(process.env.BENCH_CSV_READINGS_PER_DEVICE ?? 2500);
const HOUR = 3_600_000;

const database = await openDatabase({ kind: 'postgres', url: benchDatabaseUrl() });
const context = { database, db: database.db, clock: systemClock };
try {
  const portfolio = await createSyntheticPortfolio(database.db, { buildingCode: '81000001', dwellings: DEVICES, kinds: ['cold_water'], installedOn: '2024-01-01' });
  const start = Date.parse('2024-01-01T00:17:00Z');
  const rows = portfolio.devices.flatMap((device, position) =>
    Array.from({ length: READINGS_PER_DEVICE }, (_, hour) => ({
      residenceId: portfolio.residenceId,
      deviceId: device.id,
      serialNumber: device.serialNumber,
      at: start + hour * HOUR + position * 1000,
      indexValue: `${(hour * 0.0137 + position).toFixed(4)}`,
      isEstimated: false,
    })),
  );
  // The utility-export shape: `;`, dd/MM/yyyy wall times in the residence's zone, litres.
  const lines = ['serial_number;read_at;index'];
  for (const row of rows) lines.push(`${row.serialNumber};${new Date(row.at).toISOString()};${row.indexValue}`);
  console.log(`CSV import: ${rows.length.toLocaleString('en-US')} readings, ${DEVICES} devices`);

  const copyStarted = performance.now();
  await runIngestTransaction(database, async (_trx, copy) => {
    await copy!(READINGS_COPY_STATEMENT, (function* () {
      for (const row of rows) yield readingCopyLine(row, 'csv');
    })());
  });
  const copySeconds = (performance.now() - copyStarted) / 1000;
  // Empty again, so that the import meets the same table and indexes the baseline met.
  await sql`truncate readings`.execute(database.db);

  let storedAt = 0;
  const importStarted = performance.now();
  const report = await importReadingsCsv(context, { lines, origin: 'bench.csv' }, {}, (phase) => {
    if (phase === 'computing_consumption') storedAt = performance.now();
  });
  const importDone = performance.now();
  if (report.rowsStored !== rows.length) throw new Error(`import stored ${report.rowsStored} of ${rows.length}`);
  const importSeconds = (storedAt - importStarted) / 1000;
  const consumptionSeconds = (importDone - storedAt) / 1000;

  reportFigure({ bench: BENCH, name: 'raw COPY baseline', value: rows.length / copySeconds, unit: 'rows/s' });
  reportFigure({ bench: BENCH, name: 'CSV import (parse, check, store)', value: rows.length / importSeconds, unit: 'rows/s' });
  reportFigure({
    bench: BENCH,
    name: 'CSV import / COPY baseline',
    value: (100 * copySeconds) / importSeconds,
    unit: '%',
    target: { comparison: '>=', value: 50 },
  });
  reportFigure({ bench: BENCH, name: 'consumption pass after the import', value: rows.length / consumptionSeconds, unit: 'readings/s' });
  reportFigure({ bench: BENCH, name: 'CSV import including consumption / COPY baseline', value: (100 * copySeconds) / (importSeconds + consumptionSeconds), unit: '%' });

  const again = performance.now();
  const second = await importReadingsCsv(context, { lines, origin: 'bench.csv' }, {});
  reportFigure({ bench: BENCH, name: 're-import of the same file (all duplicates)', value: rows.length / ((performance.now() - again) / 1000), unit: 'rows/s' });
  if (second.rowsStored !== 0) throw new Error('re-import stored rows');
} finally {
  await database.close();
}
