/**
 * Readings CSV import against its physical baseline, on the real PostgreSQL: a raw
 * `COPY readings … FROM STDIN` of the same rows, already parsed, into the same table with the
 * same indexes, from the same process, committed. Baseline and import alternate over several
 * rounds of 500,000 rows, each into the emptied table. The import is timed from the first line
 * read to the readings committed; the consumption pass that follows is timed apart.
 */
import { sql } from 'kysely';
import { createAppContext } from '../server/modules.ts';
import { systemClock } from '../server/clock.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { READINGS_COPY_STATEMENT, readingCopyLine } from '../server/modules/ingest/ingest.queries.ts';
import { runIngestTransaction } from '../server/modules/ingest/ingest-transaction.ts';
import { importReadingsCsv } from '../server/modules/ingest/readings-import.service.ts';
import { ensureReadingPartitions } from '../server/modules/ingest/reading-partitions.service.ts';
import { benchDatabaseUrl, reportFigure } from './support/bench-output.ts';
import { createSyntheticPortfolio } from './support/synthetic-portfolio.ts';

const BENCH = 'csv-import';
const DEVICES = Number(process.env.BENCH_CSV_DEVICES ?? 200);
const READINGS_PER_DEVICE = Number(process.env.BENCH_CSV_READINGS_PER_DEVICE ?? 2500);
const ROUNDS = Number(process.env.BENCH_CSV_ROUNDS ?? 3);
const HOUR = 3_600_000;

const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: benchDatabaseUrl(), LOG_LEVEL: 'silent', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0' });
const database = await openDatabase({ kind: 'postgres', url: benchDatabaseUrl() });
// The alert detection each import queues waits in the queue: no worker runs here, and no maintenance timers.
const context = createAppContext({ config, database, clock: systemClock }, { maintenance: false });
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
  console.log(`CSV import: ${rows.length.toLocaleString('en-US')} readings, ${DEVICES} devices, ${ROUNDS} rounds of baseline then import`);

  // Rounds alternate the baseline and the import, each into the emptied table, so that both
  // meet the same load; the figures are over all rounds.
  // The months' partitions once, untimed: the baseline's COPY needs them, and the import then finds them made.
  await ensureReadingPartitions(database.db, rows.map((row) => row.at));
  let copySeconds = 0;
  let importSeconds = 0;
  let consumptionSeconds = 0;
  for (let round = 1; round <= ROUNDS; round += 1) {
    await emptyReadingTables();
    const copyStarted = performance.now();
    await runIngestTransaction(database, async (_trx, copy) => {
      await copy!(READINGS_COPY_STATEMENT, (function* () {
        for (const row of rows) yield readingCopyLine(row, 'csv');
      })());
    });
    const roundCopySeconds = (performance.now() - copyStarted) / 1000;
    await emptyReadingTables();

    let storedAt = 0;
    const importStarted = performance.now();
    const report = await importReadingsCsv(context, { lines, origin: 'bench.csv' }, {}, (phase) => {
      if (phase === 'computing_consumption') storedAt = performance.now();
    });
    const importDone = performance.now();
    if (report.rowsStored !== rows.length) throw new Error(`import stored ${report.rowsStored} of ${rows.length}`);
    const roundImportSeconds = (storedAt - importStarted) / 1000;
    console.log(
      `  round ${round}: COPY ${roundCopySeconds.toFixed(2)} s, import ${roundImportSeconds.toFixed(2)} s (${((100 * roundCopySeconds) / roundImportSeconds).toFixed(1)} %), consumption ${((importDone - storedAt) / 1000).toFixed(2)} s`,
    );
    copySeconds += roundCopySeconds;
    importSeconds += roundImportSeconds;
    consumptionSeconds += (importDone - storedAt) / 1000;
  }
  const total = rows.length * ROUNDS;

  reportFigure({ bench: BENCH, name: 'raw COPY baseline', value: total / copySeconds, unit: 'rows/s' });
  reportFigure({ bench: BENCH, name: 'CSV import (parse, check, store)', value: total / importSeconds, unit: 'rows/s' });
  reportFigure({
    bench: BENCH,
    name: 'CSV import / COPY baseline',
    value: (100 * copySeconds) / importSeconds,
    unit: '%',
    target: { comparison: '>=', value: 50 },
  });
  reportFigure({ bench: BENCH, name: 'consumption pass after the import', value: total / consumptionSeconds, unit: 'readings/s' });
  reportFigure({ bench: BENCH, name: 'CSV import including consumption / COPY baseline', value: (100 * copySeconds) / (importSeconds + consumptionSeconds), unit: '%' });

  const again = performance.now();
  const second = await importReadingsCsv(context, { lines, origin: 'bench.csv' }, {});
  reportFigure({ bench: BENCH, name: 're-import of the same file (all duplicates)', value: rows.length / ((performance.now() - again) / 1000), unit: 'rows/s' });
  if (second.rowsStored !== 0) throw new Error('re-import stored rows');
} finally {
  await context.jobs.stop();
  context.mailer.close();
  await database.close();
}

/** The readings and what the engine made of them, so that every round starts from the same empty tables. */
async function emptyReadingTables(): Promise<void> {
  await sql`truncate readings, daily_consumption, monthly_dwelling_consumption, monthly_residence_average, reading_anomalies, consumption_refresh_queue`.execute(
    database.db,
  );
}
