import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.ts';
import type { Database, QuarantineReason } from '../../db/schema.ts';
import { refreshConsumptionThenDetect } from '../consumption/consumption-refresher.ts';
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
import { storeReadings, type CandidateReading } from './reading-store.ts';
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
  const results = await ingestWithin(context.db, context, messages, { dataSourceId: origin.dataSourceId, quarantineUnknown: true });
  return summarise(results);
}

async function ingestWithin(
  db: Kysely<Database>,
  context: Context,
  messages: readonly string[],
  options: { dataSourceId: string | null; quarantineUnknown: boolean },
): Promise<MessageResult[]> {
  const now = context.clock.now();
  const results: MessageResult[] = messages.map((_, position) => ({ line: position + 1, outcome: 'refused' }));
  const parsed: Array<{ position: number; message: WmbusMessage }> = [];
  messages.forEach((raw, position) => {
    const outcome = parseWmbusMessage(raw, now);
    if ('problem' in outcome) results[position]!.reason = outcome.problem;
    else parsed.push({ position, message: outcome.message });
  });

  const devices = await findDevicesByRadioIdOrSerial(
    db,
    [...new Set(parsed.map(({ message }) => message.radioId))],
    [...new Set(parsed.flatMap(({ message }) => message.printedSerials))],
  );
  const candidates: CandidateReading[] = [];
  const telegrams = new Map<number, NewTelegram>();
  const quarantine: QuarantineEntry[] = [];
  for (const { position, message } of parsed) {
    const result = results[position]!;
    const device = matchDevice(message, devices);
    if (!device || device === OF_ANOTHER_KIND) {
      result.outcome = 'quarantined';
      result.reason = device === OF_ANOTHER_KIND ? 'device_of_another_kind' : 'unknown_device';
      quarantine.push({
        reason: result.reason,
        receivedAt: now,
        dataSourceId: options.dataSourceId,
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
    candidates.push({ ref: position, device, at: message.at, indexValue: index.value, isEstimated: false });
    telegrams.set(position, {
      driver: message.driver,
      statusFlags: message.statusFlags,
      alarmKinds: message.alarmKinds,
      rawMessage: message.raw,
    });
  }

  // The telegrams of the readings stored go in with them, in the same statement.
  // New readings, their telegrams and refresh marks go in by one statement, atomic by itself (a
  // repeat is then read back, a conflict recorded); with quarantined messages too, all of it is
  // one transaction. Called within a transaction (a replay), it writes in that one.
  const write = async (writer: Kysely<Database>) => {
    const outcome = await storeReadings(writer, undefined, candidates, { source: 'wmbusmeters', now, telegramOf: (candidate) => telegrams.get(candidate.ref)! });
    if (options.quarantineUnknown) await insertQuarantine(writer, quarantine);
    return outcome;
  };
  const stored = options.quarantineUnknown && quarantine.length > 0 ? await db.transaction().execute(write) : await write(db);
  for (const reading of stored.stored) results[reading.ref]!.outcome = 'stored';
  for (const reading of stored.duplicates) results[reading.ref]!.outcome = 'duplicate';
  for (const conflict of stored.conflicts) for (const ref of conflict.refs) results[ref]!.outcome = 'conflict';
  return results;
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
    const raws = pending.map((entry) => entry.rawText);
    const results = await ingestWithin(trx, context, raws, { dataSourceId: null, quarantineUnknown: false });
    const replayedIds = pending.filter((_, position) => results[position]!.outcome !== 'quarantined').map((entry) => entry.id);
    await markQuarantineReplayed(trx, replayedIds, context.clock.now());
    return { replayed: replayedIds.length, results };
  });
  if (outcome.replayed > 0) await refreshConsumptionThenDetect(context);
  return { replayed: outcome.replayed, summary: summarise(outcome.results) };
}

/** The messages still waiting in quarantine, newest first, at most `limit`, with how many wait in all. */
export function listQuarantinedMessages(context: Pick<AppContext, 'db'>, limit: number): Promise<{ total: number; messages: QuarantinedMessage[] }> {
  return listPendingQuarantine(context.db, limit);
}
