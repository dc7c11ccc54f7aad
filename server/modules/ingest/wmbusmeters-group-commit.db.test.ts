import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDevice, buildResidence } from '../../test/factories.ts';
import { useTestApp } from '../../test/test-app.ts';
import { createDataSource } from './data-sources.service.ts';
import { createGroupedWmbusIngest, splitMessages } from './wmbusmeters.service.ts';

/** One wmbusmeters message for a multical21 water meter; `extra` is added as printed. */
function telegram(radioId: string, timestamp: string, totalM3: string, extra = ''): string {
  return `{"_":"telegram","media":"water","meter":"multical21","name":"test","id":"${radioId}","total_m3":${totalM3},"timestamp":"${timestamp}"${extra}}`;
}

/**
 * Single-message posts written together (group commit). Groups form from concurrency: posts
 * handed over in the same turn of the event loop start together (`ingestTogether` below), a
 * lone post is written at once, and a long window shows that none of these waits for it.
 */
describe('wmbusmeters posts written together', () => {
  const harness = useTestApp({ environment: { INGEST_GROUP_WINDOW_MS: '1000' } });
  const gateways: Array<{ id: string; token: string }> = [];

  beforeAll(async () => {
    const { context } = harness();
    gateways.push(await createDataSource(context, 'gateway-east'), await createDataSource(context, 'gateway-west'));
    const residence = await buildResidence(context.db, { time_zone: 'Europe/Paris' });
    for (let number = 1; number <= 9; number += 1) {
      await buildDevice(context.db, { residence_id: residence.id, serial_number: `7100000${number}`, radio_id: `7100000${number}`, kind: 'cold_water' });
    }
  });

  /** Hands these posts (each a body, and its gateway) to a grouped ingest of its own in the same turn. */
  const ingestTogether = async (posts: ReadonlyArray<{ body: string; gateway?: { id: string } }>) => {
    const ingest = createGroupedWmbusIngest(harness().context, { windowMs: 60_000, maxPosts: 100 });
    // Awaited before close: with a window of a minute, they are answered only if written at once.
    const answers = await Promise.allSettled(posts.map(({ body, gateway = gateways[0]! }) => ingest.ingest(splitMessages(body), { dataSourceId: gateway.id })));
    await ingest.close();
    return answers;
  };
  const summaries = (answers: ReadonlyArray<PromiseSettledResult<unknown>>) => answers.map((answer) => (answer.status === 'fulfilled' ? answer.value : answer.reason));

  const post = (body: string, gateway = gateways[0]!) =>
    harness().app.inject({ method: 'POST', url: '/api/ingest/wmbusmeters', headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.token}` }, payload: body });

  /** The transaction ids that wrote the readings of these radio ids (the same id: the same transaction). */
  const writersOf = async (radioIds: readonly string[], table: 'readings' | 'device_telegrams' = 'readings') => {
    const result = await sql<{ writer: string }>`
      select distinct ${sql.ref(`${table}.xmin`)}::text as writer from ${sql.table(table)}
      join devices on devices.id = ${sql.ref(`${table}.device_id`)} where devices.radio_id in (${sql.join(radioIds)})`.execute(harness().context.db);
    return result.rows.map((row) => row.writer);
  };

  const indexesOf = async (radioId: string) =>
    (
      await harness()
        .context.db.selectFrom('readings')
        .innerJoin('devices', 'devices.id', 'readings.device_id')
        .select('readings.index_value')
        .where('devices.radio_id', '=', radioId)
        .orderBy('readings.read_at')
        .execute()
    ).map((row) => row.index_value);

  it('writes posts handed over together in one transaction, at once, answering each with its own summary and keeping each one’s gateway', async () => {
    const answers = await ingestTogether([
      { body: telegram('71000001', '2026-03-15T10:00:00Z', '1.5') },
      { body: telegram('71000002', '2026-03-15T10:00:00Z', '2.5') },
      { body: `${telegram('71000003', '2026-03-15T10:00:00Z', '3.5')}\n{"id": "710` },
      { body: telegram('7100ffff', '2026-03-15T10:00:00Z', '4.5'), gateway: gateways[1] },
    ]);
    expect(summaries(answers)).toEqual([
      { received: 1, stored: 1, duplicate: 0, conflict: 0, quarantined: 0, refused: 0, problems: [] },
      { received: 1, stored: 1, duplicate: 0, conflict: 0, quarantined: 0, refused: 0, problems: [] },
      { received: 2, stored: 1, duplicate: 0, conflict: 0, quarantined: 0, refused: 1, problems: [{ line: 2, outcome: 'refused', reason: 'not_json' }] },
      { received: 1, stored: 0, duplicate: 0, conflict: 0, quarantined: 1, refused: 0, problems: [{ line: 1, outcome: 'quarantined', reason: 'unknown_device' }] },
    ]);
    const writers = await writersOf(['71000001', '71000002', '71000003']);
    expect(writers).toHaveLength(1);
    expect(await writersOf(['71000001', '71000002', '71000003'], 'device_telegrams')).toEqual(writers);
    const quarantined = await sql<{ writer: string; data_source_id: string }>`
      select xmin::text as writer, data_source_id from ingest_quarantine where radio_id = '7100ffff'`.execute(harness().context.db);
    expect(quarantined.rows).toEqual([{ writer: writers[0], data_source_id: gateways[1]!.id }]);
  });

  it('writes a lone post at once, without waiting out the window', async () => {
    const ingest = createGroupedWmbusIngest(harness().context, { windowMs: 60_000, maxPosts: 100 });
    // Answered before the window (a minute) has passed, and before close would write it.
    expect(await ingest.ingest([telegram('71000003', '2026-03-15T10:30:00Z', '3.75')], { dataSourceId: gateways[0]!.id })).toMatchObject({ stored: 1 });
    await ingest.close();
    expect(await indexesOf('71000003')).toEqual(['3.5', '3.75']);
  });

  it('answers concurrent posts through the route each with its own outcome: the one whose data the database refuses fails alone', async () => {
    // JSON takes a number PostgreSQL's jsonb cannot hold: the statement writing the telegrams fails.
    const answers = await Promise.all([
      post(telegram('71000004', '2026-03-15T10:00:00Z', '5')),
      post(telegram('71000005', '2026-03-15T10:00:00Z', '6', ',"spurious":1e999999')),
      post(telegram('71000004', '2026-03-15T11:00:00Z', '5.5'), gateways[1]),
    ]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 500, 200]);
    expect(answers[1]!.json().error.code).toBe('internal_error');
    expect([answers[0]!.json().stored, answers[2]!.json().stored]).toEqual([1, 1]);
    expect(await indexesOf('71000004')).toEqual(['5', '5.5']);
    expect(await indexesOf('71000005')).toEqual([]);
  });

  it('answers posts carrying the same reading as if each had come alone: stored, then a duplicate, then a conflict', async () => {
    const answers = await ingestTogether([
      { body: telegram('71000006', '2026-03-15T11:00:00Z', '10') },
      { body: telegram('71000006', '2026-03-15T11:00:00Z', '10.000') },
      { body: telegram('71000006', '2026-03-15T11:00:00Z', '11') },
      { body: telegram('71000007', '2026-03-15T11:00:00Z', '7') },
    ]);
    expect(summaries(answers)).toMatchObject([
      { stored: 1 },
      { stored: 0, duplicate: 1, problems: [{ line: 1, outcome: 'duplicate', serialNumber: '71000006' }] },
      { stored: 0, conflict: 1, problems: [{ line: 1, outcome: 'conflict', serialNumber: '71000006' }] },
      { stored: 1 },
    ]);
    expect(await indexesOf('71000006')).toEqual(['10']);
    expect(await writersOf(['71000006', '71000007'])).toHaveLength(1);
    const anomalies = await harness().context.db.selectFrom('reading_anomalies').select(['kind', 'previous_index', 'index_value']).execute();
    expect(anomalies).toEqual([{ kind: expect.any(String), previous_index: '10', index_value: '11' }]);
  });

  it('fails only the post whose data the database refuses; the others of its group are stored and answered', async () => {
    const answers = await ingestTogether([
      { body: telegram('71000008', '2026-03-15T12:00:00Z', '8') },
      { body: telegram('71000009', '2026-03-15T12:00:00Z', '9', ',"spurious":1e999999') },
      { body: telegram('71000008', '2026-03-15T13:00:00Z', '8.5') },
      { body: telegram('71000001', '2026-03-15T12:00:00Z', '1.6') },
    ]);
    expect(answers.map((answer) => answer.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(summaries(answers).filter((_, position) => position !== 1)).toMatchObject([{ stored: 1 }, { stored: 1 }, { stored: 1 }]);
    expect(await indexesOf('71000008')).toEqual(['8', '8.5']);
    expect(await indexesOf('71000009')).toEqual([]);
    expect(await indexesOf('71000001')).toEqual(['1.5', '1.6']);
    // The group failed as a whole, then its posts were written one by one: one transaction each.
    const writers = await sql<{ writer: string }>`
      select distinct readings.xmin::text as writer from readings join devices on devices.id = readings.device_id
      where devices.radio_id in ('71000008', '71000001') and readings.read_at >= '2026-03-15T12:00:00Z'`.execute(harness().context.db);
    expect(writers.rows).toHaveLength(3);
  });

  it('on close, writes the posts waiting for their group at once and answers them', async () => {
    const ingest = createGroupedWmbusIngest(harness().context, { windowMs: 60_000, maxPosts: 100 });
    const answer = ingest.ingest([telegram('71000002', '2026-03-15T14:00:00Z', '2.75')], { dataSourceId: gateways[0]!.id });
    await ingest.close();
    expect(await answer).toMatchObject({ received: 1, stored: 1 });
    expect(await indexesOf('71000002')).toEqual(['2.5', '2.75']);
  });
});
