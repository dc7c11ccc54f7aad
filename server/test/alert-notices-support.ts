import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { buildDevice, buildResident } from './factories.ts';

/**
 * An open alert episode on a dwelling whose resident (built here) has the given options: the
 * fixture of the notice tests. Written straight into `alert_episodes`, as detection would.
 */
export async function buildEpisodeWithResident(
  db: Kysely<Database>,
  options: {
    kind?: 'leak' | 'overconsumption';
    email?: string;
    mobile?: string | null;
    locale?: 'fr' | 'en';
    notify?: { leakByEmail?: boolean; leakBySms?: boolean; overconsumption?: boolean };
    startedAt?: string;
    details?: Record<string, unknown>;
  } = {},
) {
  const resident = await buildResident(db, {
    user: { ...(options.email ? { email: options.email } : {}), locale: options.locale ?? 'fr' },
    profile: {
      mobile_e164: options.mobile === undefined ? '+33611546587' : options.mobile,
      notify_leak_by_email: options.notify?.leakByEmail ?? true,
      notify_leak_by_sms: options.notify?.leakBySms ?? true,
      notify_overconsumption: options.notify?.overconsumption ?? true,
      last_name: 'Martin',
    },
  });
  const device = await buildDevice(db, { dwelling_id: resident.dwelling.id, kind: 'cold_water' });
  const kind = options.kind ?? 'leak';
  const startedAt = options.startedAt ?? '2026-03-14T02:00:00Z';
  const episode = await db
    .insertInto('alert_episodes')
    .values({
      residence_id: resident.dwelling.residence_id,
      dwelling_id: resident.dwelling.id,
      device_id: kind === 'leak' ? device.id : null,
      kind,
      fluid: 'cold_water',
      source: kind === 'leak' ? 'readings' : 'monthly_rule',
      started_at: startedAt,
      last_seen_at: '2026-03-16T08:00:00Z',
      opened_at: '2026-03-16T08:05:00Z',
      details: JSON.stringify(options.details ?? {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...resident, device, episode };
}
