import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/errors.ts';
import { countMqttQuarantined } from './ingest.metrics.ts';
import { insertMqttQuarantine, listLatestMqttQuarantine, type MqttQuarantineEntry } from './ingest.queries.ts';

/**
 * MQTT messages that can never be stored: kept in `mqtt_quarantine` with their reason, so that
 * the listener can acknowledge them (the broker would otherwise hand them again forever) and
 * staff can see what the gateways sent (`npm run readings -- mqtt-quarantine`,
 * `portal_mqtt_quarantined_total`). Only the first bytes of a payload are kept.
 */
const QUARANTINED_PAYLOAD_BYTES = 4096;

/** The reason and detail a failure for good is quarantined with. */
export function quarantineReasonOf(error: unknown): { reason: string; detail: string | null } {
  if (error instanceof AppError) return { reason: error.code, detail: error.details ? JSON.stringify(error.details) : null };
  const { code, message } = error as { code?: string; message?: string };
  return { reason: 'database_refused', detail: `${code ?? ''} ${message ?? ''}`.trim() };
}

export async function quarantineMqttMessage(
  context: Pick<AppContext, 'db' | 'metrics'>,
  message: { topic: string; payload: Uint8Array; receivedAt: Date },
  why: { reason: string; detail: string | null },
): Promise<void> {
  await insertMqttQuarantine(context.db, {
    receivedAt: message.receivedAt,
    topic: message.topic,
    payload: message.payload.subarray(0, QUARANTINED_PAYLOAD_BYTES),
    payloadBytes: message.payload.byteLength,
    ...why,
  });
  countMqttQuarantined(context, why.reason);
}

/** The latest quarantined MQTT messages, newest first, at most `limit`, with how many there are in all. */
export function listMqttQuarantine(context: Pick<AppContext, 'db'>, limit: number): Promise<{ total: number; messages: MqttQuarantineEntry[] }> {
  return listLatestMqttQuarantine(context.db, limit);
}
