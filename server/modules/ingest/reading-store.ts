import type { Kysely } from 'kysely';
import type { Database, ReadingSource } from '../../db/schema.ts';
import { queueConsumptionRefresh, recordConflictingDuplicates } from '../consumption/consumption.service.ts';
import { toFixedPoint } from '../../kernel/fixed-point.ts';
import type { CopyRows } from './ingest-transaction.ts';
import { ensureReadingPartitions, forgetKnownReadingMonths, isMissingReadingPartition } from './reading-partitions.service.ts';
import {
  findReadingsAt,
  findReadingsInSpans,
  insertReadingsIfNew,
  lockDevicesForIngest,
  READINGS_COPY_STATEMENT,
  readingCopyLine,
  type DeviceSpan,
  type ExistingReading,
  type IngestDevice,
  type NewReading,
  type NewTelegram,
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
  /** Both instants of a wall time the autumn change repeats; `at` is then the later one until placed. */
  repeatedAt?: [number, number];
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
  options: { source: ReadingSource; now: Date; telegramOf?: (candidate: CandidateReading) => NewTelegram; unfit?: readonly CandidateReading[] },
): Promise<StoreOutcome> {
  const { unique, duplicates, conflicts } = separateWithinBatch(candidates);
  for (const candidate of options.unfit ?? []) conflicts.push(conflictOf([candidate], null));
  const outcome = { stored: [] as CandidateReading[], duplicates, conflicts };
  await ensureReadingPartitions(trx, (function* () {
    for (const candidate of unique) yield candidate.at;
  })());
  try {
    if (copy && unique.length > COPY_FROM_ROWS) await storeByCopy(trx, copy, unique, outcome, options);
    else await storeByInsert(trx, unique, outcome, options);
  } catch (error) {
    // A month remembered as there was archived or restored away meanwhile: the next attempt looks again.
    if (isMissingReadingPartition(error)) forgetKnownReadingMonths();
    throw error;
  }
  await recordConflictingDuplicates(
    trx,
    conflicts.map((conflict) => conflict.anomaly),
    options.now,
  );
  return { stored: outcome.stored, duplicates, conflicts: conflicts.map((conflict) => conflict.report) };
}

/** Large files: COPY is the fastest way in, but it cannot skip a row already there, so those are looked for first, under a lock per device. */
const COPY_FROM_ROWS = 100;

interface Sorting {
  stored: CandidateReading[];
  duplicates: CandidateReading[];
  conflicts: Conflict[];
}

async function storeByCopy(
  trx: Kysely<Database>,
  copy: CopyRows,
  unique: readonly CandidateReading[],
  outcome: Sorting,
  options: { source: ReadingSource; now: Date },
): Promise<void> {
  await lockDevicesForIngest(trx, [...new Set(unique.map((candidate) => candidate.device.id))]);
  const existing = await findReadingsInSpans(trx, spansOf(unique));
  if (existing.length === 0) for (const candidate of unique) outcome.stored.push(candidate);
  else sortAgainstStored(unique, existing, outcome);
  const stored = outcome.stored;
  for (let start = 0; start < stored.length; start += MAX_COPY_LINES_PER_STATEMENT) {
    const slice = stored.slice(start, start + MAX_COPY_LINES_PER_STATEMENT);
    await copy(READINGS_COPY_STATEMENT, (function* () {
      for (const candidate of slice) yield readingCopyLine(newReadingOf(candidate), options.source);
    })());
  }
  await queueConsumptionRefresh(trx, earliestPerDevice(stored), options.now);
}

/**
 * Machine ingest and small files: one statement inserts what is new (with its telegram and the
 * refresh mark of its device) and skips what is there; only when something was skipped is the
 * stored index read back, to tell a duplicate from a conflict. No lock is needed: a concurrent
 * writer of the same reading makes this one wait, then skip it.
 */
async function storeByInsert(
  trx: Kysely<Database>,
  unique: readonly CandidateReading[],
  outcome: Sorting,
  options: { source: ReadingSource; now: Date; telegramOf?: (candidate: CandidateReading) => NewTelegram },
): Promise<void> {
  const inserted = await insertReadingsIfNew(
    trx,
    unique.map((candidate) => ({ ...newReadingOf(candidate), telegram: options.telegramOf?.(candidate) })),
    options.source,
    options.now,
  );
  const isInserted = new Uint8Array(unique.length);
  for (const position of inserted) isInserted[position] = 1;
  const skipped = unique.filter((_, position) => !isInserted[position]);
  // A loop, not push(...): a file's hundreds of thousands of rows would overflow the call stack.
  for (const [position, candidate] of unique.entries()) if (isInserted[position]) outcome.stored.push(candidate);
  if (skipped.length === 0) return;
  const existing = await findReadingsAt(
    trx,
    skipped.map((candidate) => ({ residenceId: candidate.device.residenceId, deviceId: candidate.device.id, at: candidate.at })),
  );
  sortAgainstStored(skipped, existing, { ...outcome, stored: [] });
}

/** Candidates whose device and moment the table holds are duplicates or conflicts; the others are to store. */
function sortAgainstStored(candidates: readonly CandidateReading[], existing: readonly ExistingReading[], outcome: Sorting): void {
  const existingIndex = new Map<string, Map<number, string>>();
  for (const reading of existing) {
    let ofDevice = existingIndex.get(reading.deviceId);
    if (!ofDevice) existingIndex.set(reading.deviceId, (ofDevice = new Map()));
    ofDevice.set(reading.readAt.getTime(), reading.indexValue);
  }
  for (const candidate of candidates) {
    const storedIndex = existingIndex.get(candidate.device.id)?.get(candidate.at);
    if (storedIndex === undefined) {
      outcome.stored.push(candidate);
    } else if (toFixedPoint(storedIndex) === toFixedPoint(candidate.indexValue)) {
      outcome.duplicates.push(candidate);
    } else {
      outcome.conflicts.push(conflictOf([candidate], storedIndex));
    }
  }
}

function newReadingOf(candidate: CandidateReading): NewReading {
  return {
    residenceId: candidate.device.residenceId,
    deviceId: candidate.device.id,
    at: candidate.at,
    indexValue: candidate.indexValue,
    isEstimated: candidate.isEstimated,
  };
}

interface Conflict {
  report: ConflictReport;
  anomaly: { residenceId: string; deviceId: string; at: number; storedIndex: string | null; refusedIndex: string };
}

/**
 * Readings of the same device and moment within the batch: one is kept when they agree, all
 * are kept out when they do not. Grouped per device, so that the usual batch (each device's
 * readings in time order, no repeats) costs one pass and no key per reading.
 */
function separateWithinBatch(candidates: readonly CandidateReading[]) {
  const positionsByDevice = new Map<string, number[]>();
  for (const [position, candidate] of candidates.entries()) {
    const positions = positionsByDevice.get(candidate.device.id);
    if (positions) positions.push(position);
    else positionsByDevice.set(candidate.device.id, [position]);
  }
  // Groups of the same moment, by the position of their first member, in file order.
  const groupAt = new Map<number, number[]>();
  const isGrouped = new Uint8Array(candidates.length);
  for (const positions of positionsByDevice.values()) {
    if (isStrictlyIncreasing(candidates, positions)) continue;
    const byMoment = [...positions].sort((a, b) => candidates[a]!.at - candidates[b]!.at || a - b);
    for (let start = 0; start < byMoment.length; ) {
      let end = start + 1;
      while (end < byMoment.length && candidates[byMoment[end]!]!.at === candidates[byMoment[start]!]!.at) end += 1;
      if (end - start > 1) {
        const group = byMoment.slice(start, end);
        groupAt.set(group[0]!, group);
        for (const position of group) isGrouped[position] = 1;
      }
      start = end;
    }
  }
  if (groupAt.size === 0) return { unique: [...candidates], duplicates: [] as CandidateReading[], conflicts: [] as Conflict[] };

  const unique: CandidateReading[] = [];
  const duplicates: CandidateReading[] = [];
  const conflicts: Conflict[] = [];
  for (const [position, candidate] of candidates.entries()) {
    if (!isGrouped[position]) {
      unique.push(candidate);
      continue;
    }
    const positions = groupAt.get(position);
    if (!positions) continue;
    const group = positions.map((member) => candidates[member]!);
    const firstIndex = toFixedPoint(candidate.indexValue);
    if (group.every((member) => toFixedPoint(member.indexValue) === firstIndex)) {
      unique.push(candidate);
      duplicates.push(...group.slice(1));
    } else {
      conflicts.push(conflictOf(group, null));
    }
  }
  return { unique, duplicates, conflicts };
}

function isStrictlyIncreasing(candidates: readonly CandidateReading[], positions: readonly number[]): boolean {
  for (let index = 1; index < positions.length; index += 1) {
    if (candidates[positions[index]!]!.at <= candidates[positions[index - 1]!]!.at) return false;
  }
  return true;
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
  const spans = new Map<string, { residenceId: string; deviceId: string; from: number; to: number }>();
  for (const candidate of candidates) {
    const span = spans.get(candidate.device.id);
    if (!span) spans.set(candidate.device.id, { residenceId: candidate.device.residenceId, deviceId: candidate.device.id, from: candidate.at, to: candidate.at });
    else if (candidate.at < span.from) span.from = candidate.at;
    else if (candidate.at > span.to) span.to = candidate.at;
  }
  return [...spans.values()].map((span) => ({ ...span, from: new Date(span.from), to: new Date(span.to) }));
}

function earliestPerDevice(readings: readonly CandidateReading[]) {
  const earliest = new Map<string, number>();
  for (const reading of readings) {
    const current = earliest.get(reading.device.id);
    if (current === undefined || reading.at < current) earliest.set(reading.device.id, reading.at);
  }
  return [...earliest].map(([deviceId, at]) => ({ deviceId, changedFrom: new Date(at) }));
}
