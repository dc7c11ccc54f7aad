import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.ts';
import type { Database } from '../../db/schema.ts';
import { refreshConsumptionThenDetect } from '../consumption/consumption-refresher.ts';
import { queueDevicesMissingConsumption } from '../consumption/consumption.service.ts';
import { findDevicesBySerial, insertImportBatch, type BatchRecord } from './ingest.queries.ts';
import { runIngestTransaction } from './ingest-transaction.ts';
import { ReadingsCsvParser, resolveReadingLines, type LineError, type ReadingsCsvOptions } from './readings-csv.ts';
import { storeReadings, type CandidateReading, type ConflictReport } from './reading-store.ts';
import { placeRepeatedWallTimes } from './repeated-hour.ts';

/**
 * Imports a readings CSV: the whole file is checked before anything is written, then every
 * new reading is written in one transaction with the marks asking for its consumption, then the
 * consumption of the file's devices is brought up to date (including any an interrupted import
 * left missing) and alert detection queued for their residences.
 */
export interface ReadingsImportReport {
  batchId: string;
  outcome: 'imported' | 'refused';
  rowsRead: number;
  rowsStored: number;
  rowsDuplicate: number;
  rowsConflicting: number;
  rowsRefused: number;
  errorCount: number;
  /** The first errors, by line. */
  errors: LineError[];
  conflicts: ConflictReport[];
  devices: number;
  decreasesFlagged: number;
  durationMs: number;
}

export type ImportPhase = 'checking' | 'storing' | 'computing_consumption';

export const MAX_REPORTED_PROBLEMS = 500;

export async function importReadingsCsv(
  context: Pick<AppContext, 'database' | 'db' | 'clock' | 'jobs' | 'hooks'>,
  input: { lines: AsyncIterable<string> | Iterable<string>; origin: string },
  options: ReadingsCsvOptions,
  onPhase: (phase: ImportPhase) => void = () => {},
): Promise<ReadingsImportReport> {
  const startedAt = context.clock.now();
  const started = performance.now();
  onPhase('checking');
  const { rowsRead, candidates, errors } = await checkReadingsCsv(context, input.lines, options);

  const base = { rowsRead, errorCount: errors.length, errors: errors.slice(0, MAX_REPORTED_PROBLEMS) };
  const batchOf = (outcome: 'imported' | 'refused', counts: { stored: number; duplicate: number; conflicting: number }, report: object) => ({
    kind: 'readings_csv' as const,
    origin: input.origin,
    dataSourceId: null,
    startedAt,
    finishedAt: context.clock.now(),
    outcome,
    rowsRead,
    rowsStored: counts.stored,
    rowsDuplicate: counts.duplicate,
    rowsConflicting: counts.conflicting,
    rowsRefused: new Set(errors.map((error) => error.line)).size,
    report: report as Record<string, unknown>,
  });

  if (errors.length > 0) {
    const batchId = await insertImportBatch(context.db, batchOf('refused', { stored: 0, duplicate: 0, conflicting: 0 }, { errors: base.errors }));
    return {
      batchId,
      outcome: 'refused',
      ...base,
      rowsStored: 0,
      rowsDuplicate: 0,
      rowsConflicting: 0,
      rowsRefused: new Set(errors.map((error) => error.line)).size,
      conflicts: [],
      devices: 0,
      decreasesFlagged: 0,
      durationMs: Math.round(performance.now() - started),
    };
  }

  onPhase('storing');
  const { outcome, batchId } = await runIngestTransaction(context.database, async (trx, copy) => {
    const { placed, unfit } = await placeRepeatedWallTimes(trx, candidates, context.clock.now());
    const stored = await storeReadings(trx, copy, placed, { source: 'csv', now: context.clock.now(), unfit });
    const counts = {
      stored: stored.stored.length,
      duplicate: stored.duplicates.length,
      conflicting: stored.conflicts.reduce((sum, conflict) => sum + conflict.refs.length, 0),
    };
    const id = await insertImportBatch(trx, batchOf('imported', counts, { conflicts: stored.conflicts.slice(0, MAX_REPORTED_PROBLEMS) }));
    return { outcome: stored, batchId: id };
  });

  onPhase('computing_consumption');
  const touchedDevices = new Set(outcome.stored.map((reading) => reading.device.id));
  const fileDevices = [...new Set(candidates.map((candidate) => candidate.device.id))];
  // Importing a file again repairs the consumption an interrupted run left missing.
  await queueDevicesMissingConsumption(context.db, fileDevices.filter((id) => !touchedDevices.has(id)), context.clock.now());
  const refresh = await refreshConsumptionThenDetect(context, { onlyDeviceIds: fileDevices });
  return {
    batchId,
    outcome: 'imported',
    ...base,
    rowsStored: outcome.stored.length,
    rowsDuplicate: outcome.duplicates.length,
    rowsConflicting: outcome.conflicts.reduce((sum, conflict) => sum + conflict.refs.length, 0),
    rowsRefused: 0,
    conflicts: outcome.conflicts.slice(0, MAX_REPORTED_PROBLEMS),
    devices: new Set(candidates.map((candidate) => candidate.device.id)).size,
    decreasesFlagged: refresh.decreasesFlagged,
    durationMs: Math.round(performance.now() - started),
  };
}

/** The readings file checked: the syntax, then the devices, zones and units. Errors come in line order. */
async function checkReadingsCsv(
  context: Pick<AppContext, 'db'>,
  lines: AsyncIterable<string> | Iterable<string>,
  options: ReadingsCsvOptions,
): Promise<{ rowsRead: number; candidates: CandidateReading[]; errors: LineError[] }> {
  const parser = new ReadingsCsvParser(options);
  let lineNumber = 0;
  const accept = (line: string) => parser.accept(line, ++lineNumber);
  // A text already in memory is read without an await per line.
  if (Symbol.asyncIterator in lines) for await (const line of lines) accept(line);
  else for (const line of lines) accept(line);
  const devices = await findDevicesBySerial(context.db, [...new Set(parser.rows.map((row) => row.serialNumber))]);
  const resolved = resolveReadingLines(parser.rows, devices, options);
  const errors = [...parser.errors, ...resolved.errors].sort((a, b) => a.line - b.line);
  if (!parser.hasHeader()) errors.push({ line: 1, problem: 'missing_header_column' });
  return { rowsRead: parser.rowsRead, candidates: resolved.candidates, errors };
}

class PreviewRollback extends Error {}

export interface ReadingsPreview {
  rowsRead: number;
  /** In line order, all of them. */
  errors: LineError[];
  /** What importing the file would store; zero when it would be refused. */
  newReadings: number;
  duplicates: number;
  conflicting: number;
  devices: number;
  firstReadingAt: string | null;
  lastReadingAt: string | null;
}

/**
 * What importing the file would do, without doing it: checked as the import checks it, then
 * stored in a transaction that is rolled back, so the counts of new, duplicate and conflicting
 * readings are the import's own.
 */
export async function previewReadingsCsv(
  context: Pick<AppContext, 'database' | 'db' | 'clock'>,
  lines: AsyncIterable<string> | Iterable<string>,
  options: ReadingsCsvOptions,
): Promise<ReadingsPreview> {
  const { rowsRead, candidates, errors } = await checkReadingsCsv(context, lines, options);
  let counts = { newReadings: 0, duplicates: 0, conflicting: 0 };
  if (errors.length === 0 && candidates.length > 0) {
    try {
      await runIngestTransaction(context.database, async (trx, copy) => {
        const outcome = await storeReadings(trx, copy, candidates, { source: 'csv', now: context.clock.now() });
        counts = {
          newReadings: outcome.stored.length,
          duplicates: outcome.duplicates.length,
          conflicting: outcome.conflicts.reduce((sum, conflict) => sum + conflict.refs.length, 0),
        };
        throw new PreviewRollback();
      });
    } catch (error) {
      if (!(error instanceof PreviewRollback)) throw error;
    }
  }
  // No spread over the moments: a file may hold millions of readings.
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate.at < first) first = candidate.at;
    if (candidate.at > last) last = candidate.at;
  }
  const isClean = errors.length === 0;
  const hasReadings = candidates.length > 0;
  return {
    rowsRead,
    errors,
    ...counts,
    devices: isClean ? new Set(candidates.map((candidate) => candidate.device.id)).size : 0,
    firstReadingAt: isClean && hasReadings ? new Date(first).toISOString() : null,
    lastReadingAt: isClean && hasReadings ? new Date(last).toISOString() : null,
  };
}

/** Files an import's outcome (readings or inventory) in the import batches, in the caller's transaction when it passes one. */
export function recordImportBatch(db: Kysely<Database>, batch: BatchRecord): Promise<string> {
  return insertImportBatch(db, batch);
}
