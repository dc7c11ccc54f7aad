import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { TestApp } from './test-app.ts';

/** Every GET route under /api/resident: a test that checks them all lists them here (a new route must be added). */
export const RESIDENT_GET_ROUTES = [
  '/api/resident/alerts',
  '/api/resident/api-tokens',
  '/api/resident/consumption',
  '/api/resident/consumption/daily',
  '/api/resident/consumption/hourly',
  '/api/resident/consumption/meters',
  '/api/resident/costs',
  '/api/resident/export/consumption.csv',
  '/api/resident/heating-climate',
  '/api/resident/export/personal-data.json',
  '/api/resident/options',
  '/api/resident/profile',
].sort();

/** The GET routes under /api/resident the app serves, from its own route table. */
export function residentGetRoutesOf(testApp: TestApp): string[] {
  const routes = testApp.app.guardedRoutes.filter((route) => route.url.startsWith('/api/resident') && route.method === 'GET').map((route) => route.url);
  return [...new Set(routes)].sort();
}

/** A closed leak episode of a dwelling's device, seen from `startedAt` to `closedAt`. */
export async function insertClosedLeak(
  db: Kysely<Database>,
  values: { residenceId: string; dwellingId: string; deviceId: string; startedAt: Date; lastSeenAt: Date; openedAt: Date; closedAt: Date; details?: object },
): Promise<void> {
  await db
    .insertInto('alert_episodes' as never)
    .values({
      residence_id: values.residenceId,
      dwelling_id: values.dwellingId,
      device_id: values.deviceId,
      kind: 'leak',
      fluid: 'cold_water',
      source: 'readings',
      started_at: values.startedAt,
      last_seen_at: values.lastSeenAt,
      opened_at: values.openedAt,
      closed_at: values.closedAt,
      ...(values.details ? { details: values.details } : {}),
    } as never)
    .execute();
}
