/**
 * Alert notices across a kill (server/modules/alerts/README.md, "Alert notices"). Leaks are
 * planted steadily before, during and after the kill: one wmbusmeters telegram with `LEAK` in
 * its status, each on a water meter added for it (a device holds one open leak episode) to a
 * dwelling whose resident takes leak alerts by email and SMS. Detection opens an episode after
 * ingest and schedules an email and an SMS notice; the cluster has no SMTP relay nor SMS
 * provider, so both are delivered to the outbox (`outbox_messages`, one row per message key).
 * Afterwards, per planted leak: episodes opened (one expected), notices scheduled per channel,
 * and per message key whether it was delivered, never delivered, or attempted twice.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { pause } from './traffic.ts';

export interface LeakDevice {
  deviceId: string;
  radioId: string;
}

interface ResidentDwelling {
  client_name: string;
  client_kind: string;
  contract_reference: string;
  building_code: string;
  residence_name: string | null;
  street: string;
  postal_code: string;
  city: string;
  time_zone: string;
  dwelling_code: string;
  client_number: string;
  building: string;
  staircase: string;
  floor: string;
}

export const LEAK_METER_MANUFACTURER = 'FAILOVER';
const REQUEST_TIMEOUT_MS = 5000;
/** A planted leak is posted again until the portal acknowledges it, at most this long. */
const PLANT_RETRY_MS = 120_000;

/**
 * Adds `count` cold-water meters with fresh radio ids to the dwellings whose resident takes
 * leak alerts by email and SMS (in turn), through the inventory import as an operator would.
 */
export async function addLeakMeters(options: { database: pg.Pool; count: number; importInventory: (file: string) => void }): Promise<LeakDevice[]> {
  const { rows: dwellings } = await options.database.query<ResidentDwelling>(
    `select c.name as client_name, c.kind as client_kind, k.reference as contract_reference, r.building_code, r.name as residence_name,
            r.street, r.postal_code, r.city, r.time_zone, w.dwelling_code, w.client_number, w.building, w.staircase, w.floor
       from users u
       join resident_profiles p on p.user_id = u.id
       join dwellings w on w.id = u.dwelling_id
       join residences r on r.id = w.residence_id
       join contracts k on k.id = r.contract_id
       join clients c on c.id = r.client_id
      where u.role = 'resident' and u.closed_at is null and p.moved_out_on is null
        and p.notify_leak_by_email and p.notify_leak_by_sms and p.mobile_e164 is not null
      order by w.id`,
  );
  if (dwellings.length === 0) throw new Error('no dwelling whose resident takes leak alerts by email and SMS');
  const radioIds = await unusedRadioIds(options.database, options.count);
  const installedOn = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const header = [...Object.keys(dwellings[0]!), 'device_kind', 'serial_number', 'radio_id', 'manufacturer', 'installed_on'];
  const lines = radioIds.map((radioId, index) => {
    const dwelling = dwellings[index % dwellings.length]!;
    return [...Object.values(dwelling), 'cold_water', `FO-${radioId}`, radioId, LEAK_METER_MANUFACTURER, installedOn];
  });
  const folder = mkdtempSync(path.join(os.tmpdir(), 'failover-leak-meters-'));
  try {
    const file = path.join(folder, 'inventory.csv');
    writeFileSync(file, [header, ...lines].map((fields) => fields.map(csvField).join(';')).join('\n') + '\n');
    options.importInventory(file);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const { rows } = await options.database.query<{ id: string; radio_id: string }>('select id, radio_id from devices where radio_id = any($1) and manufacturer = $2', [radioIds, LEAK_METER_MANUFACTURER]);
  if (rows.length !== radioIds.length) throw new Error(`the inventory import added ${rows.length} of ${radioIds.length} leak meters`);
  const byRadioId = new Map(rows.map((row) => [row.radio_id, row.id]));
  return radioIds.map((radioId) => ({ radioId, deviceId: byRadioId.get(radioId)! }));
}

/** Fresh radio ids, in lower case as the inventory import stores them. */
async function unusedRadioIds(database: pg.Pool, count: number): Promise<string[]> {
  const { rows } = await database.query<{ radio_id: string }>('select radio_id from devices where radio_id is not null');
  const used = new Set(rows.map((row) => row.radio_id.toLowerCase()));
  const fresh = new Set<string>();
  while (fresh.size < count) {
    const candidate = Math.floor(Math.random() * 0x1_0000_0000).toString(16).padStart(8, '0');
    if (!used.has(candidate)) fresh.add(candidate);
  }
  return [...fresh];
}

function csvField(value: string | null): string {
  return `"${(value ?? '').replaceAll('"', '""')}"`;
}

export interface PlantedLeak extends LeakDevice {
  acknowledgedAt: number;
  posts: number;
}

/**
 * Posts one LEAK telegram for the next meter every `everyMs` while `isRunning()`, each posted
 * again (the same telegram) until the portal acknowledges it: a leak sent while the portal is
 * down is planted once it answers. Only acknowledged leaks count as planted.
 */
export function plantLeaks(options: { portalUrl: string; token: string; meters: readonly LeakDevice[]; everyMs: number; isRunning: () => boolean }): { planted: PlantedLeak[]; done: Promise<void> } {
  const planted: PlantedLeak[] = [];
  const done = (async () => {
    for (const meter of options.meters) {
      if (!options.isRunning()) return;
      const nextSlot = Date.now() + options.everyMs;
      const telegram = `{"_":"telegram","media":"water","meter":"multical21","name":"failover-leak","id":"${meter.radioId}","total_m3":1.0,"status":"LEAK","timestamp":"${new Date().toISOString().replace(/\.\d{3}/, '')}"}`;
      const firstPost = Date.now();
      for (let posts = 1; Date.now() - firstPost < PLANT_RETRY_MS; posts += 1) {
        if (await accepted(options.portalUrl, options.token, telegram)) {
          planted.push({ ...meter, acknowledgedAt: Date.now(), posts });
          break;
        }
        await pause(500);
      }
      await pause(Math.max(0, nextSlot - Date.now()));
    }
  })();
  return { planted, done };
}

async function accepted(portalUrl: string, token: string, telegram: string): Promise<boolean> {
  try {
    const response = await fetch(`${portalUrl}/api/ingest/wmbusmeters`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: telegram,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

interface NoticeRow {
  device_id: string;
  episode_id: string;
  channel: string;
  message_id: string;
  status: string;
  attempts: number;
  retryable: boolean;
  outbox_rows: number;
}

export interface NoticeFigures {
  planted: number;
  episodesOpened: number;
  leaksWithoutOneEpisode: number;
  emailScheduled: number;
  smsScheduled: number;
  delivered: number;
  skipped: number;
  /** Expected notices (email and SMS per planted leak) neither delivered nor skipped at the end of the wait, by status. */
  lost: Record<string, number>;
  /** Message keys with more than one outbox row. */
  sentTwice: number;
  /** Notices whose provider call ran twice: a duplicate with a relay only if the first try was accepted just before the kill. */
  attemptedTwice: number;
  waitedSeconds: number;
}

const FINAL_STATUSES = new Set(['sent', 'skipped']);

/**
 * Waits until every planted leak has its episode and both notices sent or skipped, or until
 * `notAfter` (past a run of the notice recovery job), then counts.
 */
export async function noticeFigures(database: pg.Pool, planted: readonly PlantedLeak[], notAfter: number): Promise<NoticeFigures> {
  const started = Date.now();
  const deviceIds = planted.map((leak) => leak.deviceId);
  for (;;) {
    const [episodes, notices] = await Promise.all([
      database.query<{ device_id: string; count: number }>(`select device_id, count(*)::int as count from alert_episodes where kind = 'leak' and device_id = any($1) group by device_id`, [deviceIds]),
      database.query<NoticeRow>(
        `select e.device_id, n.episode_id, n.channel, n.message_id, n.status, n.attempts, n.retryable,
                (select count(*)::int from outbox_messages o where o.message_key = n.message_id) as outbox_rows
           from alert_notices n join alert_episodes e on e.id = n.episode_id
          where e.device_id = any($1)`,
        [deviceIds],
      ),
    ]);
    const episodesByDevice = new Map(episodes.rows.map((row) => [row.device_id, row.count]));
    const settled = (notice: NoticeRow) => FINAL_STATUSES.has(notice.status) || (notice.status === 'failed' && !notice.retryable);
    const complete = notices.rows.length === 2 * planted.length && notices.rows.every(settled);
    if (complete || Date.now() >= notAfter) {
      const delivered = notices.rows.filter((notice) => notice.status === 'sent' && notice.outbox_rows >= 1).length;
      const skipped = notices.rows.filter((notice) => notice.status === 'skipped').length;
      const lost: Record<string, number> = {};
      for (const notice of notices.rows.filter((row) => !(row.status === 'skipped' || (row.status === 'sent' && row.outbox_rows >= 1)))) lost[notice.status] = (lost[notice.status] ?? 0) + 1;
      const neverScheduled = 2 * planted.length - notices.rows.length;
      if (neverScheduled > 0) lost['never scheduled'] = neverScheduled;
      return {
        planted: planted.length,
        episodesOpened: episodes.rows.reduce((sum, row) => sum + row.count, 0),
        leaksWithoutOneEpisode: deviceIds.filter((id) => episodesByDevice.get(id) !== 1).length,
        emailScheduled: notices.rows.filter((notice) => notice.channel === 'email').length,
        smsScheduled: notices.rows.filter((notice) => notice.channel === 'sms').length,
        delivered,
        skipped,
        lost,
        sentTwice: notices.rows.filter((notice) => notice.outbox_rows > 1).length,
        attemptedTwice: notices.rows.filter((notice) => notice.attempts > 1).length,
        waitedSeconds: Math.round((Date.now() - started) / 1000),
      };
    }
    await pause(5000);
  }
}

/**
 * The notice recovery job (`alert-notices-recover`, every 5 minutes on the clock) queues again
 * a notice left `sending` for a minute: the wait ends a little after its first run that can see
 * one left at `from`. A notice left `pending` (its job lost) waits 10 minutes for it: longer
 * than this wait, and counted as not delivered.
 */
export function afterNextNoticeRecovery(from: number): number {
  const fiveMinutes = 5 * 60_000;
  const eligibleAt = from + 60_000;
  return Math.ceil(eligibleAt / fiveMinutes) * fiveMinutes + 60_000;
}

export function describeNoticeFigures(figures: NoticeFigures): string {
  const lost = Object.entries(figures.lost).map(([status, count]) => `${count} ${status}`).join(', ') || '0';
  return (
    `alert notices: planted ${figures.planted} leaks, episodes opened ${figures.episodesOpened} (${figures.leaksWithoutOneEpisode} leaks without exactly one), ` +
    `notices scheduled ${figures.emailScheduled} email + ${figures.smsScheduled} SMS, delivered ${figures.delivered}, skipped ${figures.skipped}, lost ${lost}, ` +
    `sent twice ${figures.sentTwice} (attempted twice ${figures.attemptedTwice}); waited ${figures.waitedSeconds} s`
  );
}
