-- The SQL compiled by server/modules/alerts/alert-notices.queries.ts in the flows of server/db/sql-snapshots.db.test.ts.
-- Generated: a changed query changes this file; update it with `npx vitest run server/db/sql-snapshots.db.test.ts -u` and review the diff.
-- `…` stands for as many list items or rows as the data has.
-- Exported functions that issued the statements below: countAlertNoticesByStatus, insertEpisodeNotices, markNoticeFailed, markNoticeSending, markNoticeSent, markNoticeSkipped, releaseNoticeLock, selectAlertNotices, selectEpisodeForNotices, selectNotice, selectNoticeTarget, selectStalledNotices, tryNoticeLock
-- Exported functions that issued no statement of their own here (not run, or they build a fragment of another statement): none

-- countAlertNoticesByStatus
select "status", count(*)::int as "count"
  from "alert_notices"
  group by "status";

-- insertEpisodeNotices
insert into "alert_notices" ("episode_id", "residence_id", "channel", "message_id", "created_at")
  values ($1, $2, $3, $4, $5), …
  on conflict ("episode_id", "channel") do nothing;

-- insertEpisodeNotices
select "id", "channel", "message_id", "status"
  from "alert_notices"
  where "episode_id" = $1;

-- markNoticeFailed
update "alert_notices"
  set "status" = $1, "last_error" = $2, "retryable" = $3, "provider" = $4
  where "id" = $5 and "status" = $6;

-- markNoticeSending
update "alert_notices"
  set "status" = $1, "recipient" = $2, "sending_at" = $3, "attempts" = "attempts" + $4
  where "id" = $5 and "status" in ($6, …);

-- markNoticeSent
update "alert_notices"
  set "status" = $1, "provider" = $2, "provider_message_id" = $3, "sent_at" = $4
  where "id" = $5 and "status" = $6;

-- markNoticeSkipped
update "alert_notices"
  set "status" = $1, "skip_reason" = $2
  where "id" = $3 and "status" in ($4, …);

-- releaseNoticeLock
select pg_advisory_unlock($1::int, hashtext($2));

-- selectAlertNotices
select "notice"."id", "notice"."episode_id", "notice"."channel", "notice"."message_id", "notice"."recipient", "notice"."status", "notice"."attempts", "notice"."last_error", "notice"."skip_reason", "notice"."provider", "notice"."provider_message_id", "notice"."created_at", "notice"."sending_at", "notice"."sent_at", "episode"."kind", "episode"."fluid", "episode"."started_at", "dwelling"."id" as "dwelling_id", "dwelling"."dwelling_code", "residence"."id" as "residence_id", "residence"."building_code", "residence"."name" as "residence_name"
  from "alert_notices" as "notice"
  inner join "alert_episodes" as "episode" on "episode"."id" = "notice"."episode_id"
  inner join "dwellings" as "dwelling" on "dwelling"."id" = "episode"."dwelling_id"
  inner join "residences" as "residence" on "residence"."id" = "notice"."residence_id"
  where "notice"."residence_id" = $1
  order by "notice"."created_at" desc, "notice"."id"
  limit $2
  offset $3;

-- selectEpisodeForNotices
select "id", "kind", "residence_id"
  from "alert_episodes"
  where "id" = $1;

-- selectNotice
select *
  from "alert_notices"
  where "id" = $1;

-- selectNoticeTarget
select "episode"."kind", "episode"."source", "episode"."fluid", "episode"."started_at", "episode"."details", "episode"."dwelling_id", "residence"."time_zone"
  from "alert_episodes" as "episode"
  inner join "residences" as "residence" on "residence"."id" = "episode"."residence_id"
  where "episode"."id" = $1;

-- selectNoticeTarget
select "user"."email", "user"."locale", "profile"."civility", "profile"."last_name", "profile"."mobile_e164", "profile"."notify_leak_by_email", "profile"."notify_leak_by_sms", "profile"."notify_overconsumption", "profile"."moved_in_on"
  from "users" as "user"
  inner join "resident_profiles" as "profile" on "profile"."user_id" = "user"."id"
  where "user"."dwelling_id" = $1 and "user"."role" = $2 and "user"."closed_at" is null and ("profile"."moved_out_on" is null or "profile"."moved_out_on" >= $3);

-- selectStalledNotices
select "id", "message_id"
  from "alert_notices"
  where (("status" = $1 and "created_at" <= $2) or ("status" = $3 and "sending_at" <= $4) or ("status" = $5 and "retryable" = $6 and "sending_at" <= $7))
  order by "created_at"
  limit $8;

-- tryNoticeLock
select pg_try_advisory_lock($1::int, hashtext($2)) as locked;
