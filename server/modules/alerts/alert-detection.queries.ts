import { sql, type Kysely } from 'kysely';
import type { AlertKind, AlertSource, Database, Fluid } from '../../db/schema.ts';
import type { FlowThresholds } from '../../config.ts';

type Db = Kysely<Database>;

/**
 * What alert detection reads and writes. The scans over readings are set-based (one pass of
 * window functions in PostgreSQL), so the nightly run costs one ordered read of `readings`
 * along its primary key, whatever the number of devices.
 */

/** Which devices a detection pass looks at: all of them (nightly) or some residences' since a moment (after ingest). */
export interface DetectionScope {
  residenceIds: readonly string[] | null;
  /** Readings and telegrams from this moment on; earlier for a device with an open leak episode (from its start). */
  from: Date | null;
  /** One share of the devices (`[share, shares]`, by a hash of the id), so that a pass can read them over several connections. */
  share?: readonly [number, number];
}

export interface FlowRunRow {
  residence_id: string;
  dwelling_id: string;
  device_id: string;
  fluid: Fluid;
  started_at: Date;
  last_seen_at: Date;
  is_ongoing: boolean;
  minimum_flow: number;
  volume_litres: number;
}

const WATER_KINDS = sql`('cold_water', 'hot_water')`;

/**
 * Flows are computed in double precision (numeric arithmetic costs several times more per
 * reading); an index difference then carries an error of about 1e-10 L, so the minimum flow is
 * compared with this much slack.
 */
const FLOW_TOLERANCE = 1e-6;

/** The first moment each scanned device's readings are read from (see `DetectionScope.from`). */
function scopedDevices(scope: DetectionScope, marginHours: number) {
  const from = scope.from ? scope.from.toISOString() : null;
  return sql`
    select devices.id, devices.residence_id, devices.dwelling_id, devices.kind, devices.removed_on,
      case when ${from}::timestamptz is null then '-infinity'::timestamptz
        else least(${from}::timestamptz, (select min(started_at) from alert_episodes episodes
          where episodes.device_id = devices.id and episodes.kind = 'leak' and episodes.closed_at is null))
          - make_interval(hours => ${marginHours}) end as from_at
    from devices
    where devices.kind in ${WATER_KINDS} and devices.unit = 'm3'
      and (${scope.residenceIds === null}::boolean or devices.residence_id = any(${scope.residenceIds ?? []}::uuid[]))
      ${scope.share ? sql`and abs(hashtext(devices.id::text)) % ${scope.share[1]} = ${scope.share[0]}` : sql``}`;
}

/**
 * Continuous flow, set-based (the rule of `findContinuousFlowRuns`, checked against it by the
 * tests): each interval between two consecutive readings of a water meter flows at its index
 * difference over its length; a run is a stretch of flowing intervals (≥ the minimum flow, no
 * longer than the maximum gap); runs lasting the minimum duration are kept. A run reaching the device's latest reading is
 * ongoing, unless the device was removed. Per device (a lateral subquery), the readings come
 * in primary-key order, so the window functions need no sort, whatever the table's size; only
 * the flowing intervals go on to be numbered into runs (consecutive when one starts where the
 * previous one ended).
 */
export async function selectContinuousFlowRuns(db: Db, scope: DetectionScope, thresholds: FlowThresholds): Promise<FlowRunRow[]> {
  const maxGapSeconds = thresholds.maximumGapHours * 3600;
  const minimumSeconds = thresholds.minimumDurationHours * 3600;
  const result = await sql<FlowRunRow>`
    with scoped as (${scopedDevices(scope, thresholds.minimumDurationHours + thresholds.maximumGapHours)})
    select scoped.residence_id, scoped.dwelling_id, scoped.id as device_id,
      case when scoped.kind = 'hot_water' then 'hot_water' else 'cold_water' end as fluid,
      runs.started_at, runs.last_seen_at, runs.reaches_last and scoped.removed_on is null as is_ongoing,
      runs.minimum_flow, runs.volume_litres
    from scoped
    cross join lateral (
      select min(previous_at) as started_at, max(read_at) as last_seen_at,
        max(read_at) = (select max(read_at) from readings latest
          where latest.residence_id = scoped.residence_id and latest.device_id = scoped.id) as reaches_last,
        min(flow) as minimum_flow, sum(litres) as volume_litres
      from (
        select *, count(*) filter (where starts_run) over (order by read_at) as run_number
        from (
          select *, lag(read_at) over (order by read_at) is distinct from previous_at as starts_run
          from (
            select read_at, previous_at, litres, litres * 3600 / seconds as flow
            from (
              select read_at, lag(read_at) over device_order as previous_at,
                date_part('epoch', read_at - lag(read_at) over device_order) as seconds,
                (index_m3 - lag(index_m3) over device_order) * 1000 as litres
              from (select read_at, index_value::float8 as index_m3 from readings
                where readings.residence_id = scoped.residence_id and readings.device_id = scoped.id and readings.read_at >= scoped.from_at) device_readings
              window device_order as (order by read_at)
            ) intervals
            where seconds <= ${maxGapSeconds} and litres * 3600 / seconds >= ${thresholds.minimumFlowLitresPerHour - FLOW_TOLERANCE}
          ) flowing
        ) marked
      ) numbered
      group by run_number
      having date_part('epoch', max(read_at) - min(previous_at)) >= ${minimumSeconds}
    ) runs`.execute(db);
  return result.rows;
}

export interface FlagRunRow {
  residence_id: string;
  dwelling_id: string;
  device_id: string;
  fluid: Fluid;
  started_at: Date;
  last_seen_at: Date;
  is_ongoing: boolean;
  alarm_kinds: string[];
}

/**
 * Runs of consecutive telegrams whose status carries LEAK or BURST (`device_telegrams.alarm_kinds`);
 * ongoing when the device's latest telegram still carries it.
 */
export async function selectMeterFlagRuns(db: Db, scope: DetectionScope): Promise<FlagRunRow[]> {
  const result = await sql<FlagRunRow>`
    with scoped as (${scopedDevices(scope, 0)}),
    telegrams as (
      select telegrams.device_id, telegrams.read_at, telegrams.alarm_kinds,
        telegrams.alarm_kinds && array['leak', 'burst']::text[] as is_flagged,
        lead(telegrams.read_at) over device_order is null as is_last
      from device_telegrams telegrams
      join scoped on scoped.id = telegrams.device_id
      where telegrams.read_at >= scoped.from_at
      window device_order as (partition by telegrams.device_id order by telegrams.read_at)
    ),
    numbered as (
      select *, count(*) filter (where not is_flagged) over (partition by device_id order by read_at) as run_number
      from telegrams
    ),
    runs as (
      select device_id, min(read_at) as started_at, max(read_at) as last_seen_at, bool_or(is_last) as reaches_last,
        array(select distinct unnest(array_agg(kind)) order by 1) as alarm_kinds
      from numbered, unnest(alarm_kinds) as kind
      where is_flagged and kind in ('leak', 'burst')
      group by device_id, run_number
    )
    select scoped.residence_id, scoped.dwelling_id, runs.device_id,
      case when scoped.kind = 'hot_water' then 'hot_water' else 'cold_water' end as fluid,
      runs.started_at, runs.last_seen_at, runs.reaches_last and scoped.removed_on is null as is_ongoing, runs.alarm_kinds
    from runs join scoped on scoped.id = runs.device_id`.execute(db);
  return result.rows;
}

export interface DailyDeviceRow {
  residence_id: string;
  dwelling_id: string;
  device_id: string;
  fluid: Fluid;
  is_removed: boolean;
  time_zone: string;
  days: Array<{ day: string; litres: number }>;
}

/**
 * The daily consumption of water meters that send at most one index a day (no two readings
 * within the maximum gap over the last `cadenceDays` days of their data): the continuous-flow
 * rule cannot see them, the daily rule does. Days from `from` (or the start of the device's
 * open leak episode, if earlier) less `marginDays`, the rule's baseline.
 */
export async function selectDailyOnlyDevices(
  db: Db,
  scope: DetectionScope,
  options: { maximumGapHours: number; cadenceDays: number; from: Date; marginDays: number },
): Promise<DailyDeviceRow[]> {
  const result = await sql<DailyDeviceRow>`
    with scoped as (${scopedDevices({ ...scope, from: options.from }, options.marginDays * 24)}),
    cadence as (
      select scoped.id, scoped.residence_id, scoped.dwelling_id, scoped.kind, scoped.removed_on, scoped.from_at, latest.read_at as latest_at
      from scoped
      cross join lateral (select read_at from readings
        where readings.residence_id = scoped.residence_id and readings.device_id = scoped.id
        order by read_at desc limit 1) latest
    ),
    daily_only as (
      select cadence.* from cadence
      where not exists (
        select 1 from (
          select read_at - lag(read_at) over (order by read_at) as step
          from readings
          where readings.residence_id = cadence.residence_id and readings.device_id = cadence.id
            and readings.read_at >= cadence.latest_at - make_interval(days => ${options.cadenceDays})
        ) steps
        where steps.step <= make_interval(hours => ${options.maximumGapHours}))
    )
    select daily_only.residence_id, daily_only.dwelling_id, daily_only.id as device_id,
      case when daily_only.kind = 'hot_water' then 'hot_water' else 'cold_water' end as fluid,
      daily_only.removed_on is not null as is_removed, residences.time_zone,
      coalesce((select json_agg(json_build_object('day', day::text, 'litres', consumption::float8 * 1000) order by day)
        from daily_consumption where daily_consumption.device_id = daily_only.id
          and daily_consumption.day >= (daily_only.from_at at time zone residences.time_zone)::date), '[]'::json) as days
    from daily_only
    join residences on residences.id = daily_only.residence_id`.execute(db);
  return result.rows;
}

export interface MonthlyRow {
  residence_id: string;
  dwelling_id: string;
  fluid: Fluid;
  unit: string;
  /** YYYY-MM */
  month: string;
  consumption: number;
  residence_average: number | null;
}

/**
 * The monthly totals of the dwellings of active residents, from the first whole month inside
 * each resident's privacy boundary up to the last month over before `now` in the residence's
 * time zone (whole months only, and only months the data covers day by day: a month the
 * meters began or stopped in would be a false reference or a false alarm),
 * with the residence's average dwelling for the same month beside each.
 */
export async function selectMonthlyTotalsWithinBoundaries(
  db: Db,
  boundaries: ReadonlyArray<{ dwelling_id: string; boundary_day: string }>,
  now: Date,
): Promise<MonthlyRow[]> {
  if (boundaries.length === 0) return [];
  const result = await sql<MonthlyRow>`
    with bounds as (
      select * from unnest(${boundaries.map((row) => row.dwelling_id)}::uuid[], ${boundaries.map((row) => row.boundary_day)}::date[])
        as bounds(dwelling_id, boundary_day)
    )
    select monthly.residence_id, monthly.dwelling_id, monthly.fluid, monthly.unit, to_char(monthly.month, 'YYYY-MM') as month,
      monthly.consumption::float8 as consumption, average.average_consumption::float8 as residence_average
    from bounds
    join monthly_dwelling_consumption monthly on monthly.dwelling_id = bounds.dwelling_id
    join residences on residences.id = monthly.residence_id
    left join monthly_residence_average average on average.residence_id = monthly.residence_id
      and average.fluid = monthly.fluid and average.unit = monthly.unit and average.month = monthly.month
    where monthly.month >= (date_trunc('month', bounds.boundary_day - 1) + interval '1 month')::date
      and monthly.month < date_trunc('month', (${now.toISOString()}::timestamptz at time zone residences.time_zone))::date
      and monthly.days_covered >= extract(day from monthly.month + interval '1 month' - interval '1 day')
    order by monthly.dwelling_id, monthly.fluid, monthly.unit, monthly.month`.execute(db);
  return result.rows;
}

export interface EpisodeRow {
  id: string;
  residence_id: string;
  dwelling_id: string;
  device_id: string | null;
  kind: AlertKind;
  fluid: Fluid;
  source: AlertSource;
  started_at: Date;
  last_seen_at: Date;
  closed_at: Date | null;
  details: Record<string, unknown>;
}

/** Episodes a pass may match: the open ones in scope, and the closed ones seen since `from`. */
export async function selectEpisodesInScope(db: Db, scope: DetectionScope): Promise<EpisodeRow[]> {
  let query = db
    .selectFrom('alert_episodes')
    .select(['id', 'residence_id', 'dwelling_id', 'device_id', 'kind', 'fluid', 'source', 'started_at', 'last_seen_at', 'closed_at', 'details']);
  if (scope.residenceIds !== null) query = query.where('residence_id', 'in', scope.residenceIds.length > 0 ? [...scope.residenceIds] : ['00000000-0000-0000-0000-000000000000']);
  const from = scope.from;
  if (from !== null) query = query.where((eb) => eb.or([eb('closed_at', 'is', null), eb('last_seen_at', '>=', from), eb('kind', '=', 'overconsumption')]));
  return (await query.execute()) as EpisodeRow[];
}

export interface NewEpisode {
  residence_id: string;
  dwelling_id: string;
  device_id: string | null;
  kind: AlertKind;
  fluid: Fluid;
  source: AlertSource;
  started_at: Date;
  last_seen_at: Date;
  opened_at: Date;
  closed_at: Date | null;
  details: Record<string, unknown>;
}

export async function insertEpisodes(db: Db, episodes: readonly NewEpisode[]): Promise<Array<{ id: string; closed_at: Date | null }>> {
  if (episodes.length === 0) return [];
  return db
    .insertInto('alert_episodes')
    .values(episodes.map((episode) => ({ ...episode, details: JSON.stringify(episode.details) })))
    .returning(['id', 'closed_at'])
    .execute();
}

export async function updateEpisode(
  db: Db,
  id: string,
  changes: { started_at: Date; last_seen_at: Date; closed_at: Date | null; details: Record<string, unknown> },
): Promise<void> {
  await db
    .updateTable('alert_episodes')
    .set({ ...changes, details: JSON.stringify(changes.details) })
    .where('id', '=', id)
    .execute();
}

/** One detection pass at a time over the whole portfolio: a session advisory lock, held on the pass's own connection. */
export async function lockDetection(connection: Db): Promise<void> {
  await sql`select pg_advisory_lock(hashtext('alerts.detection'))`.execute(connection);
}

export async function unlockDetection(connection: Db): Promise<void> {
  await sql`select pg_advisory_unlock(hashtext('alerts.detection'))`.execute(connection);
}

/** Open episodes not yet handed to the notices (see `notices_scheduled_at`); leaks only once seen since `leaksSeenSince`. */
export async function selectOpenEpisodesWithoutNotices(
  db: Db,
  residenceIds: readonly string[] | null,
  options: { leaksSeenSince: Date },
): Promise<Array<{ id: string }>> {
  let query = db
    .selectFrom('alert_episodes')
    .select('id')
    .where('closed_at', 'is', null)
    .where('notices_scheduled_at', 'is', null)
    .where((eb) => eb.or([eb('kind', '!=', 'leak'), eb('last_seen_at', '>=', options.leaksSeenSince)]))
    .orderBy('opened_at');
  if (residenceIds !== null) query = query.where('residence_id', 'in', residenceIds.length > 0 ? [...residenceIds] : ['00000000-0000-0000-0000-000000000000']);
  return query.execute();
}

export async function markNoticesScheduled(db: Db, episodeId: string, at: Date): Promise<void> {
  await db.updateTable('alert_episodes').set({ notices_scheduled_at: at }).where('id', '=', episodeId).execute();
}
