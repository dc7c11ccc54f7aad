import type { Migration } from 'kysely';
import * as initialDataModel from './2026-11-28T0900-initial-data-model.ts';
import * as ingestAndConsumption from './2026-11-28T1130-ingest-and-consumption.ts';
import * as managerDocuments from './2026-11-28T1620-manager-documents.ts';
import * as accountsSecurity from './2026-11-28T1630-accounts-security.ts';
import * as signupFlow from './2026-11-28T1700-signup-flow.ts';
import * as residentPortal from './2026-11-28T1800-resident-portal.ts';
import * as alertEpisodes from './2026-11-28T1810-alert-episodes.ts';
import * as alertEpisodesNotices from './2026-11-28T1810-alert-episodes-notices.ts';
import * as alertNotices from './2026-11-28T1820-alert-notices.ts';
import * as backOffice from './2026-11-28T1830-back-office.ts';
import * as residentReads from './2026-11-28T1840-resident-reads.ts';
import * as sessionCacheNotices from './2026-11-29T0100-session-cache-notices.ts';
import * as outboxSealedSecrets from './2026-12-04T1000-outbox-sealed-secrets.ts';
import * as signupLookupBudget from './2026-12-04T1010-signup-lookup-budget.ts';
import * as consumptionExcursions from './2026-12-04T1100-consumption-excursions.ts';
import * as secretKeyIds from './2026-12-05T0100-secret-key-ids.ts';
import * as dataHealthItems from './2026-12-05T0200-data-health-items.ts';
import * as tariffs from './2026-12-05T0500-tariffs.ts';
import * as degreeDays from './2026-12-05T0600-degree-days.ts';
import * as apiTokens from './2026-12-05T0700-api-tokens.ts';
import * as climateVersionTokenRotation from './2026-12-05T0830-climate-version-token-rotation.ts';
import * as readingsByMonth from './2026-12-06T0100-readings-by-month.ts';
import * as mqttQuarantine from './2026-12-06T0200-mqtt-quarantine.ts';

/**
 * Every migration, by timestamped name, listed in name order: the order Kysely's Migrator runs
 * them in (it sorts the names), so reading this list tells what runs first. Append-only: a landed
 * migration is never edited; a change to the schema is a new file listed here and in
 * checksums.json (migrations.test.ts checks both).
 */
export const migrations: Record<string, Migration> = {
  '2026-11-28T0900-initial-data-model': initialDataModel,
  '2026-11-28T1130-ingest-and-consumption': ingestAndConsumption,
  '2026-11-28T1620-manager-documents': managerDocuments,
  '2026-11-28T1630-accounts-security': accountsSecurity,
  '2026-11-28T1700-signup-flow': signupFlow,
  '2026-11-28T1800-resident-portal': residentPortal,
  '2026-11-28T1810-alert-episodes': alertEpisodes,
  '2026-11-28T1810-alert-episodes-notices': alertEpisodesNotices,
  '2026-11-28T1820-alert-notices': alertNotices,
  '2026-11-28T1830-back-office': backOffice,
  '2026-11-28T1840-resident-reads': residentReads,
  '2026-11-29T0100-session-cache-notices': sessionCacheNotices,
  '2026-12-04T1000-outbox-sealed-secrets': outboxSealedSecrets,
  '2026-12-04T1010-signup-lookup-budget': signupLookupBudget,
  '2026-12-04T1100-consumption-excursions': consumptionExcursions,
  '2026-12-05T0100-secret-key-ids': secretKeyIds,
  '2026-12-05T0200-data-health-items': dataHealthItems,
  '2026-12-05T0500-tariffs': tariffs,
  '2026-12-05T0600-degree-days': degreeDays,
  '2026-12-05T0700-api-tokens': apiTokens,
  '2026-12-05T0830-climate-version-token-rotation': climateVersionTokenRotation,
  '2026-12-06T0100-readings-by-month': readingsByMonth,
  '2026-12-06T0200-mqtt-quarantine': mqttQuarantine,
};
