import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, useTestAppWithSmtp, type TestApp } from '../../test/test-app.ts';
import { renderEmail } from './email-layout.ts';

const message = (key: string, to = 'marcialemars@example.test') => ({
  messageKey: key,
  to,
  subject: 'Votre code de vérification',
  ...renderEmail({ heading: 'Vérification de votre identité', paragraphs: ['Saisissez ce code <ici>.'], code: '123456' }),
});

describe('mailer over SMTP', () => {
  const harness = useTestAppWithSmtp();

  it('delivers French HTML with a plain-text part, and records it as sent', async () => {
    const result = await harness().context.mailer.send(message('test:1'));
    const email = await harness().smtp.waitForEmail('marcialemars@example.test', { includeEarlier: true });
    expect(result.status).toBe('sent');
    expect(email.subject).toBe('Votre code de vérification');
    expect(email.text).toContain('123456');
    expect(email.text).toContain('Saisissez ce code <ici>.');
    expect(email.html).toContain('Saisissez ce code &lt;ici&gt;.');
    const stored = await harness().context.db.selectFrom('outbox_messages').selectAll().where('id', '=', result.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'sent', attempts: 1, channel: 'email' });
  });

  it('never sends the same message key twice', async () => {
    const before = harness().smtp.received.length;
    await harness().context.mailer.send(message('test:2', 'once@example.test'));
    await harness().context.mailer.send(message('test:2', 'once@example.test'));
    await harness().smtp.waitForEmail('once@example.test', { includeEarlier: true });
    expect(harness().smtp.received.length - before).toBe(1);
  });

  it('records a refused delivery as failed with the reason', async () => {
    harness().smtp.setAccepting(false);
    const result = await harness().context.mailer.send(message('test:3', 'down@example.test'));
    harness().smtp.setAccepting(true);
    expect(result.status).toBe('failed');
    const stored = await harness().context.db.selectFrom('outbox_messages').selectAll().where('id', '=', result.id).executeTakeFirstOrThrow();
    expect(stored.last_error).toMatch(/451/);
  });
});

describe('mailer without SMTP', () => {
  let harness: TestApp;
  beforeAll(async () => {
    harness = await createTestApp();
  });
  afterAll(async () => harness.close());

  it('keeps the email in the outbox', async () => {
    const result = await harness.context.mailer.send(message('test:outbox'));
    const stored = await harness.context.db.selectFrom('outbox_messages').selectAll().where('id', '=', result.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'outbox', recipient: 'marcialemars@example.test', subject: 'Votre code de vérification' });
    expect(stored.body_text).toContain('123456');
  });
});
