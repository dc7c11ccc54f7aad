import { describe, expect, it, beforeAll } from 'vitest';
import { buildDevice, buildDwelling, buildManager, buildResident } from '../../test/factories.ts';
import { signInAs, type SessionHeaders } from '../../test/login-as.ts';
import { useTestApp } from '../../test/test-app.ts';

const harness = useTestApp();

describe('GET /api/resident/alerts', () => {
  let resident: SessionHeaders;
  let neighbour: SessionHeaders;
  let ids: Record<string, string>;

  beforeAll(async () => {
    const db = harness().context.db;
    const dwelling = await buildDwelling(db);
    const owner = await buildResident(db, { dwelling_id: dwelling.id, profile: { moved_in_on: '2025-06-10' } });
    const other = await buildResident(db, { profile: { moved_in_on: '2024-01-01' } });
    const meter = await buildDevice(db, { dwelling_id: dwelling.id, kind: 'cold_water' });
    const otherMeter = await buildDevice(db, { dwelling_id: other.dwelling.id, kind: 'cold_water' });
    const episode = (values: { device_id: string | null; dwelling_id: string; kind: 'leak' | 'overconsumption'; started_at: string; last_seen_at: string; closed_at: string | null; details: object }) =>
      db
        .insertInto('alert_episodes')
        .values({
          ...values,
          residence_id: dwelling.residence_id,
          fluid: 'cold_water',
          source: values.kind === 'leak' ? 'readings' : 'monthly_rule',
          opened_at: values.last_seen_at,
          closed_at: values.closed_at,
          details: JSON.stringify(values.details),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    ids = {
      current: (await episode({ device_id: meter.id, dwelling_id: dwelling.id, kind: 'leak', started_at: '2026-03-13T02:00:00Z', last_seen_at: '2026-03-16T08:00:00Z', closed_at: null, details: { minimumFlowLitresPerHour: 2.5, volumeLitres: 190 } })).id,
      past: (await episode({ device_id: null, dwelling_id: dwelling.id, kind: 'overconsumption', started_at: '2025-07-01T00:00:00Z', last_seen_at: '2025-08-31T23:59:59Z', closed_at: '2025-10-01T03:30:00Z', details: { months: [{ month: '2025-07', consumption: 9, reference: 4, basis: 'residence_average', unit: 'm3' }, { month: '2025-08', consumption: 8.5, reference: 4, basis: 'residence_average', unit: 'm3' }] } })).id,
      spanning: (await episode({ device_id: meter.id, dwelling_id: dwelling.id, kind: 'leak', started_at: '2025-06-05T00:00:00Z', last_seen_at: '2025-06-12T00:00:00Z', closed_at: '2025-06-12T03:30:00Z', details: { minimumFlowLitresPerHour: 1, volumeLitres: 300 } })).id,
      previousOccupant: (await episode({ device_id: meter.id, dwelling_id: dwelling.id, kind: 'leak', started_at: '2025-03-01T00:00:00Z', last_seen_at: '2025-03-05T00:00:00Z', closed_at: '2025-03-06T03:30:00Z', details: {} })).id,
      neighbours: (await episode({ device_id: otherMeter.id, dwelling_id: other.dwelling.id, kind: 'leak', started_at: '2026-03-10T00:00:00Z', last_seen_at: '2026-03-16T08:00:00Z', closed_at: null, details: {} })).id,
    };
    resident = await signInAs(harness(), owner.user);
    neighbour = await signInAs(harness(), other.user);
  });

  const get = (headers?: SessionHeaders) => harness().app.inject({ method: 'GET', url: '/api/resident/alerts', ...(headers ? { headers } : {}) });

  it('answers the current alerts and the history of the resident’s own dwelling', async () => {
    const response = await get(resident);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.current.map((alert: { id: string }) => alert.id)).toEqual([ids.current]);
    expect(body.current[0]).toMatchObject({ kind: 'leak', fluid: 'cold_water', closedAt: null, minimumFlowLitresPerHour: 2.5, volumeLitres: 190 });
    expect(body.history.map((alert: { id: string }) => alert.id)).toEqual([ids.past, ids.spanning]);
    expect(body.history[0].months.map((month: { month: string }) => month.month)).toEqual(['2025-07', '2025-08']);
  });

  it('never reaches past the privacy boundary, nor into another dwelling', async () => {
    const body = (await get(resident)).json();
    const all = [...body.current, ...body.history].map((alert: { id: string }) => alert.id);
    expect(all).not.toContain(ids.previousOccupant);
    expect(all).not.toContain(ids.neighbours);
    const spanning = body.history.find((alert: { id: string }) => alert.id === ids.spanning);
    // Moved in on 10 June 2025 (Paris): the leak is shown from then on, without the volume lost before.
    expect(spanning).toMatchObject({ startedAt: '2025-06-09T22:00:00.000Z', volumeLitres: null });
    const theirs = (await get(neighbour)).json();
    expect(theirs.current.map((alert: { id: string }) => alert.id)).toEqual([ids.neighbours]);
  });

  it('is for residents only', async () => {
    expect((await get()).statusCode).toBe(401);
    const manager = await buildManager(harness().context.db);
    expect((await get(await signInAs(harness(), manager.user))).statusCode).toBe(403);
  });
});
