import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.ts';
import type { Database, QuarantineReason } from '../../db/schema.ts';
import { refreshConsumptionThenDetect } from '../consumption/consumption-refresher.ts';
import { isDataFault, isDeadlock } from '../../db/database-errors.ts';
import { AppError } from '../../http/errors.ts';
import { GroupCommitter } from '../../kernel/group-commit.ts';
import { localDayOf } from '../../kernel/local-time.ts';
import {
  claimQuarantineFor,
  findDevicesByRadioIdOrSerial,
  insertQuarantine,
  listPendingQuarantine,
  markQuarantineReplayed,
  type IngestDevice,
  type NewTelegram,
  type QuarantineEntry,
  type QuarantinedMessage,
} from './ingest.queries.ts';
import { runIngestTransaction } from './ingest-transaction.ts';
import { storeReadings, type CandidateReading, type StoreOutcome } from './reading-store.ts';
import { indexForUnit, parseWmbusMessage, type IndexProblem, type MessageProblem, type WmbusMessage } from './wmbusmeters-message.ts';

/**
 * wmbusmeters messages in, from HTTP, MQTT or the quarantine: each is tied to its device by
 * radio id (or printed serial), its index stored once, its raw text and status flags kept. A
 * message for a device nobody registered yet is quarantined, and replayed once it is.
 */
type MessageOutcome = 'stored' | 'duplicate' | 'conflict' | 'quarantined' | 'refused';
type RefusalReason = MessageProblem | IndexProblem | 'outside_installation' | QuarantineReason;

interface MessageResult {
  /** 1-based position of the message in the body (its line in JSON lines). */
  line: number;
  outcome: MessageOutcome;
  reason?: RefusalReason;
  serialNumber?: string;
  indexField?: string;
}

export interface IngestSummary {
  received: number;
  stored: number;
  duplicate: number;
  conflict: number;
  quarantined: number;
  refused: number;
  /** Every message not stored, with why. */
  problems: MessageResult[];
}

type Context = Pick<AppContext, 'database' | 'db' | 'clock'>;

/** Splits a body into messages: one JSON object, or JSON lines. */
export function splitMessages(body: string): string[] {
  const trimmed = body.trim();
  if (trimmed === '') return [];
  if (!trimmed.includes('\n')) return [trimmed];
  try {
    JSON.parse(trimmed);
    return [trimmed];
  } catch {
    return trimmed.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  }
}

export async function ingestWmbusMessages(
  context: Context,
  messages: readonly string[],
  origin: { dataSourceId: string | null },
): Promise<IngestSummary> {
  const post = readPost(messages, origin.dataSourceId, context.clock.now());
  const [results] = await writePosts(context.db, context, [post], { quarantineUnknown: true });
  return summarise(results!);
}

/**
 * The HTTP route's way in: concurrent posts (wmbusmeters sends one telegram per post) are
 * written together, each answered once its own readings are committed, with its own summary. A
 * post is written at once when no group is being written; otherwise it joins the posts waiting
 * for that group to end (at most `windowMs`, or until `maxPosts` wait). Each post's messages are
 * read before it joins a group; a group that fails by one post's data is written again post by
 * post, so only that post fails. `close` writes what waits (graceful shutdown).
 */
export function createGroupedWmbusIngest(context: Context, options: { windowMs: number; maxPosts: number }) {
  const committer = new GroupCommitter<ReadPost, MessageResult[]>({
    windowMs: options.windowMs,
    maxItems: options.maxPosts,
    flush: (posts) => writePosts(context.db, context, posts, { quarantineUnknown: true }),
    // A deadlock too: posts sharing readings write in rounds, so two groups may lock them in opposite orders.
    mayBeOneItemsFault: (error) => failsForGood(error) || isDeadlock(error),
  });
  return {
    async ingest(messages: readonly string[], origin: { dataSourceId: string | null }): Promise<IngestSummary> {
      const post = readPost(messages, origin.dataSourceId, context.clock.now());
      if (post.parsed.length === 0) return summarise(post.refusals);
      return summarise(await committer.enqueue(post));
    },
    close: () => committer.close(),
  };
}

/**
 * Whether writing messages failed for their own sake, for good: the database refused their data
 * (SQLSTATE class 22 or 23), or their month of readings is archived. Anything else (the
 * database away, a lost connection, a serialization failure or deadlock, an unforeseen error)
 * may pass another time.
 */
export function failsForGood(error: unknown): boolean {
  return isDataFault(error) || (error instanceof AppError && error.code === 'readings_month_archived');
}

/** A post's messages, parsed (or refused) before anything is written. */
interface ReadPost {
  /** One per message: refused with its reason, or a placeholder until written. */
  refusals: readonly MessageResult[];
  parsed: ReadonlyArray<{ position: number; message: WmbusMessage }>;
  dataSourceId: string | null;
  receivedAt: Date;
}

function readPost(messages: readonly string[], dataSourceId: string | null, now: Date): ReadPost {
  const refusals: MessageResult[] = messages.map((_, position) => ({ line: position + 1, outcome: 'refused' }));
  const parsed: Array<{ position: number; message: WmbusMessage }> = [];
  messages.forEach((raw, position) => {
    const outcome = parseWmbusMessage(raw, now);
    if ('problem' in outcome) refusals[position]!.reason = outcome.problem;
    else parsed.push({ position, message: outcome.message });
  });
  return { refusals, parsed, dataSourceId, receivedAt: now };
}

/**
 * Ties the posts' messages to their devices (one lookup for all) and writes them together;
 * returns each post's results. A post whose readings another post of the group also carries
 * is written after it, by a statement of its own, so that it gets the answer it would have
 * got alone (a duplicate, or a conflict with the index stored), not the batch rule that keeps
 * every disagreeing reading out.
 */
async function writePosts(
  db: Kysely<Database>,
  context: Context,
  posts: readonly ReadPost[],
  options: { quarantineUnknown: boolean },
): Promise<MessageResult[][]> {
  const resultsOf = posts.map((post) => post.refusals.map((result) => ({ ...result })));
  const devices = await findDevicesByRadioIdOrSerial(
    db,
    [...new Set(posts.flatMap((post) => post.parsed.map(({ message }) => message.radioId)))],
    [...new Set(posts.flatMap((post) => post.parsed.flatMap(({ message }) => message.printedSerials)))],
  );
  // A candidate's ref is its place in `resultOf`, across the posts.
  const resultOf: MessageResult[] = [];
  const candidatesOf: CandidateReading[][] = [];
  const telegrams = new Map<number, NewTelegram>();
  const quarantine: QuarantineEntry[] = [];
  posts.forEach((post, postIndex) => {
    const candidates: CandidateReading[] = [];
    for (const { position, message } of post.parsed) {
      const result = resultsOf[postIndex]![position]!;
      const device = matchDevice(message, devices);
      if (!device || device === OF_ANOTHER_KIND) {
        result.outcome = 'quarantined';
        result.reason = device === OF_ANOTHER_KIND ? 'device_of_another_kind' : 'unknown_device';
        quarantine.push({
          reason: result.reason,
          receivedAt: post.receivedAt,
          dataSourceId: post.dataSourceId,
          driver: message.driver,
          radioId: message.radioId,
          printedSerial: message.printedSerials[0] ?? '',
          rawMessage: message.raw,
        });
        continue;
      }
      result.serialNumber = device.serialNumber;
      const index = indexForUnit(message, device.unit);
      if ('problem' in index) {
        result.reason = index.problem;
        continue;
      }
      result.indexField = index.field;
      if (!isWithinInstallation(device, message.at)) {
        result.reason = 'outside_installation';
        continue;
      }
      const ref = resultOf.push(result) - 1;
      candidates.push({ ref, device, at: message.at, indexValue: index.value, isEstimated: false });
      telegrams.set(ref, { driver: message.driver, statusFlags: message.statusFlags, alarmKinds: message.alarmKinds, rawMessage: message.raw });
    }
    candidatesOf.push(candidates);
  });

  // New readings, their telegrams and refresh marks go in by one statement, atomic by itself (a
  // repeat is then read back, a conflict recorded); with quarantined messages, or for several
  // posts (so that a group is written whole or not at all, then post by post), all of it is one
  // transaction. Called within a transaction (a replay), it writes in that one.
  const rounds = roundsWithoutSharedReadings(candidatesOf);
  const now = context.clock.now();
  const write = async (writer: Kysely<Database>) => {
    const outcomes: StoreOutcome[] = [];
    for (const round of rounds) {
      outcomes.push(await storeReadings(writer, undefined, round, { source: 'wmbusmeters', now, telegramOf: (candidate) => telegrams.get(candidate.ref)! }));
    }
    if (options.quarantineUnknown) await insertQuarantine(writer, quarantine);
    return outcomes;
  };
  const needsTransaction = posts.length > 1 || (options.quarantineUnknown && quarantine.length > 0);
  for (const stored of needsTransaction ? await db.transaction().execute(write) : await write(db)) {
    for (const reading of stored.stored) resultOf[reading.ref]!.outcome = 'stored';
    for (const reading of stored.duplicates) resultOf[reading.ref]!.outcome = 'duplicate';
    for (const conflict of stored.conflicts) for (const ref of conflict.refs) resultOf[ref]!.outcome = 'conflict';
  }
  return resultsOf;
}

/**
 * The posts' candidates in rounds to write one after the other: a post goes in the round after
 * the last one holding a reading (device and moment) it carries too, else in the first.
 */
function roundsWithoutSharedReadings(candidatesOf: readonly CandidateReading[][]): CandidateReading[][] {
  const rounds: CandidateReading[][] = [];
  const roundOfReading = new Map<string, number>();
  const keyOf = (candidate: CandidateReading) => `${candidate.device.id} ${candidate.at}`;
  for (const candidates of candidatesOf) {
    if (candidates.length === 0) continue;
    let round = 0;
    for (const candidate of candidates) {
      const earlier = roundOfReading.get(keyOf(candidate));
      if (earlier !== undefined) round = Math.max(round, earlier + 1);
    }
    for (const candidate of candidates) roundOfReading.set(keyOf(candidate), round);
    (rounds[round] ??= []).push(...candidates);
  }
  return rounds;
}

const OF_ANOTHER_KIND = Symbol('device of another kind');

/**
 * By radio id and kind first (the kind its media allows); a replaced device may share its radio
 * id with its successor, so the one installed on the reading's day wins. The printed serial is
 * the fallback where the radio id differs. A radio id known only on devices of another kind is
 * told apart from an unknown one.
 */
function matchDevice(message: WmbusMessage, devices: readonly IngestDevice[]): IngestDevice | typeof OF_ANOTHER_KIND | undefined {
  const isOfItsKind = (device: IngestDevice) => message.deviceKinds.length === 0 || message.deviceKinds.includes(device.kind);
  const byRadio = devices.filter((device) => device.radioId?.toLowerCase() === message.radioId);
  const bySerial = devices.filter((device) => message.printedSerials.includes(device.serialNumber) && isOfItsKind(device));
  const candidates = byRadio.filter(isOfItsKind).length > 0 ? byRadio.filter(isOfItsKind) : bySerial;
  if (candidates.length === 0 && byRadio.length > 0) return OF_ANOTHER_KIND;
  return candidates.find((device) => isWithinInstallation(device, message.at)) ?? candidates[0];
}

function isWithinInstallation(device: IngestDevice, at: number): boolean {
  const day = localDayOf(at, device.timeZone);
  return day >= device.installedOn && (device.removedOn === null || day <= device.removedOn);
}

function summarise(results: readonly MessageResult[]): IngestSummary {
  const count = (outcome: MessageOutcome) => results.filter((result) => result.outcome === outcome).length;
  return {
    received: results.length,
    stored: count('stored'),
    duplicate: count('duplicate'),
    conflict: count('conflict'),
    quarantined: count('quarantined'),
    refused: count('refused'),
    problems: results.filter((result) => result.outcome !== 'stored'),
  };
}

/**
 * Replays the quarantined messages that newly registered devices can take. Messages whose
 * device is still unknown stay in quarantine; the others are marked replayed, whatever their
 * outcome, and their readings' consumption is computed at once, then alert detection queued.
 */
export async function replayQuarantineFor(
  context: Context & Pick<AppContext, 'jobs' | 'hooks'>,
  devices: { radioIds: readonly string[]; serialNumbers: readonly string[] },
): Promise<{ replayed: number; summary: IngestSummary }> {
  const outcome = await runIngestTransaction(context.database, async (trx) => {
    const pending = await claimQuarantineFor(trx, devices.radioIds.map((id) => id.toLowerCase()), devices.serialNumbers);
    const post = readPost(pending.map((entry) => entry.rawText), null, context.clock.now());
    const [results] = await writePosts(trx, context, [post], { quarantineUnknown: false });
    const replayedIds = pending.filter((_, position) => results![position]!.outcome !== 'quarantined').map((entry) => entry.id);
    await markQuarantineReplayed(trx, replayedIds, context.clock.now());
    return { replayed: replayedIds.length, results: results! };
  });
  if (outcome.replayed > 0) await refreshConsumptionThenDetect(context);
  return { replayed: outcome.replayed, summary: summarise(outcome.results) };
}

/** The messages still waiting in quarantine, newest first, at most `limit`, with how many wait in all. */
export function listQuarantinedMessages(context: Pick<AppContext, 'db'>, limit: number): Promise<{ total: number; messages: QuarantinedMessage[] }> {
  return listPendingQuarantine(context.db, limit);
}
