import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/test-app.ts';

describe('POST /api/assistance-requests (« Contacter l’assistance »)', () => {
  const harness = useTestApp();
  const submit = (payload: Record<string, unknown>, remoteAddress = '192.0.2.50') =>
    harness().app.inject({ method: 'POST', url: '/api/assistance-requests', payload, remoteAddress });
  const request = {
    name: 'Marciale Marseille',
    email: 'MarcialeMars@gmail.com',
    phone: '+33 06 11 54 65 87',
    message: 'Je ne trouve pas mon code immeuble.',
    serialNumber: '542 361 524',
    buildingCode: '',
    page: 'identify',
  };

  it('files the request with what was typed, for the back office, and acknowledges it by email', async () => {
    const { db } = harness().context;
    const response = await submit(request);
    expect(response.statusCode).toBe(201);
    const { reference } = response.json();
    expect(reference).toMatch(/^[0-9A-F]{8}$/);
    const stored = await db.selectFrom('assistance_requests').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      name: 'Marciale Marseille',
      email: 'marcialemars@gmail.com',
      phone: '+33611546587',
      serial_number: '542 361 524',
      building_code: null,
      page: 'identify',
      status: 'new',
      client_address: '192.0.2.50',
    });
    const ack = await db.selectFrom('outbox_messages').selectAll().where('recipient', '=', 'marcialemars@gmail.com').executeTakeFirstOrThrow();
    expect(ack.subject).toBe(`Votre demande d’assistance (${reference})`);
    expect(ack.body_text).toContain('Je ne trouve pas mon code immeuble.');
    expect(ack.body_html).toContain('Bonjour Marciale Marseille,');
  });

  it('refuses bad fields without writing anything', async () => {
    const { db } = harness().context;
    const before = await db.selectFrom('assistance_requests').select('id').execute();
    for (const bad of [
      { name: '' },
      { email: 'nobody' },
      { message: '' },
      { message: 'x'.repeat(4001) },
      { buildingCode: '123' },
      { serialNumber: '<script>' },
      { page: '../admin' },
      { extra: true },
    ]) {
      const response = await submit({ ...request, ...bad }, '192.0.2.51');
      expect(response.statusCode, JSON.stringify(bad)).toBe(400);
    }
    const badPhone = await submit({ ...request, phone: '+33 1' }, '192.0.2.51');
    expect(badPhone.statusCode).toBe(422);
    expect(badPhone.json().error.code).toBe('assistance_phone_invalid');
    expect(await db.selectFrom('assistance_requests').select('id').execute()).toHaveLength(before.length);
  });

  it('takes 5 requests an hour from one address, then answers 429 with Retry-After', async () => {
    for (let index = 0; index < 5; index += 1) {
      expect((await submit({ ...request, email: `a${index}@example.test` }, '192.0.2.52')).statusCode).toBe(201);
    }
    const limited = await submit(request, '192.0.2.52');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('3600');
  });
});
