import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerSecurityHeaders } from './security-headers.ts';

async function headersServedAt(publicUrl: string, path = '/page') {
  const app = Fastify();
  registerSecurityHeaders(app, { publicUrl });
  app.get('/page', async () => 'ok');
  app.get('/api/me', async () => ({ email: 'habitante@example.test' }));
  app.get('/api/dashboard', async (_request, reply) => reply.header('cache-control', 'private, no-cache').send({ litres: 12 }));
  app.get('/broken', async () => {
    throw new Error('boom');
  });
  const response = await app.inject({ method: 'GET', url: path });
  await app.close();
  return response.headers;
}

describe('security headers', () => {
  it('sends the content security policy and the browser protections on every answer, errors included', async () => {
    for (const path of ['/page', '/broken', '/missing']) {
      const headers = await headersServedAt('http://portal.test', path);
      expect(headers['content-security-policy'], path).toContain("default-src 'self'");
      expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(headers['content-security-policy'], path).toContain("base-uri 'none'");
      expect(headers['content-security-policy'], path).toContain("form-action 'self'");
      expect(headers['content-security-policy'], path).not.toContain('upgrade-insecure-requests');
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['x-frame-options'], path).toBe('SAMEORIGIN');
      expect(headers['strict-transport-security'], path).toBeUndefined();
    }
  });

  it('keeps every API answer out of shared caches (not stored at all unless the route says otherwise)', async () => {
    expect((await headersServedAt('http://portal.test', '/api/me'))['cache-control']).toBe('private, no-store');
    expect((await headersServedAt('http://portal.test', '/api/missing'))['cache-control']).toBe('private, no-store');
    expect((await headersServedAt('http://portal.test', '/api/dashboard'))['cache-control']).toBe('private, no-cache');
  });

  it('asks browsers to stay on https when the portal is served over https', async () => {
    const headers = await headersServedAt('https://portal.test');
    expect(headers['strict-transport-security']).toContain('max-age=');
    expect(headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });
});
