import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/test-app.ts';

describe('GET /api/health', () => {
  const harness = useTestApp();

  it('answers 200 when the database answers', async () => {
    const response = await harness().app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('answers 503 when the database does not', async () => {
    const { app, database } = harness();
    await database.close();
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
  });
});

describe('GET /api/health/ready', () => {
  const harness = useTestApp();

  it('is ready when the database answers and every migration has run, and reports MQTT and the outbox without judging them', async () => {
    harness().context.status.report('mqtt', () => ({ state: 'degraded', detail: 'not connected to the broker' }));
    const response = await harness().app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok' },
      info: { parts: { mqtt: { state: 'degraded', detail: 'not connected to the broker' } }, outbox: { waiting: 0, failed: 0 } },
    });
  });

  it('is not ready, naming the migrations, when one has not run', async () => {
    const { app, context } = harness();
    const [last] = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(context.db).then((result) => result.rows);
    await sql`delete from kysely_migration where name = ${last!.name}`.execute(context.db);
    const response = await app.inject({ method: 'GET', url: '/api/health/ready' });
    await sql`insert into kysely_migration (name, timestamp) values (${last!.name}, ${new Date().toISOString()})`.execute(context.db);
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'not_ready', checks: { database: 'ok', migrations: 'pending' }, failing: 'migrations', pendingMigrations: [last!.name] });
  });

  it('is not ready, naming the database, when it does not answer', async () => {
    const { app, database } = harness();
    await database.close();
    const response = await app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'not_ready', checks: { database: 'unreachable' }, failing: 'database' });
  });
});
