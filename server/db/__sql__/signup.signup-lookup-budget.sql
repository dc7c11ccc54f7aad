-- The SQL compiled by server/modules/signup/signup-lookup-budget.queries.ts in the flows of server/db/sql-snapshots.db.test.ts.
-- Generated: a changed query changes this file; update it with `npx vitest run server/db/sql-snapshots.db.test.ts -u` and review the diff.
-- `…` stands for as many list items or rows as the data has.
-- Exported functions that issued the statements below: countDwellingsOfResidence, countMissesSince, countResidenceHitsSince, findBudgetLift, noteLookupHit, saveBudgetLift
-- Exported functions that issued no statement of their own here (not run, or they build a fragment of another statement): none

-- countDwellingsOfResidence
select count(*) as "count"
  from "dwellings"
  where "residence_id" = $1;

-- countMissesSince
select count(*) as "count", min("occurred_at") as "oldest"
  from "signup_lookups"
  where "occurred_at" > $1 and "outcome" in ($2, …);

-- countResidenceHitsSince
select count(*) as "count", min("occurred_at") as "oldest"
  from "signup_lookups"
  where "residence_id" = $1 and "occurred_at" > $2 and "outcome" != $3;

-- findBudgetLift
select "lifted_until"
  from "signup_lookup_budget_lifts"
  where "residence_id" = $1;

-- noteLookupHit
update "signup_lookups"
  set "residence_id" = $1
  where "id" = $2;

-- saveBudgetLift
insert into "signup_lookup_budget_lifts" ("residence_id", "lifted_until", "lifted_by_user_id", "created_at")
  values ($1, $2, $3, $4), …
  on conflict ("residence_id") do update
  set "lifted_until" = $5, "lifted_by_user_id" = $6, "created_at" = $7;
