-- The SQL compiled by server/modules/ingest/ingest.queries.ts in the flows of server/db/sql-snapshots.db.test.ts.
-- Generated: a changed query changes this file; update it with `npx vitest run server/db/sql-snapshots.db.test.ts -u` and review the diff.
-- `…` stands for as many list items or rows as the data has.
-- Exported functions that issued the statements below: claimQuarantineFor, findActiveDataSourceByTokenHash, findDataSourceById, findDataSourceByName, findDevicesByRadioIdOrSerial, findDevicesBySerial, findReadingsAt, findReadingsInSpans, insertDataSource, insertImportBatch, insertQuarantine, insertReadingsIfNew, listDataSources, listPendingQuarantine, lockDevicesForIngest, markQuarantineReplayed, moveReading, rekeyDataSourceToken, revokeDataSource
-- Exported functions that issued no statement of their own here (not run, or they build a fragment of another statement): insertMqttQuarantine, listLatestMqttQuarantine, readingCopyLine, sumReadingsCsvBatches

-- claimQuarantineFor
select "id", raw_message::text as "rawText"
  from "ingest_quarantine"
  where "replayed_at" is null and ("radio_id" in ($1, …) or "printed_serial" in ($2, …))
  order by "id" for update skip locked;

-- findActiveDataSourceByTokenHash
select "id", "name", "token_hash"
  from "data_sources"
  where "token_hash" in ($1, …) and "revoked_at" is null;

-- findDataSourceById
select "id", "name", "revoked_at"
  from "data_sources"
  where "id" = $1;

-- findDataSourceByName
select "id", "revoked_at"
  from "data_sources"
  where "name" = $1;

-- findDevicesByRadioIdOrSerial
select "devices"."id", "devices"."residence_id", "devices"."kind", "devices"."unit", "devices"."serial_number", "devices"."manufacturer", "devices"."radio_id", "devices"."installed_on", "devices"."removed_on", "residences"."time_zone"
  from "devices"
  inner join "residences" on "residences"."id" = "devices"."residence_id"
  where lower("devices"."radio_id") in ($1, …);

-- findDevicesBySerial
select "devices"."id", "devices"."residence_id", "devices"."kind", "devices"."unit", "devices"."serial_number", "devices"."manufacturer", "devices"."radio_id", "devices"."installed_on", "devices"."removed_on", "residences"."time_zone"
  from "devices"
  inner join "residences" on "residences"."id" = "devices"."residence_id"
  where "devices"."serial_number" in ($1, …);

-- findReadingsAt
select readings.device_id, readings.read_at, readings.index_value
    from unnest($1::uuid[], $2::uuid[],
                $3::timestamptz[]) as wanted(residence_id, device_id, read_at)
    join readings using (residence_id, device_id, read_at);

-- findReadingsInSpans
select readings.device_id, readings.read_at, readings.index_value, readings.source
    from unnest($1::uuid[], $2::uuid[],
                $3::timestamptz[], $4::timestamptz[])
      as span(residence_id, device_id, from_at, to_at)
    join readings on readings.residence_id = span.residence_id and readings.device_id = span.device_id
      and readings.read_at between span.from_at and span.to_at;

-- insertDataSource
insert into "data_sources" ("name", "token_hash", "key_id")
  values ($1, $2, $3), …
  returning "id";

-- insertImportBatch
insert into "import_batches" ("kind", "origin", "data_source_id", "started_at", "finished_at", "outcome", "rows_read", "rows_stored", "rows_duplicate", "rows_conflicting", "rows_refused", "report")
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12), …
  returning "id";

-- insertQuarantine
insert into "ingest_quarantine" ("received_at", "data_source_id", "driver", "radio_id", "printed_serial", "reason", "raw_message")
  values ($1, $2, $3, $4, $5, $6, $7), …
  on conflict (md5(raw_message::text)) do nothing;

-- insertReadingsIfNew
with incoming as (
        select * from unnest($1::uuid[], $2::uuid[],
                             $3::timestamptz[],
                             $4::numeric[], $5::boolean[])
          with ordinality as reading(residence_id, device_id, read_at, index_value, is_estimated, position)
      ),
      inserted as (
        insert into readings (residence_id, device_id, read_at, index_value, is_estimated, source)
        select residence_id, device_id, read_at, index_value, is_estimated, $6 from incoming
        order by residence_id, device_id, read_at
        on conflict do nothing
        returning device_id, read_at
      ),
      inserted_positions as (
        select incoming.* from incoming join inserted using (device_id, read_at)
      ),
      telegrams as (
        insert into device_telegrams (residence_id, device_id, read_at, driver, status_flags, alarm_kinds, raw_message)
        select reading.residence_id, reading.device_id, reading.read_at, telegram.driver,
               array(select jsonb_array_elements_text(telegram.status_flags)), array(select jsonb_array_elements_text(telegram.alarm_kinds)),
               telegram.raw_message::jsonb
        from jsonb_to_recordset($7::jsonb)
          as telegram(position int, driver text, status_flags jsonb, alarm_kinds jsonb, raw_message text)
        join inserted_positions reading on reading.position = telegram.position + 1
        order by reading.device_id, reading.read_at
        on conflict (device_id, read_at) do nothing
      ),
      marks as (
    insert into consumption_refresh_queue (device_id, changed_from, queued_at)
    select device_id, min(changed_from), $8::timestamptz
    from (select device_id, read_at as changed_from from inserted) as change
    group by device_id
    order by device_id
    on conflict (device_id) do update set
      changed_from = least(consumption_refresh_queue.changed_from, excluded.changed_from),
      queued_at = excluded.queued_at,
      version = consumption_refresh_queue.version + 1
  )
      select (position - 1)::int as position from inserted_positions;

-- listDataSources
select "data_sources"."id", "data_sources"."name", "data_sources"."created_at", "data_sources"."revoked_at", (select max("import_batches"."started_at") as "at"
  from "import_batches"
  where "import_batches"."data_source_id" = "data_sources"."id") as "last_batch_at"
  from "data_sources"
  order by "data_sources"."revoked_at" desc nulls first, "data_sources"."name";

-- listPendingQuarantine
select *
  from "ingest_quarantine"
  where "replayed_at" is null
  order by "id" desc
  limit $1;

-- listPendingQuarantine
select count(*) as "total"
  from "ingest_quarantine"
  where "replayed_at" is null;

-- lockDevicesForIngest
select pg_advisory_xact_lock(lock_key)
    from (select distinct hashtextextended('readings:' || device_id, 0) as lock_key from unnest($1::text[]) as device(device_id)) keys
    order by lock_key;

-- markQuarantineReplayed
update "ingest_quarantine"
  set "replayed_at" = $1
  where "id" in ($2, …);

-- moveReading
update "readings"
  set "read_at" = $1
  where "residence_id" = $2 and "device_id" = $3 and "read_at" = $4;

-- rekeyDataSourceToken
update "data_sources"
  set "token_hash" = $1, "key_id" = $2
  where "id" = $3 and "token_hash" = $4;

-- revokeDataSource
update "data_sources"
  set "revoked_at" = $1
  where "name" = $2 and "revoked_at" is null;
