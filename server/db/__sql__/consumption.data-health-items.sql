-- The SQL compiled by server/modules/consumption/data-health-items.queries.ts in the flows of server/db/sql-snapshots.db.test.ts.
-- Generated: a changed query changes this file; update it with `npx vitest run server/db/sql-snapshots.db.test.ts -u` and review the diff.
-- `…` stands for as many list items or rows as the data has.
-- Exported functions that issued the statements below: findDataHealthItem, replaceDataHealthItems, selectDataHealthItems, selectItemsForEngine, selectOverLimitRuns, updateDataHealthItemStatus
-- Exported functions that issued no statement of their own here (not run, or they build a fragment of another statement): none

-- findDataHealthItem
select "id", "device_id", "residence_id", "kind", "started_at", "status"
  from "data_health_items"
  where "id" = $1;

-- replaceDataHealthItems
delete from data_health_items item
    using unnest($1::uuid[], $2::timestamptz[])
      as changed(device_id, after_at)
    where item.device_id = changed.device_id and item.started_at > changed.after_at and item.status = 'open'
      and not exists (
        select 1 from unnest($3::uuid[], $4::text[], $5::timestamptz[])
          as found(device_id, kind, started_at)
        where found.device_id = item.device_id and found.kind = item.kind and found.started_at = item.started_at);

-- replaceDataHealthItems
insert into data_health_items (residence_id, device_id, kind, started_at, ended_at, magnitude, detected_at)
    select residence_id, device_id, kind, started_at, ended_at, magnitude, $1::timestamptz
    from unnest($2::uuid[], $3::uuid[], $4::text[],
                $5::timestamptz[], $6::timestamptz[],
                $7::numeric[])
      as found(residence_id, device_id, kind, started_at, ended_at, magnitude)
    on conflict (device_id, kind, started_at) do update set ended_at = excluded.ended_at, magnitude = excluded.magnitude
      where data_health_items.ended_at is distinct from excluded.ended_at or data_health_items.magnitude is distinct from excluded.magnitude;

-- selectDataHealthItems
select count(*) as "total"
  from "data_health_items" as "item"
  inner join "devices" on "devices"."id" = "item"."device_id"
  inner join "dwellings" on "dwellings"."id" = "devices"."dwelling_id"
  inner join "residences" on "residences"."id" = "item"."residence_id"
  left join "users" on "users"."id" = "item"."decided_by"
  where "residences"."building_code" = $1;

-- selectItemsForEngine
select "device_id", "kind", "started_at", "status"
  from "data_health_items"
  where "device_id" in ($1, …) and ("kind" = $2 or ("kind" = $3 and "status" = $4));

-- selectOverLimitRuns
select item.residence_id, devices.dwelling_id, item.device_id, devices.kind as fluid, item.started_at, item.ended_at, item.magnitude::text as magnitude,
      devices.removed_on is null and item.ended_at >= (select max(read_at) from readings where readings.residence_id = item.residence_id and readings.device_id = item.device_id) as is_ongoing
    from data_health_items item
    join devices on devices.id = item.device_id
    where item.kind = 'over_limit_rate' and item.status <> 'glitch' and devices.kind in ('hot_water', 'cold_water')
      
      
    order by item.device_id, item.started_at;

-- selectOverLimitRuns
select item.residence_id, devices.dwelling_id, item.device_id, devices.kind as fluid, item.started_at, item.ended_at, item.magnitude::text as magnitude,
      devices.removed_on is null and item.ended_at >= (select max(read_at) from readings where readings.residence_id = item.residence_id and readings.device_id = item.device_id) as is_ongoing
    from data_health_items item
    join devices on devices.id = item.device_id
    where item.kind = 'over_limit_rate' and item.status <> 'glitch' and devices.kind in ('hot_water', 'cold_water')
      and item.residence_id = any($1::uuid[])
      and item.ended_at >= $2
    order by item.device_id, item.started_at;

-- updateDataHealthItemStatus
update "data_health_items"
  set "status" = $1, "decided_by" = $2, "decided_at" = $3
  where "id" = $4;
