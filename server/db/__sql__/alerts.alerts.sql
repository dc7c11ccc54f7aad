-- The SQL compiled by server/modules/alerts/alerts.queries.ts in the flows of server/db/sql-snapshots.db.test.ts.
-- Generated: a changed query changes this file; update it with `npx vitest run server/db/sql-snapshots.db.test.ts -u` and review the diff.
-- `…` stands for as many list items or rows as the data has.
-- Exported functions that issued the statements below: selectDwellingEpisodes
-- Exported functions that issued no statement of their own here (not run, or they build a fragment of another statement): none

-- selectDwellingEpisodes
select "id", "kind", "fluid", "source", "started_at", "last_seen_at", "closed_at", "details"
  from "alert_episodes"
  where "dwelling_id" = $1 and "last_seen_at" >= $2
  order by "started_at" desc
  limit $3;
