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
