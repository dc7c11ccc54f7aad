-- The SQL compiled by server/modules/consumption/consumption.queries.ts in the flows of server/db/sql-snapshots.db.test.ts.
-- Generated: a changed query changes this file; update it with `npx vitest run server/db/sql-snapshots.db.test.ts -u` and review the diff.
-- `…` stands for as many list items or rows as the data has.
-- Exported functions that issued the statements below: claimQueuedRefreshes, completeQueuedRefreshes, findDevicesForEngine, findReadingMomentsBefore, listReadingsFrom, lockDwellingsForRefresh, lockResidencesForRefresh, queueConsumptionRefresh, queueDevicesMissingConsumption, rebuildMonthlyDwellingConsumption, rebuildResidenceAverages, recordConflictingDuplicates, replaceDailyConsumption, replaceExcursions, replaceIndexDecreases, selectDeviceDaily, selectDevicesToRebuild, selectDwellingDaily, selectDwellingMonthly, selectQueuedRefreshDevices, selectStoredDays
-- Exported functions that issued no statement of their own here (not run, or they build a fragment of another statement): findRefreshQueueState, refreshMarksFrom, selectResidenceDaily

-- claimQueuedRefreshes
select device_id from consumption_refresh_queue
    where device_id <> all($1::uuid[])
      
    order by device_id
    limit $2;

-- claimQueuedRefreshes
select device_id from consumption_refresh_queue
    where device_id <> all($1::uuid[])
      and device_id = any($2::uuid[])
    order by device_id
    limit $3;

-- claimQueuedRefreshes
select queue.device_id, queue.changed_from, queue.version
    from unnest($1::uuid[]) as candidate(device_id)
    join consumption_refresh_queue queue using (device_id)
    where pg_try_advisory_xact_lock($2, hashtext(candidate.device_id::text))
    order by queue.device_id;

-- completeQueuedRefreshes
delete from consumption_refresh_queue queue
    using unnest($1::uuid[], $2::int[]) as done(device_id, version),
          (select device_id from consumption_refresh_queue where device_id = any($3::uuid[]) order by device_id for update) as locked
    where queue.device_id = done.device_id and queue.version = done.version and queue.device_id = locked.device_id;

-- findDevicesForEngine
select "devices"."id", "devices"."residence_id", "devices"."dwelling_id", "devices"."kind", "devices"."unit", "residences"."time_zone", devices.max_rate_per_hour::text as "max_rate_per_hour"
  from "devices"
  inner join "residences" on "residences"."id" = "devices"."residence_id"
  where "devices"."id" in ($1, …);

-- findReadingMomentsBefore
select target.device_id, latest.read_at
    from unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) as target(residence_id, device_id, before_at)
    left join lateral (
      select readings.read_at from readings
      where readings.residence_id = target.residence_id and readings.device_id = target.device_id and readings.read_at < target.before_at
      order by readings.read_at desc
      limit 1
    ) latest on true;

-- listReadingsFrom
select readings.device_id, readings.read_at, readings.index_value, readings.is_estimated
    from unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) as target(residence_id, device_id, from_at)
    join readings on readings.residence_id = target.residence_id and readings.device_id = target.device_id and readings.read_at >= target.from_at
    order by readings.device_id, readings.read_at;

-- lockDwellingsForRefresh, lockResidencesForRefresh
select pg_advisory_xact_lock(lock_key)
    from (select distinct hashtextextended(name, 0) as lock_key from unnest($1::text[]) as lock(name)) keys
    order by lock_key;

-- queueConsumptionRefresh
insert into consumption_refresh_queue (device_id, changed_from, queued_at)
    select device_id, min(changed_from), $1::timestamptz
    from (select device_id, changed_from
        from unnest($2::uuid[], $3::timestamptz[])
          as change(device_id, changed_from)) as change
    group by device_id
    order by device_id
    on conflict (device_id) do update set
      changed_from = least(consumption_refresh_queue.changed_from, excluded.changed_from),
      queued_at = excluded.queued_at,
      version = consumption_refresh_queue.version + 1;

-- queueDevicesMissingConsumption
insert into consumption_refresh_queue (device_id, changed_from, queued_at)
    select device_id, min(changed_from), $1::timestamptz
    from (select span.device_id, span.first_at as changed_from
        from (select device_id, min(read_at) as first_at, max(read_at) as last_at
              from readings where device_id = any($2::uuid[])
              group by device_id having count(*) > 1) as span
        join devices on devices.id = span.device_id
        join residences on residences.id = devices.residence_id
        where not exists (select from daily_consumption covered where covered.device_id = span.device_id
                            and covered.day = (span.first_at at time zone residences.time_zone)::date)
           or not exists (select from daily_consumption covered where covered.device_id = span.device_id
                            and covered.day = ((span.last_at - interval '1 millisecond') at time zone residences.time_zone)::date)) as change
    group by device_id
    order by device_id
    on conflict (device_id) do update set
      changed_from = least(consumption_refresh_queue.changed_from, excluded.changed_from),
      queued_at = excluded.queued_at,
      version = consumption_refresh_queue.version + 1;

-- rebuildMonthlyDwellingConsumption
delete from monthly_dwelling_consumption
      where dwelling_id = any($1::uuid[]) and month >= $2::date;

-- rebuildMonthlyDwellingConsumption
insert into monthly_dwelling_consumption (residence_id, dwelling_id, fluid, unit, month, consumption, days_covered, estimated_days, spike_days)
      select daily.residence_id, daily.dwelling_id, daily.fluid, daily.unit, date_trunc('month', daily.day::timestamp)::date,
             sum(daily.consumption),
             bit_count(bit_or((1::bigint << (extract(day from daily.day)::int - 1)))::bit(64)),
             bit_count(bit_or(case when daily.is_estimated then (1::bigint << (extract(day from daily.day)::int - 1)) else 0::bigint end)::bit(64)),
             bit_count(bit_or(case when daily.estimate_reason = 'spike' then (1::bigint << (extract(day from daily.day)::int - 1)) else 0::bigint end)::bit(64))
      from daily_consumption daily
      where daily.dwelling_id = any($1::uuid[]) and daily.day >= $2::date
      group by daily.residence_id, daily.dwelling_id, daily.fluid, daily.unit, date_trunc('month', daily.day::timestamp);

-- rebuildResidenceAverages
delete from monthly_residence_average
      where residence_id = any($1::uuid[]) and month >= $2::date;

-- rebuildResidenceAverages
insert into monthly_residence_average (residence_id, fluid, unit, month, average_consumption, dwelling_count)
      select monthly.residence_id, monthly.fluid, monthly.unit, monthly.month, round(avg(monthly.consumption), 9), count(*)
      from monthly_dwelling_consumption monthly
      -- A month with an excursion left out would pull the comparison every resident sees.
      where monthly.residence_id = any($1::uuid[]) and monthly.month >= $2::date and monthly.spike_days = 0
      group by monthly.residence_id, monthly.fluid, monthly.unit, monthly.month;

-- rebuildResidenceAverages
update residences set consumption_version = consumption_version + 1
    where id = any($1::uuid[]);

-- recordConflictingDuplicates
insert into "reading_anomalies" ("residence_id", "device_id", "kind", "read_at", "previous_index", "index_value", "detected_at")
  values ($1, $2, $3, $4, $5, $6, $7), …
  on conflict ("device_id", "kind", "read_at") do update
  set "previous_index" = "excluded"."previous_index", "index_value" = "excluded"."index_value", "detected_at" = "excluded"."detected_at";

-- replaceDailyConsumption
delete from daily_consumption daily
    using unnest($1::uuid[], $2::date[]) as changed(device_id, from_day)
    where daily.device_id = changed.device_id and daily.day >= changed.from_day;

-- replaceDailyConsumption
insert into daily_consumption (residence_id, dwelling_id, device_id, fluid, unit, day, consumption, is_estimated, estimate_reason)
      select residence_id, dwelling_id, device_id, fluid, unit, day, consumption, is_estimated, estimate_reason
      from unnest($1::uuid[], $2::uuid[],
                  $3::uuid[], $4::text[],
                  $5::text[], $6::date[],
                  $7::numeric[], $8::boolean[],
                  $9::text[])
        as computed(residence_id, dwelling_id, device_id, fluid, unit, day, consumption, is_estimated, estimate_reason);

-- replaceExcursions
delete from consumption_excursions excursion
    using unnest($1::uuid[], $2::timestamptz[])
      as changed(device_id, after_at)
    where excursion.device_id = changed.device_id and excursion.started_at > changed.after_at;

-- replaceExcursions
insert into consumption_excursions (residence_id, device_id, kind, started_at, ended_at, reading_count, extreme_index, not_billed, detected_at)
    select residence_id, device_id, kind, started_at, ended_at, reading_count, extreme_index, not_billed, $1::timestamptz
    from unnest($2::uuid[], $3::uuid[], $4::text[],
                $5::timestamptz[], $6::timestamptz[],
                $7::int[], $8::numeric[],
                $9::numeric[])
      as found(residence_id, device_id, kind, started_at, ended_at, reading_count, extreme_index, not_billed)
    on conflict (device_id, started_at) do nothing;

-- replaceIndexDecreases
delete from reading_anomalies anomaly
    using unnest($1::uuid[], $2::timestamptz[])
      as changed(device_id, after_at)
    where anomaly.device_id = changed.device_id and anomaly.kind = 'index_decrease' and anomaly.read_at > changed.after_at;

-- selectDeviceDaily
select "day", "unit", "consumption", "is_estimated", "estimate_reason"
  from "daily_consumption"
  where "device_id" = $1 and "day" >= $2 and "day" <= $3
  order by "day";

-- selectDevicesToRebuild
select "devices"."id"
  from "devices"
  inner join "residences" on "residences"."id" = "devices"."residence_id"
  where "residences"."building_code" = $1;

-- selectDwellingDaily
select "day", "unit", sum("consumption") as "consumption", bool_or("is_estimated") as "is_estimated", case when bool_or(estimate_reason = 'spike') then 'spike' when bool_or(estimate_reason = 'gap') then 'gap'
  when bool_or(is_estimated) then 'estimated_reading' end as "reason" from "daily_consumption" where "dwelling_id" = $1 and "fluid" = $2 and "day" >= $3 and "day" <= $4 group by "day", "unit" order by "day", "unit";

-- selectDwellingMonthly
select "month", "unit", "consumption", "estimated_days", case when spike_days > 0 then 'spike' when estimated_days > 0 then 'gap' end as "reason"
  from "monthly_dwelling_consumption"
  where "dwelling_id" = $1 and "fluid" = $2 and "month" >= $3 and "month" <= $4
  order by "month", "unit";

-- selectQueuedRefreshDevices
select "devices"."id" as "deviceId", "devices"."residence_id" as "residenceId"
  from "consumption_refresh_queue"
  inner join "devices" on "devices"."id" = "consumption_refresh_queue"."device_id"
  order by "consumption_refresh_queue"."queued_at"
  limit $1;

-- selectStoredDays
select device_id, to_char(day, 'YYYY-MM-DD') as day, consumption::text as consumption, is_estimated
    from daily_consumption where device_id = any($1::uuid[]);
