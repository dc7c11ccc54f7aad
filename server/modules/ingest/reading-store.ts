import type { Kysely } from 'kysely';
import type { Database, ReadingSource } from '../../db/schema.ts';
import { queueConsumptionRefresh } from '../consumption/consumption.service.ts';
import { toFixedPoint } from '../consumption/fixed-point.ts';
import type { CopyRows } from './ingest-transaction.ts';
import {
  findReadingsInSpans,
  insertReadings,
  lockDevicesForIngest,
  READINGS_COPY_STATEMENT,
  readingCopyLine,
  recordConflictingDuplicates,
  type DeviceSpan,
  type IngestDevice,
} from './ingest.queries.ts';

/**
 * Stores readings once: the same reading again is a duplicate and changes nothing; another
 * index for the same device and moment is a conflict, kept out and reported, never written
 * over the stored one. Used by every ingest path inside its own transaction.
 */
export interface CandidateReading {
  /** Where it came from, for the report: a file line number or a message position. */
  ref: number;
  device: IngestDevice;
  at: number;
  /** Plain decimal text in the device's unit. */
  indexValue: string;
  isEstimated: boolean;
}

export interface ConflictReport {
  refs: number[];
  serialNumber: string;
  readAt: string;
  storedIndex: string | null;
  refusedIndexes: string[];
}

export interface StoreOutcome {
  stored: CandidateReading[];
  duplicates: CandidateReading[];
  conflicts: ConflictReport[];
}

const MAX_COPY_LINES_PER_STATEMENT = 200_000;

export async function storeReadings(
  trx: Kysely<Database>,
  copy: CopyRows | undefined,
  candidates: readonly CandidateReading[],
  options: { source: ReadingSource; now: Date },
): Promise<StoreOutcome> {
  const { unique, duplicates, conflicts } = separateWithinBatch(candidates);
  const deviceIds = [...new Set(unique.map((candidate) => candidate.device.id))];
  await lockDevicesForIngest(trx, deviceIds);

  const stored: CandidateReading[] = [];
  const existing = await findReadingsInSpans(trx, spansOf(unique));
  const existingIndex = new Map(existing.map((reading) => [keyOf(reading.deviceId, reading.readAt.getTime()), reading.indexValue]));
  for (const candidate of unique) {
    const storedIndex = existingIndex.get(keyOf(candidate.device.id, candidate.at));
    if (storedIndex === undefined) {
      stored.push(candidate);
    } else if (toFixedPoint(storedIndex) === toFixedPoint(candidate.indexValue)) {
      duplicates.push(candidate);
    } else {
      conflicts.push(conflictOf([candidate], storedIndex));
    }
  }

  const newReadings = stored.map((candidate) => ({
    residenceId: candidate.device.residenceId,
    deviceId: candidate.device.id,
    at: candidate.at,
    indexValue: candidate.indexValue,
    isEstimated: candidate.isEstimated,
  }));
  if (copy && newReadings.length > 100) {
    for (let start = 0; start < newReadings.length; start += MAX_COPY_LINES_PER_STATEMENT) {
      const slice = newReadings.slice(start, start + MAX_COPY_LINES_PER_STATEMENT);
      await copy(READINGS_COPY_STATEMENT, (function* () {
        for (const reading of slice) yield readingCopyLine(reading, options.source);
      })());
    }
  } else {
    await insertReadings(trx, newReadings, options.source);
  }

  await recordConflictingDuplicates(
    trx,
    conflicts.map((conflict) => conflict.anomaly),
    options.now,
  );
  await queueConsumptionRefresh(trx, earliestPerDevice(stored), options.now);
  return { stored, duplicates, conflicts: conflicts.map((conflict) => conflict.report) };
}

interface Conflict {
  report: ConflictReport;
  anomaly: { residenceId: string; deviceId: string; at: number; storedIndex: string | null; refusedIndex: string };
}

function keyOf(deviceId: string, at: number): string {
  return `${deviceId}|${at}`;
}

function separateWithinBatch(candidates: readonly CandidateReading[]) {
  const byKey = new Map<string, CandidateReading[]>();
  for (const candidate of candidates) {
    const key = keyOf(candidate.device.id, candidate.at);
    const group = byKey.get(key);
    if (group) group.push(candidate);
    else byKey.set(key, [candidate]);
  }
  const unique: CandidateReading[] = [];
  const duplicates: CandidateReading[] = [];
  const conflicts: Conflict[] = [];
  for (const group of byKey.values()) {
    const first = group[0]!;
    if (group.length === 1) {
      unique.push(first);
      continue;
    }
    const firstIndex = toFixedPoint(first.indexValue);
    if (group.every((candidate) => toFixedPoint(candidate.indexValue) === firstIndex)) {
      unique.push(first);
      duplicates.push(...group.slice(1));
    } else {
      conflicts.push(conflictOf(group, null));
    }
  }
  return { unique, duplicates, conflicts };
}

function conflictOf(group: readonly CandidateReading[], storedIndex: string | null): Conflict {
  const first = group[0]!;
  const refusedIndexes = [...new Set(group.map((candidate) => candidate.indexValue))];
  return {
    report: {
      refs: group.map((candidate) => candidate.ref),
      serialNumber: first.device.serialNumber,
      readAt: new Date(first.at).toISOString(),
      storedIndex,
      refusedIndexes,
    },
    anomaly: {
      residenceId: first.device.residenceId,
      deviceId: first.device.id,
      at: first.at,
      storedIndex: storedIndex ?? refusedIndexes[0]!,
      refusedIndex: refusedIndexes[storedIndex === null ? 1 : 0] ?? refusedIndexes[0]!,
    },
  };
}

function spansOf(candidates: readonly CandidateReading[]): DeviceSpan[] {
  const spans = new Map<string, DeviceSpan>();
  for (const candidate of candidates) {
    const span = spans.get(candidate.device.id);
    const at = new Date(candidate.at);
    if (!span) spans.set(candidate.device.id, { residenceId: candidate.device.residenceId, deviceId: candidate.device.id, from: at, to: at });
    else if (at < span.from) span.from = at;
    else if (at > span.to) span.to = at;
  }
  return [...spans.values()];
}

function earliestPerDevice(readings: readonly CandidateReading[]) {
  const earliest = new Map<string, number>();
  for (const reading of readings) {
    const current = earliest.get(reading.device.id);
    if (current === undefined || reading.at < current) earliest.set(reading.device.id, reading.at);
  }
  return [...earliest].map(([deviceId, at]) => ({ deviceId, changedFrom: new Date(at) }));
}
