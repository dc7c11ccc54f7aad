import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, useTestAppWithSmtp, type TestApp } from '../test/test-app.ts';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildStaff } from '../test/factories.ts';
import { signInAs } from '../test/login-as.ts';
import { renderEmail } from './email-layout.ts';
import { forgetExpiredSecrets } from './expired-secrets.ts';
import { mailFolderOf } from './mail-folder.ts';
import { openContent, SECRET_MASK } from './secret-content.ts';

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

describe('mail carrying a live code', () => {
  const codeMessage = (key: string, to: string, expiresAt: Date) => ({ ...message(key, to), secret: { value: '123456', expiresAt } });

  describe('over SMTP', () => {
    const harness = useTestAppWithSmtp();

    it('delivers the code, keeps it masked in the outbox, and drops the sealed copy once delivered', async () => {
      const expiresAt = new Date(harness().clock.now().getTime() + 600_000);
      const result = await harness().context.mailer.send(codeMessage('code:smtp', 'smtp.code@example.test', expiresAt));
      const email = await harness().smtp.waitForEmail('smtp.code@example.test', { includeEarlier: true });
      expect(email.text).toContain('123456');
      const stored = await harness().context.db.selectFrom('outbox_messages').selectAll().where('id', '=', result.id).executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ status: 'sent', sealed_content: null, secret_expires_at: expiresAt });
      expect(`${stored.body_text}${stored.body_html}`).not.toContain('123456');
      expect(stored.body_text).toContain(SECRET_MASK);
    });

    it('keeps a failed one sealed for a retry while the code lives, and refuses the retry once it expired', async () => {
      const { context, clock } = harness();
      const expiresAt = new Date(clock.now().getTime() + 600_000);
      harness().smtp.setAccepting(false);
      const result = await context.mailer.send(codeMessage('code:failed', 'failed.code@example.test', expiresAt));
      harness().smtp.setAccepting(true);
      const stored = await context.db.selectFrom('outbox_messages').selectAll().where('id', '=', result.id).executeTakeFirstOrThrow();
      expect(stored.status).toBe('failed');
      expect(openContent(context.config.acceptedSessionSecrets, stored.sealed_content!).text).toContain('123456');
      clock.set(new Date(expiresAt.getTime() + 1));
      expect(await forgetExpiredSecrets(context)).toBeGreaterThanOrEqual(1);
      const { user } = await buildStaff(context.db, { staff_role: 'support' });
      const retry = await harness().app.inject({ method: 'POST', url: `/api/staff/outbox/${result.id}/retry`, headers: await signInAs(harness(), user) });
      expect(retry.json().error.code).toBe('outbox_code_expired');
    });
  });

  describe('without SMTP (outside production)', () => {
    let harness: TestApp;
    beforeAll(async () => {
      harness = await createTestApp();
    });
    afterAll(async () => harness.close());

    it('writes each email as an .eml file under DATA_DIR/mail/, deleted once its code expires', async () => {
      const folder = mailFolderOf(harness.context.config.dataDir);
      const expiresAt = new Date(harness.clock.now().getTime() + 600_000);
      const result = await harness.context.mailer.send(codeMessage('code:eml', 'eml.code@example.test', expiresAt));
      const file = (await readdir(folder)).find((name) => name.endsWith(`-${result.id}.eml`));
      expect(file).toBeDefined();
      const eml = await readFile(join(folder, file!), 'utf8');
      expect(eml).toContain('To: eml.code@example.test');
      expect(eml).toContain('123456');
      const stored = await harness.context.db.selectFrom('outbox_messages').select('body_text').where('id', '=', result.id).executeTakeFirstOrThrow();
      expect(stored.body_text).not.toContain('123456');

      harness.clock.set(new Date(expiresAt.getTime() + 1));
      await forgetExpiredSecrets(harness.context);
      expect((await readdir(folder)).some((name) => name.endsWith(`-${result.id}.eml`))).toBe(false);
    });
  });
});
