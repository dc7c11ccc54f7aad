import type { AppContext } from '../../app-context.ts';
import { defineCounter } from '../../metrics/metrics.ts';
import type { AlertKind, AlertSource, Fluid } from '../../db/schema.ts';
import { listOverLimitRuns } from '../consumption/data-health-items.ts';
import { addDays, startOfLocalDay } from '../../kernel/local-time.ts';
import { selectActiveResidentBoundaries } from '../occupancy/occupancy.service.ts';
import {
  insertEpisodes,
  lockDetection,
  unlockDetection,
  selectContinuousFlowRuns,
  selectDailyOnlyDevices,
  selectEpisodesInScope,
  selectMeterFlagRuns,
  selectMonthlyTotalsWithinBoundaries,
  selectOpenEpisodesWithoutNotices,
  markNoticesScheduled,
  updateEpisode,
  type DetectionScope,
  type EpisodeRow,
  type NewEpisode,
} from './alert-detection.queries.ts';
import { scheduleEpisodeNotices } from './alert-notices.service.ts';
import { DEFAULT_DAILY_THRESHOLDS, findDailyLeakRuns } from './leak-detection.ts';
import { assessMonth, DEFAULT_OVERCONSUMPTION_THRESHOLDS, type MonthlyTotal } from './overconsumption-detection.ts';

/**
 * Alert detection: finds where each rule's condition held — leaks from the meter's LEAK/BURST
 * flags, from continuous flow in the readings, from water flow over the meter's plausible rate
 * (the consumption refresh's staff items not marked glitch), from the daily rule on daily-only meters;
 * over-consumption month by month within each resident's privacy boundary — and keeps
 * `alert_episodes` in step: an episode opens once, stays open while its condition holds, and
 * closes when it ends. Conditions found already over are recorded as closed history. Only an
 * episode recorded open gets notices (a leak, once its evidence is recent), handed once to
 * `scheduleEpisodeNotices` after commit.
 */

export interface DetectionSummary {
  opened: number;
  closed: number;
  /** Episodes found already over: history, without notices. */
  recordedClosed: number;
  noticesScheduled: number;
}

/** After an ingest batch, a residence's readings and telegrams are rescanned over this many days (and from the start of its open leaks). */
const RECENT_DAYS = 14;

/** The start of the recent window an after-ingest pass rescans at least. */
export function recentWindowStart(now: Date): Date {
  return new Date(now.getTime() - RECENT_DAYS * 24 * HOUR_MS);
}
/**
 * The daily rule judges the last this many days (and an open episode's whole span), nightly
 * too: its baseline, a rolling median, is computed in the process, not in SQL, so it is not run
 * over years of daily history every night. Older daily-rule runs are not recorded as history.
 */
const DAILY_RULE_DAYS = 60;
/**
 * A leak's notices go out once its evidence is at most this old. A file of past readings (an
 * archive, a late import) may reveal a leak that runs to its meter's last reading: it is
 * recorded, but no one is told of it as if it were happening now; if fresh data shows the flow
 * still going, the notices go out then.
 */
const LEAK_NOTICE_EVIDENCE_HOURS = 72;
/** A meter counts as daily-only when it sent no two readings within the gap over this many days of its latest data. */
const CADENCE_DAYS = 30;
const HOUR_MS = 3_600_000;

interface Condition {
  residenceId: string;
  dwellingId: string;
  deviceId: string | null;
  kind: AlertKind;
  fluid: Fluid;
  source: AlertSource;
  startedAt: Date;
  lastSeenAt: Date;
  isOngoing: boolean;
  details: Record<string, unknown>;
}

/**
 * One detection pass: over every device (`residenceIds: null`, the nightly run) or over some
 * residences' recent data (after ingest). Runs under one advisory lock, so passes on several
 * nodes take turns.
 */
export async function detectAlerts(
  context: AppContext,
  options: { residenceIds: readonly string[] | null; changedFromDay?: string | undefined },
): Promise<DetectionSummary> {
  const now = context.clock.now();
  const recentFrom = recentWindowStart(now);
  // A day before the first changed day covers it in any zone (days are local, moments UTC).
  const changedFrom = options.changedFromDay === undefined ? recentFrom : new Date(Math.max(0, Date.parse(options.changedFromDay) - 24 * HOUR_MS));
  const scope: DetectionScope = {
    residenceIds: options.residenceIds,
    from: options.residenceIds === null ? null : changedFrom < recentFrom ? changedFrom : recentFrom,
  };
  // One pass at a time (a session advisory lock on one connection). On PostgreSQL the data is
  // read through the pool, the readings over two connections at once; on PGlite, through the
  // one connection. Episodes are then written in one transaction.
  const summary = await context.db.connection().execute(async (connection) => {
    await lockDetection(connection);
    try {
      const reader = context.database.kind === 'postgres' ? context.db : connection;
      const shares = context.database.kind === 'postgres' ? 2 : 1;
      const conditions = [
        ...(await findLeakConditions(reader, scope, context.config.alerts.flow, now, shares)),
        ...(await findOverconsumptionConditions(reader, scope, context.config.alerts.overconsumptionFactor, now)),
      ];
      return await connection.transaction().execute((trx) => reconcileEpisodes(trx, scope, conditions, now));
    } finally {
      await unlockDetection(connection);
    }
  });
  context.metrics.counter(alertEpisodesOpened).inc({}, summary.opened);
  // Notices are scheduled outside the transaction (they queue jobs), for every open episode
  // not yet handed over: this pass's, or one a crash left behind.
  const leaksSeenSince = new Date(now.getTime() - LEAK_NOTICE_EVIDENCE_HOURS * HOUR_MS);
  for (const episode of await selectOpenEpisodesWithoutNotices(context.db, scope.residenceIds, { leaksSeenSince })) {
    await scheduleEpisodeNotices(context, episode.id);
    await markNoticesScheduled(context.db, episode.id, context.clock.now());
    summary.noticesScheduled += 1;
  }
  return summary;
}

type Db = AppContext['db'];

const alertEpisodesOpened = defineCounter({ name: 'portal_alert_episodes_opened_total', help: 'Alert episodes (leak, over-consumption) opened by detection passes of this process.' });

/** Shows the counter at 0 from the start (the alerts manifest's `metrics`). */
export function registerAlertMetrics(context: AppContext): void {
  context.metrics.counter(alertEpisodesOpened);
}

async function findLeakConditions(db: Db, scope: DetectionScope, flow: AppContext['config']['alerts']['flow'], now: Date, shares: number): Promise<Condition[]> {
  const conditions: Condition[] = [];
  for (const run of await selectMeterFlagRuns(db, scope)) {
    conditions.push({
      residenceId: run.residence_id,
      dwellingId: run.dwelling_id,
      deviceId: run.device_id,
      kind: 'leak',
      fluid: run.fluid,
      source: 'meter_flag',
      startedAt: run.started_at,
      lastSeenAt: run.last_seen_at,
      isOngoing: run.is_ongoing,
      details: { alarmKinds: run.alarm_kinds },
    });
  }
  const flowRuns = (
    await Promise.all(Array.from({ length: shares }, (_, share) => selectContinuousFlowRuns(db, shares > 1 ? { ...scope, share: [share, shares] } : scope, flow)))
  ).flat();
  for (const run of flowRuns) {
    conditions.push({
      residenceId: run.residence_id,
      dwellingId: run.dwelling_id,
      deviceId: run.device_id,
      kind: 'leak',
      fluid: run.fluid,
      source: 'readings',
      startedAt: run.started_at,
      lastSeenAt: run.last_seen_at,
      isOngoing: run.is_ongoing,
      details: {
        minimumFlowLitresPerHour: round(run.minimum_flow, 3),
        volumeLitres: round(run.volume_litres, 1),
        thresholdLitresPerHour: flow.minimumFlowLitresPerHour,
        minimumHours: flow.minimumDurationHours,
      },
    });
  }
  // Water flow over the meter's plausible rate (a burst pipe) stays billed and is a leak.
  for (const run of await listOverLimitRuns(db, scope)) {
    conditions.push({
      residenceId: run.residence_id,
      dwellingId: run.dwelling_id,
      deviceId: run.device_id,
      kind: 'leak',
      fluid: run.fluid,
      source: 'readings',
      startedAt: run.started_at,
      lastSeenAt: run.ended_at,
      isOngoing: run.is_ongoing,
      details: { overPlausibleRate: true, volumeLitres: round(Number(run.magnitude) * 1000, 1) },
    });
  }
  const dailyFrom = new Date(now.getTime() - DAILY_RULE_DAYS * 24 * HOUR_MS);
  const dailyOptions = { maximumGapHours: flow.maximumGapHours, cadenceDays: CADENCE_DAYS, from: dailyFrom, marginDays: DEFAULT_DAILY_THRESHOLDS.baselineDays + 1 };
  for (const device of await selectDailyOnlyDevices(db, scope, dailyOptions)) {
    const lastDay = device.days.at(-1)?.day;
    for (const run of findDailyLeakRuns(device.days)) {
      conditions.push({
        residenceId: device.residence_id,
        dwellingId: device.dwelling_id,
        deviceId: device.device_id,
        kind: 'leak',
        fluid: device.fluid,
        source: 'daily_rule',
        startedAt: new Date(startOfLocalDay(run.firstDay, device.time_zone)),
        lastSeenAt: new Date(startOfLocalDay(addDays(run.lastDay, 1), device.time_zone) - 1000),
        isOngoing: run.lastDay === lastDay && !device.is_removed,
        details: { days: run.days, baselineLitresPerDay: round(run.baselineLitres, 1), thresholdLitresPerDay: DEFAULT_DAILY_THRESHOLDS.minimumExtraLitres },
      });
    }
  }
  return conditions;
}

/**
 * Over-consumption of each active resident's dwelling, fluid by fluid, month by month from the
 * first whole month inside the privacy boundary to the last month over: consecutive abnormal
 * months make one episode, open while the latest month is abnormal. Vacant dwellings have no
 * resident and no own history, so none is assessed.
 */
async function findOverconsumptionConditions(db: Db, scope: DetectionScope, factor: number, now: Date): Promise<Condition[]> {
  const boundaries = await selectActiveResidentBoundaries(db, scope.residenceIds);
  const rows = await selectMonthlyTotalsWithinBoundaries(db, boundaries, now);
  const thresholds = { ...DEFAULT_OVERCONSUMPTION_THRESHOLDS, factor };
  const conditions: Condition[] = [];
  for (let start = 0; start < rows.length; ) {
    let end = start;
    const first = rows[start]!;
    while (end < rows.length && rows[end]!.dwelling_id === first.dwelling_id && rows[end]!.fluid === first.fluid && rows[end]!.unit === first.unit) end += 1;
    const series = rows.slice(start, end);
    const history: MonthlyTotal[] = [];
    let current: Condition | undefined;
    for (const [position, row] of series.entries()) {
      const verdict = assessMonth({
        month: { month: row.month, consumption: row.consumption },
        ownHistory: history,
        residenceAverage: row.fluid === 'heating' ? null : row.residence_average,
        thresholds,
      });
      history.push({ month: row.month, consumption: row.consumption });
      const isLast = position === series.length - 1;
      if (verdict.isAbnormal) {
        const monthDetails = { month: row.month, consumption: row.consumption, reference: round(verdict.reference, 4), basis: verdict.basis, unit: row.unit };
        if (current) {
          current.lastSeenAt = endOfMonth(row.month);
          (current.details.months as unknown[]).push(monthDetails);
        } else {
          current = {
            residenceId: row.residence_id,
            dwellingId: row.dwelling_id,
            deviceId: null,
            kind: 'overconsumption',
            fluid: row.fluid,
            source: 'monthly_rule',
            startedAt: new Date(`${row.month}-01T00:00:00Z`),
            lastSeenAt: endOfMonth(row.month),
            isOngoing: false,
            details: { factor, unit: row.unit, months: [monthDetails] },
          };
        }
        if (isLast) {
          current.isOngoing = true;
          conditions.push(current);
          current = undefined;
        }
      } else if (current) {
        conditions.push(current);
        current = undefined;
      }
    }
    start = end;
  }
  return conditions;
}

function endOfMonth(month: string): Date {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, monthNumber, 1) - 1000);
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** JSON with object keys sorted, as jsonb stores them in its own order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)))
      : inner,
  );
}

function keyOf(item: { dwellingId: string; deviceId: string | null; kind: AlertKind; fluid: Fluid }): string {
  return `${item.dwellingId}|${item.deviceId ?? ''}|${item.kind}|${item.fluid}`;
}

/** Overlapping conditions of one key (a flagged leak seen in the readings too) are one episode; the first source names it. */
function mergeConditions(conditions: readonly Condition[]): Condition[] {
  const byKey = new Map<string, Condition[]>();
  for (const condition of conditions) byKey.set(keyOf(condition), [...(byKey.get(keyOf(condition)) ?? []), condition]);
  const merged: Condition[] = [];
  for (const group of byKey.values()) {
    group.sort((left, right) => left.startedAt.getTime() - right.startedAt.getTime());
    let current: Condition | undefined;
    for (const condition of group) {
      if (current && condition.startedAt.getTime() <= current.lastSeenAt.getTime()) {
        if (condition.lastSeenAt > current.lastSeenAt) current.lastSeenAt = condition.lastSeenAt;
        current.isOngoing ||= condition.isOngoing;
        current.details = { ...current.details, [condition.source]: condition.details };
        continue;
      }
      if (current) merged.push(current);
      current = { ...condition, details: { ...condition.details } };
    }
    if (current) merged.push(current);
  }
  return merged;
}

async function reconcileEpisodes(db: Db, scope: DetectionScope, found: readonly Condition[], now: Date): Promise<DetectionSummary> {
  const summary: DetectionSummary = { opened: 0, closed: 0, recordedClosed: 0, noticesScheduled: 0 };
  const existing = await selectEpisodesInScope(db, scope);
  const existingByKey = new Map<string, EpisodeRow[]>();
  for (const episode of existing) {
    const key = keyOf({ dwellingId: episode.dwelling_id, deviceId: episode.device_id, kind: episode.kind, fluid: episode.fluid });
    existingByKey.set(key, [...(existingByKey.get(key) ?? []), episode]);
  }
  const stillOpen = new Set<string>();
  const inserts: NewEpisode[] = [];
  for (const condition of mergeConditions(found)) {
    const match = existingByKey
      .get(keyOf(condition))
      ?.find((episode) => episode.started_at.getTime() <= condition.lastSeenAt.getTime() && episode.last_seen_at.getTime() >= condition.startedAt.getTime());
    if (!match) {
      inserts.push({
        residence_id: condition.residenceId,
        dwelling_id: condition.dwellingId,
        device_id: condition.deviceId,
        kind: condition.kind,
        fluid: condition.fluid,
        source: condition.source,
        started_at: condition.startedAt,
        last_seen_at: condition.lastSeenAt,
        opened_at: now,
        closed_at: condition.isOngoing ? null : now,
        details: condition.details,
      });
      if (condition.isOngoing) summary.opened += 1;
      else summary.recordedClosed += 1;
      continue;
    }
    const startedAt = match.started_at < condition.startedAt ? match.started_at : condition.startedAt;
    const lastSeenAt = match.last_seen_at > condition.lastSeenAt ? match.last_seen_at : condition.lastSeenAt;
    const closedAt = condition.isOngoing ? null : (match.closed_at ?? now);
    if (condition.isOngoing) stillOpen.add(match.id);
    if (match.closed_at === null && closedAt !== null) summary.closed += 1;
    if (
      startedAt.getTime() !== match.started_at.getTime() ||
      lastSeenAt.getTime() !== match.last_seen_at.getTime() ||
      closedAt?.getTime() !== match.closed_at?.getTime() ||
      canonicalJson(condition.details) !== canonicalJson(match.details)
    ) {
      await updateEpisode(db, match.id, { started_at: startedAt, last_seen_at: lastSeenAt, closed_at: closedAt, details: condition.details });
    }
    match.closed_at = closedAt;
  }
  // An open episode whose condition no longer holds anywhere in the data closes now.
  for (const episode of existing) {
    if (episode.closed_at === null && !stillOpen.has(episode.id)) {
      await updateEpisode(db, episode.id, { started_at: episode.started_at, last_seen_at: episode.last_seen_at, closed_at: now, details: episode.details });
      summary.closed += 1;
    }
  }
  await insertEpisodes(db, inserts);
  return summary;
}
