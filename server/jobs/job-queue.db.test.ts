import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { defineJob } from './job-definition.ts';
import type { JobQueue } from './job-queue.ts';

const recordNote = defineJob({
  name: 'test-record-note',
  payload: z.object({ note: z.string() }),
  async handle(context, payload) {
    await context.db
      .insertInto('audit_events')
      .values({ occurred_at: context.clock.now(), action: 'test.job_ran', actor_role: 'system', target_id: payload.note })
      .execute();
  },
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the job queue', () => {
  let harness: TestApp;
  let queue: JobQueue;
  beforeAll(async () => {
    harness = await createTestApp();
    queue = harness.context.jobs;
  });
  afterAll(async () => {
    await harness.close();
  });

  it('runs a queued job with its validated payload, in the database the app uses', async () => {
    await queue.work(harness.context, [recordNote]);
    await queue.send(recordNote, { note: 'first' });
    const row = await waitFor(() =>
      harness.context.db.selectFrom('audit_events').select('target_id').where('action', '=', 'test.job_ran').executeTakeFirst(),
    );
    expect(row.target_id).toBe('first');
  });

  it('refuses a payload its schema does not accept, and queues nothing', async () => {
    await expect(queue.send(recordNote, { note: 42 })).rejects.toThrow();
    const { rows } = await sql<{ count: number }>`select count(*)::int as count from pgboss.job where name = 'test-record-note' and data->>'note' is null`.execute(
      harness.context.db,
    );
    expect(rows[0]?.count).toBe(0);
  });

  it('runs the waiting jobs in this process when asked, once each', async () => {
    const recordOther = defineJob({ ...recordNote, name: 'test-record-other', policy: 'short' });
    await queue.send(recordOther, { note: 'inline' }, { singletonKey: 'inline' });
    await queue.send(recordOther, { note: 'inline' }, { singletonKey: 'inline' });
    expect(await queue.runWaiting(harness.context, [recordOther])).toBe(1);
    expect(await queue.runWaiting(harness.context, [recordOther])).toBe(0);
    const { rows } = await sql<{ count: number }>`select count(*)::int as count from audit_events where target_id = 'inline'`.execute(harness.context.db);
    expect(rows[0]?.count).toBe(1);
  });
});
