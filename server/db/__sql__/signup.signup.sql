-- The SQL compiled by server/modules/signup/signup.queries.ts in the flows of server/db/sql-snapshots.db.test.ts.
-- Generated: a changed query changes this file; update it with `npx vitest run server/db/sql-snapshots.db.test.ts -u` and review the diff.
-- `…` stands for as many list items or rows as the data has.
-- Exported functions that issued the statements below: abandonAttempt, advanceAttempt, cancelLiveCodes, completeAttempt, consumeCode, countCodesSince, countLookupsSince, countOtherAddressesSince, findAttemptsWaitingForCode, findDevicesInServiceBySerial, findDwellingByReference, findLiveAttemptByTokenHash, findLiveCode, findResidenceAndDwelling, findResidenceEligibilityByBuildingCode, findResidenceToday, hasActiveResidentAccount, insertAttempt, insertCode, insertLookup, isEmailUsedByActiveResident, lockAttempt, recordFailedTry, setLookupOutcome, updateAttemptEmail
-- Exported functions that issued no statement of their own here (not run, or they build a fragment of another statement): none

-- abandonAttempt
update "signup_attempts"
  set "step" = $1, "updated_at" = $2, "password_hash" = $3
  where "id" = $4 and "step" != $5;

-- advanceAttempt
update "signup_attempts"
  set "civility" = $1, "last_name" = $2, "first_name" = $3, "mobile_e164" = $4, "email" = $5, "password_hash" = $6, "privacy_consent_at" = $7, "privacy_policy_version" = $8, "newsletter_consent_at" = $9, "newsletter_policy_version" = $10, "step" = $11, "updated_at" = $12
  where "id" = $13 and "step" in ($14, …) and "expires_at" > $15;

-- advanceAttempt
update "signup_attempts"
  set "is_owner" = $1, "moved_in_on" = $2, "council_member" = $3, "step" = $4, "updated_at" = $5
  where "id" = $6 and "step" in ($7, …) and "expires_at" > $8;

-- advanceAttempt
update "signup_attempts"
  set "notify_leak_by_email" = $1, "notify_leak_by_sms" = $2, "notify_overconsumption" = $3, "manager_may_see_daily" = $4, "step" = $5, "updated_at" = $6
  where "id" = $7 and "step" in ($8, …) and "expires_at" > $9;

-- advanceAttempt
update "signup_attempts"
  set "step" = $1, "updated_at" = $2
  where "id" = $3 and "step" in ($4, …) and "expires_at" > $5;

-- cancelLiveCodes
update "signup_codes"
  set "cancelled_at" = $1
  where "attempt_id" = $2 and "consumed_at" is null and "cancelled_at" is null;

-- completeAttempt
update "signup_attempts"
  set "step" = $1, "user_id" = $2, "password_hash" = $3, "updated_at" = $4
  where "id" = $5;

-- consumeCode
update "signup_codes"
  set "consumed_at" = $1
  where "id" = $2;

-- countCodesSince
select count(*) as "count", min("created_at") as "oldest"
  from "signup_codes"
  where "created_at" > $1 and lower(email) = $2;

-- countCodesSince
select count(*) as "count", min("created_at") as "oldest"
  from "signup_codes"
  where "created_at" > $1 and lower(email) = $2 and "attempt_id" = $3;

-- countLookupsSince
select count(*) as "count", min("occurred_at") as "oldest"
  from "signup_lookups"
  where "client_address" = $1 and "occurred_at" > $2;

-- countOtherAddressesSince
select count(*) as "count", min("first_sent_at") as "oldest"
  from (select lower(email) as "address", min("created_at") as "first_sent_at"
  from "signup_codes"
  where "attempt_id" = $1 and lower(email) != $2
  group by lower(email)) as "addresses"
  where "first_sent_at" > $3;

-- findAttemptsWaitingForCode
select "id"
  from "signup_attempts"
  where "step" = $1 and lower(email) = $2 and "expires_at" > $3;

-- findDevicesInServiceBySerial
select "dwellings"."id" as "dwelling_id", "residences"."id" as "residence_id", "contracts"."booked_options", "contracts"."ends_on" as "contract_ends_on", "residences"."published_at", (($1::timestamptz at time zone residences.time_zone)::date)::text as "today", "devices"."kind"
  from "dwellings"
  inner join "residences" on "residences"."id" = "dwellings"."residence_id"
  inner join "contracts" on "contracts"."id" = "residences"."contract_id"
  inner join "devices" on "devices"."dwelling_id" = "dwellings"."id"
  where "devices"."serial_number" = $2 and ("devices"."removed_on" is null or "devices"."removed_on" > ($3::timestamptz at time zone residences.time_zone)::date);

-- findDwellingByReference
select "dwellings"."id" as "dwelling_id", "residences"."id" as "residence_id", "contracts"."booked_options", "contracts"."ends_on" as "contract_ends_on", "residences"."published_at", (($1::timestamptz at time zone residences.time_zone)::date)::text as "today"
  from "dwellings"
  inner join "residences" on "residences"."id" = "dwellings"."residence_id"
  inner join "contracts" on "contracts"."id" = "residences"."contract_id"
  where "residences"."building_code" = $2 and "dwellings"."reference" = $3;

-- findLiveAttemptByTokenHash
select "id", "step", "residence_id", "dwelling_id", "is_owner", "moved_in_on", "council_member", "notify_leak_by_email", "notify_leak_by_sms", "notify_overconsumption", "manager_may_see_daily", "civility", "last_name", "first_name", "mobile_e164", "email", "password_hash", "privacy_consent_at", "privacy_policy_version", "newsletter_consent_at", "newsletter_policy_version", "expires_at"
  from "signup_attempts"
  where "token_hash" in ($1, …) and "step" != $2 and "expires_at" > $3;

-- findLiveCode
select "id", "email", "code_hash", "is_address_in_use", "failed_tries", "expires_at"
  from "signup_codes"
  where "attempt_id" = $1 and "consumed_at" is null and "cancelled_at" is null;

-- findResidenceAndDwelling
select "residences"."name", "residences"."building_code", "residences"."street", "residences"."postal_code", "residences"."city", "dwellings"."client_number", "dwellings"."building", "dwellings"."dwelling_code", "dwellings"."staircase", "dwellings"."floor"
  from "dwellings"
  inner join "residences" on "residences"."id" = "dwellings"."residence_id"
  where "dwellings"."id" = $1;

-- findResidenceEligibilityByBuildingCode
select "residences"."id" as "residence_id", "residences"."name", "residences"."building_code", "residences"."street", "residences"."postal_code", "residences"."city", "contracts"."booked_options", "contracts"."ends_on" as "contract_ends_on", "residences"."published_at", (($1::timestamptz at time zone residences.time_zone)::date)::text as "today"
  from "residences"
  inner join "contracts" on "contracts"."id" = "residences"."contract_id"
  where "residences"."building_code" = $2;

-- findResidenceToday
select (($1::timestamptz at time zone time_zone)::date)::text as "today"
  from "residences"
  where "id" = $2;

-- hasActiveResidentAccount
select "id"
  from "users"
  where "dwelling_id" = $1 and "closed_at" is null;

-- insertAttempt
insert into "signup_attempts" ("token_hash", "key_id", "step", "residence_id", "dwelling_id", "identified_by", "client_address", "created_at", "updated_at", "expires_at")
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10), …
  returning "id";

-- insertCode
insert into "signup_codes" ("attempt_id", "email", "code_hash", "key_id", "is_address_in_use", "created_at", "expires_at")
  values ($1, $2, $3, $4, $5, $6, $7), …
  returning "id";

-- insertLookup
insert into "signup_lookups" ("occurred_at", "client_address", "method", "outcome", "input_digest")
  values ($1, $2, $3, $4, $5), …
  returning "id";

-- isEmailUsedByActiveResident
select "id"
  from "users"
  where "role" = $1 and lower(email) = $2 and "closed_at" is null;

-- lockAttempt
select "id", "step", "residence_id", "dwelling_id", "is_owner", "moved_in_on", "council_member", "notify_leak_by_email", "notify_leak_by_sms", "notify_overconsumption", "manager_may_see_daily", "civility", "last_name", "first_name", "mobile_e164", "email", "password_hash", "privacy_consent_at", "privacy_policy_version", "newsletter_consent_at", "newsletter_policy_version", "expires_at"
  from "signup_attempts"
  where "id" = $1 for update;

-- recordFailedTry
update "signup_codes"
  set "failed_tries" = "failed_tries" + $1
  where "id" = $2
  returning "failed_tries";

-- setLookupOutcome
update "signup_lookups"
  set "outcome" = $1
  where "id" = $2;

-- updateAttemptEmail
update "signup_attempts"
  set "email" = $1, "updated_at" = $2
  where "id" = $3;
