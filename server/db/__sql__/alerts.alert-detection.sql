-- The SQL compiled by server/modules/alerts/alert-detection.queries.ts in the flows of server/db/sql-snapshots.db.test.ts.
-- Generated: a changed query changes this file; update it with `npx vitest run server/db/sql-snapshots.db.test.ts -u` and review the diff.
-- `…` stands for as many list items or rows as the data has.
-- Exported functions that issued the statements below: insertEpisodes, lockDetection, markNoticesScheduled, selectContinuousFlowRuns, selectDailyOnlyDevices, selectEpisodesInScope, selectMeterFlagRuns, selectMonthlyTotalsWithinBoundaries, selectOpenEpisodesWithoutNotices, unlockDetection, updateEpisode
-- Exported functions that issued no statement of their own here (not run, or they build a fragment of another statement): none

-- insertEpisodes
insert into "alert_episodes" ("residence_id", "dwelling_id", "device_id", "kind", "fluid", "source", "started_at", "last_seen_at", "opened_at", "closed_at", "details")
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11), …
  returning "id", "closed_at";

-- lockDetection
select pg_advisory_lock(hashtext('alerts.detection'));

-- markNoticesScheduled
update "alert_episodes"
  set "notices_scheduled_at" = $1
  where "id" = $2;

-- selectContinuousFlowRuns
with scoped as (
    select devices.id, devices.residence_id, devices.dwelling_id, devices.kind, devices.removed_on,
      case when $1::timestamptz is null then '-infinity'::timestamptz
        else least($2::timestamptz, (select min(started_at) from alert_episodes episodes
          where episodes.device_id = devices.id and episodes.kind = 'leak' and episodes.closed_at is null))
          - make_interval(hours => $3) end as from_at
    from devices
    where devices.kind in ('cold_water', 'hot_water') and devices.unit = 'm3'
      and ($4::boolean or devices.residence_id = any($5::uuid[]))
      )
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
            where seconds <= $6 and litres * 3600 / seconds >= $7
          ) flowing
        ) marked
      ) numbered
      group by run_number
      having date_part('epoch', max(read_at) - min(previous_at)) >= $8
    ) runs;

-- selectContinuousFlowRuns
with scoped as (
    select devices.id, devices.residence_id, devices.dwelling_id, devices.kind, devices.removed_on,
      case when $1::timestamptz is null then '-infinity'::timestamptz
        else least($2::timestamptz, (select min(started_at) from alert_episodes episodes
          where episodes.device_id = devices.id and episodes.kind = 'leak' and episodes.closed_at is null))
          - make_interval(hours => $3) end as from_at
    from devices
    where devices.kind in ('cold_water', 'hot_water') and devices.unit = 'm3'
      and ($4::boolean or devices.residence_id = any($5::uuid[]))
      and abs(hashtext(devices.id::text)) % $6 = $7)
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
            where seconds <= $8 and litres * 3600 / seconds >= $9
          ) flowing
        ) marked
      ) numbered
      group by run_number
      having date_part('epoch', max(read_at) - min(previous_at)) >= $10
    ) runs;

-- selectDailyOnlyDevices
with scoped as (
    select devices.id, devices.residence_id, devices.dwelling_id, devices.kind, devices.removed_on,
      case when $1::timestamptz is null then '-infinity'::timestamptz
        else least($2::timestamptz, (select min(started_at) from alert_episodes episodes
          where episodes.device_id = devices.id and episodes.kind = 'leak' and episodes.closed_at is null))
          - make_interval(hours => $3) end as from_at
    from devices
    where devices.kind in ('cold_water', 'hot_water') and devices.unit = 'm3'
      and ($4::boolean or devices.residence_id = any($5::uuid[]))
      ),
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
            and readings.read_at >= cadence.latest_at - make_interval(days => $6)
        ) steps
        where steps.step <= make_interval(hours => $7))
    )
    select daily_only.residence_id, daily_only.dwelling_id, daily_only.id as device_id,
      case when daily_only.kind = 'hot_water' then 'hot_water' else 'cold_water' end as fluid,
      daily_only.removed_on is not null as is_removed, residences.time_zone,
      coalesce((select json_agg(json_build_object('day', day::text, 'litres', consumption::float8 * 1000) order by day)
        from daily_consumption where daily_consumption.device_id = daily_only.id
          and daily_consumption.day >= (daily_only.from_at at time zone residences.time_zone)::date), '[]'::json) as days
    from daily_only
    join residences on residences.id = daily_only.residence_id;

-- selectEpisodesInScope
select "id", "residence_id", "dwelling_id", "device_id", "kind", "fluid", "source", "started_at", "last_seen_at", "closed_at", "details"
  from "alert_episodes";

-- selectEpisodesInScope
select "id", "residence_id", "dwelling_id", "device_id", "kind", "fluid", "source", "started_at", "last_seen_at", "closed_at", "details"
  from "alert_episodes"
  where "residence_id" in ($1, …) and ("closed_at" is null or "last_seen_at" >= $2 or "kind" = $3);

-- selectMeterFlagRuns
with scoped as (
    select devices.id, devices.residence_id, devices.dwelling_id, devices.kind, devices.removed_on,
      case when $1::timestamptz is null then '-infinity'::timestamptz
        else least($2::timestamptz, (select min(started_at) from alert_episodes episodes
          where episodes.device_id = devices.id and episodes.kind = 'leak' and episodes.closed_at is null))
          - make_interval(hours => $3) end as from_at
    from devices
    where devices.kind in ('cold_water', 'hot_water') and devices.unit = 'm3'
      and ($4::boolean or devices.residence_id = any($5::uuid[]))
      ),
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
    from runs join scoped on scoped.id = runs.device_id;

-- selectMonthlyTotalsWithinBoundaries
with bounds as (
      select * from unnest($1::uuid[], $2::date[])
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
      and monthly.month < date_trunc('month', ($3::timestamptz at time zone residences.time_zone))::date
      and monthly.days_covered >= extract(day from monthly.month + interval '1 month' - interval '1 day')
    order by monthly.dwelling_id, monthly.fluid, monthly.unit, monthly.month;

-- selectOpenEpisodesWithoutNotices
select "id"
  from "alert_episodes"
  where "closed_at" is null and "notices_scheduled_at" is null and ("kind" != $1 or "last_seen_at" >= $2)
  order by "opened_at";

-- selectOpenEpisodesWithoutNotices
select "id"
  from "alert_episodes"
  where "closed_at" is null and "notices_scheduled_at" is null and ("kind" != $1 or "last_seen_at" >= $2) and "residence_id" in ($3, …)
  order by "opened_at";

-- unlockDetection
select pg_advisory_unlock(hashtext('alerts.detection'));

-- updateEpisode
update "alert_episodes"
  set "started_at" = $1, "last_seen_at" = $2, "closed_at" = $3, "details" = $4
  where "id" = $5;
