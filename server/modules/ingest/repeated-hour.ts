import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { queueConsumptionRefresh } from '../consumption/consumption.service.ts';
import { toFixedPoint } from '../../kernel/fixed-point.ts';
import { findReadingsInSpans, lockDevicesForIngest, moveReading, type ExistingReading } from './ingest.queries.ts';
import type { CandidateReading } from './reading-store.ts';

/**
 * Places the readings whose wall time the autumn change repeats: each gets the instant (summer
 * or winter time) that keeps its device's sequence, stored and new, non-decreasing. Readings of
 * one wall time go in index order, equal indexes in file order (a stored one first); a stored
 * reading from an earlier file moves to winter time when the new one must come before it. A
 * reading no instant fits is returned as unfit, to be reported as a conflict.
 */
const DAY_MS = 24 * 60 * 60 * 1000;

interface Member {
  index: bigint;
  at: number;
  candidate?: CandidateReading;
  stored?: ExistingReading;
}

export async function placeRepeatedWallTimes(
  trx: Kysely<Database>,
  candidates: readonly CandidateReading[],
  now: Date,
): Promise<{ placed: CandidateReading[]; unfit: CandidateReading[] }> {
  const repeated = candidates.filter((candidate) => candidate.repeatedAt);
  if (repeated.length === 0) return { placed: [...candidates], unfit: [] };
  const devices = new Map(repeated.map((candidate) => [candidate.device.id, candidate.device]));
  await lockDevicesForIngest(trx, [...devices.keys()]);
  const stored = await findReadingsInSpans(
    trx,
    [...devices.values()].map((device) => {
      const moments = repeated.filter((candidate) => candidate.device.id === device.id).map((candidate) => candidate.at);
      return { residenceId: device.residenceId, deviceId: device.id, from: new Date(Math.min(...moments) - DAY_MS), to: new Date(Math.max(...moments) + DAY_MS) };
    }),
  );
  const fileSequences = new Map<string, Array<{ at: number; index: bigint }>>();
  for (const candidate of candidates) {
    if (candidate.repeatedAt || !devices.has(candidate.device.id)) continue;
    const sequence = fileSequences.get(candidate.device.id) ?? [];
    sequence.push({ at: candidate.at, index: toFixedPoint(candidate.indexValue) });
    fileSequences.set(candidate.device.id, sequence);
  }
  const unfit = new Set<CandidateReading>();
  const moved: Array<{ deviceId: string; changedFrom: Date }> = [];
  for (const group of groupsByWallTime(repeated)) {
    const device = group[0]!.device;
    const [summer, winter] = group[0]!.repeatedAt!;
    const deviceStored = stored.filter((reading) => reading.deviceId === device.id);
    const atTheWallTime = deviceStored.filter((reading) => reading.readAt.getTime() === summer || reading.readAt.getTime() === winter);
    const sequence = [
      ...deviceStored.filter((reading) => !atTheWallTime.includes(reading)).map((reading) => ({ at: reading.readAt.getTime(), index: toFixedPoint(reading.indexValue) })),
      ...(fileSequences.get(device.id) ?? []),
    ];
    const bounds = boundsAround(sequence, summer, winter);
    for (const move of placeGroup(group, atTheWallTime, bounds, unfit)) {
      await moveReading(trx, { residenceId: device.residenceId, deviceId: device.id }, move.from, move.to);
      moved.push({ deviceId: device.id, changedFrom: new Date(summer) });
    }
  }
  if (moved.length > 0) await queueConsumptionRefresh(trx, moved, now);
  return { placed: candidates.filter((candidate) => !unfit.has(candidate)), unfit: repeated.filter((candidate) => unfit.has(candidate)) };
}

/** The file's readings of the repeated hour, per device and wall time, in file order. */
function groupsByWallTime(repeated: readonly CandidateReading[]): CandidateReading[][] {
  const groups = new Map<string, CandidateReading[]>();
  for (const candidate of repeated) {
    const key = `${candidate.device.id}/${candidate.repeatedAt![1]}`;
    groups.set(key, [...(groups.get(key) ?? []), candidate]);
  }
  return [...groups.values()];
}

/** The highest index before the repeated hour and the lowest after it, among the device's other readings. */
function boundsAround(sequence: ReadonlyArray<{ at: number; index: bigint }>, summer: number, winter: number) {
  let before: { at: number; index: bigint } | undefined;
  let after: { at: number; index: bigint } | undefined;
  for (const reading of sequence) {
    if (reading.at < summer && (!before || reading.at > before.at)) before = reading;
    if (reading.at > winter && (!after || reading.at < after.at)) after = reading;
  }
  return { low: before?.index, high: after?.index };
}

/**
 * Sets each candidate's instant (or marks it unfit) and returns the stored readings to move.
 * A candidate equal to a stored reading at this wall time takes its instant: a duplicate.
 */
function placeGroup(
  group: readonly CandidateReading[],
  atTheWallTime: readonly ExistingReading[],
  bounds: { low: bigint | undefined; high: bigint | undefined },
  unfit: Set<CandidateReading>,
): Array<{ from: number; to: number }> {
  const [summer, winter] = group[0]!.repeatedAt!;
  const members: Member[] = atTheWallTime
    .map((reading) => ({ index: toFixedPoint(reading.indexValue), at: reading.readAt.getTime(), stored: reading }))
    .sort((a, b) => a.at - b.at);
  const twins = new Map<CandidateReading, Member>();
  const inBounds = (index: bigint) => (bounds.low === undefined || index >= bounds.low) && (bounds.high === undefined || index <= bounds.high);
  for (const candidate of group) {
    const index = toFixedPoint(candidate.indexValue);
    const twin = members.find((member) => member.stored && member.index === index && ![...twins.values()].includes(member));
    if (twin) twins.set(candidate, twin);
    else if (inBounds(index)) members.push({ index, at: candidate.at, candidate });
    else unfit.add(candidate);
  }
  // Stable: equal indexes keep their order, stored readings first, then file order.
  const ordered = [...members].sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0));
  const slots = [summer, winter];
  const canMove = (member: Member, to: number) => member.at === to || (member.stored?.source === 'csv' && member.at === summer && to === winter);
  const placeable = ordered.length <= 2 && ordered.every((member, position) => member.candidate || canMove(member, slots[position]!));
  const moves: Array<{ from: number; to: number }> = [];
  for (const [position, member] of ordered.entries()) {
    if (!member.candidate) {
      if (placeable && member.at !== slots[position]) moves.push({ from: member.at, to: slots[position]! });
    } else if (placeable) member.candidate.at = slots[position]!;
    else unfit.add(member.candidate);
  }
  for (const [candidate, twin] of twins) candidate.at = placeable ? slots[ordered.indexOf(twin)]! : twin.at;
  return moves;
}
