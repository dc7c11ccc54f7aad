import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmsTestServer, type SmsTestServer } from '../../test/sms-test-server.ts';
import { startSmtpTestServer, type SmtpTestServer } from '../../test/smtp-test-server.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { isOnPostgres } from '../../test/test-database.ts';
import { deliverAlertNotice } from './alert-notice-delivery.ts';
import { buildEpisodeWithResident } from '../../test/alert-notices-support.ts';
import { recoverAlertNotices, sendAlertNoticeJob } from './alert-notices.jobs.ts';
import { selectStalledNotices } from './alert-notices.queries.ts';
import { listAlertNotices, noticeMessageId, scheduleEpisodeNotices } from './alert-notices.service.ts';

const noticesOf = (harness: TestApp, episodeId: string) =>
  harness.context.db.selectFrom('alert_notices').selectAll().where('episode_id', '=', episodeId).orderBy('channel').execute();

describe('alert notices by email and SMS', () => {
  let harness: TestApp;
  let smtp: SmtpTestServer;
  let sms: SmsTestServer;
  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    sms = await startSmsTestServer();
    harness = await createTestApp({ environment: { SMTP_URL: smtp.url, ...sms.environment } });
  });
  afterAll(async () => {
    await harness.close();
    await smtp.close();
    await sms.close();
  });
  const runJobs = () => harness.context.jobs.runWaiting(harness.context, [sendAlertNoticeJob]);

  it('schedules one notice per channel of a leak, once, with a stable message id', async () => {
    const { episode } = await buildEpisodeWithResident(harness.context.db);
    await scheduleEpisodeNotices(harness.context, episode.id);
    await scheduleEpisodeNotices(harness.context, episode.id);
    const notices = await noticesOf(harness, episode.id);
    expect(notices.map((notice) => [notice.channel, notice.status, notice.message_id])).toEqual([
      ['email', 'pending', noticeMessageId(episode.id, 'email')],
      ['sms', 'pending', noticeMessageId(episode.id, 'sms')],
    ]);
    const { rows } = await sql<{ count: number }>`select count(*)::int as count from pgboss.job where name = 'alert-notice-send' and state = 'created' and singleton_key like ${`alert-${episode.id}-%`}`.execute(
      harness.context.db,
    );
    expect(rows[0]?.count).toBe(2);
  });

  it('sends the leak email (French, Message-ID per episode, link to the options page) and the SMS (client reference), then records both as sent', async () => {
    const { episode, user } = await buildEpisodeWithResident(harness.context.db, { email: 'fuite@example.test', mobile: '+33622334455' });
    await scheduleEpisodeNotices(harness.context, episode.id);
    await runJobs();

    const email = await smtp.waitForEmail('fuite@example.test', { includeEarlier: true });
    expect(email.subject).toBe("Fuite d'eau possible dans votre logement");
    expect(email.messageId).toBe(`<${noticeMessageId(episode.id, 'email')}@portal.test>`);
    expect(email.text).toContain('Bonjour Madame Martin,');
    expect(email.text).toContain("compteur d'eau froide indique un écoulement continu depuis le 14/03/2026");
    expect(email.text).toContain('http://portal.test/mon-espace/options');
    expect(email.html).toContain('href="http://portal.test/mon-espace/options"');
    expect(email.html).toContain('<html lang="fr">');

    const text = sms.received.find((message) => message.to === '33622334455');
    // French accents é and è are in the GSM alphabet: no unicode needed for this text.
    expect(text).toMatchObject({ from: 'SuiviConso', type: 'text', clientRef: noticeMessageId(episode.id, 'sms') });
    expect(text?.text).toContain('fuite possible');

    const notices = await noticesOf(harness, episode.id);
    expect(notices.map((notice) => [notice.channel, notice.status, notice.attempts, notice.recipient, notice.provider])).toEqual([
      ['email', 'sent', 1, user.email, 'smtp'],
      ['sms', 'sent', 1, '+33622334455', 'vonage'],
    ]);
    expect(notices[1]?.provider_message_id).toBe(text?.messageId);
    expect(notices[0]?.provider_message_id).toMatch(/^250/);
  });

  it('reads the options when the job runs, not when the notice was queued', async () => {
    const { episode, user } = await buildEpisodeWithResident(harness.context.db, { mobile: '+33633445566' });
    await scheduleEpisodeNotices(harness.context, episode.id);
    await harness.context.db.updateTable('resident_profiles').set({ notify_leak_by_sms: false }).where('user_id', '=', user.id).execute();
    await runJobs();
    const notices = await noticesOf(harness, episode.id);
    expect(notices.map((notice) => [notice.channel, notice.status, notice.skip_reason])).toEqual([
      ['email', 'sent', null],
      ['sms', 'skipped', 'option_off'],
    ]);
    expect(sms.received.some((message) => message.to === '33633445566')).toBe(false);
  });

  it('sends over-consumption by email only, in English for a resident who chose English, and skips it when the option is off', async () => {
    const english = await buildEpisodeWithResident(harness.context.db, {
      kind: 'overconsumption',
      locale: 'en',
      email: 'over@example.test',
      details: { factor: 2, unit: 'm3', months: [{ month: '2026-02', consumption: '9.1', reference: 4, basis: 'own_history', unit: 'm3' }] },
    });
    const optedOut = await buildEpisodeWithResident(harness.context.db, { kind: 'overconsumption', notify: { overconsumption: false } });
    await scheduleEpisodeNotices(harness.context, english.episode.id);
    await scheduleEpisodeNotices(harness.context, optedOut.episode.id);
    await runJobs();

    const email = await smtp.waitForEmail('over@example.test', { includeEarlier: true });
    expect(email.subject).toBe('Unusually high cold water consumption');
    expect(email.text).toContain('Dear Ms Martin,');
    expect(email.text).toContain('Your cold water consumption in February 2026 is more than twice that of the same month in your previous years.');
    expect(email.html).toContain('<html lang="en">');
    expect((await noticesOf(harness, english.episode.id)).map((notice) => [notice.channel, notice.status])).toEqual([['email', 'sent']]);
    expect((await noticesOf(harness, optedOut.episode.id)).map((notice) => [notice.channel, notice.status, notice.skip_reason])).toEqual([
      ['email', 'skipped', 'option_off'],
    ]);
  });

  it('skips the notices of a dwelling whose resident has left, and an SMS without a mobile number', async () => {
    const gone = await buildEpisodeWithResident(harness.context.db);
    await harness.context.db.updateTable('users').set({ closed_at: '2026-03-01T00:00:00Z' }).where('id', '=', gone.user.id).execute();
    const noMobile = await buildEpisodeWithResident(harness.context.db, { mobile: null });
    await scheduleEpisodeNotices(harness.context, gone.episode.id);
    await scheduleEpisodeNotices(harness.context, noMobile.episode.id);
    await runJobs();
    expect((await noticesOf(harness, gone.episode.id)).map((notice) => notice.skip_reason)).toEqual(['no_resident', 'no_resident']);
    expect((await noticesOf(harness, noMobile.episode.id)).map((notice) => [notice.channel, notice.status, notice.skip_reason])).toEqual([
      ['email', 'sent', null],
      ['sms', 'skipped', 'no_mobile'],
    ]);
  });

  it('sends again, with the same Message-ID, a notice left « sending » by an attempt that died, and says so', async () => {
    const { episode } = await buildEpisodeWithResident(harness.context.db, { email: 'crash@example.test', notify: { leakBySms: false } });
    await scheduleEpisodeNotices(harness.context, episode.id);
    const [email] = await noticesOf(harness, episode.id);
    await harness.context.db
      .updateTable('alert_notices')
      .set({ status: 'sending', attempts: 1, sending_at: '2026-03-16T09:29:00Z', recipient: 'crash@example.test' })
      .where('id', '=', email!.id)
      .execute();
    expect(await deliverAlertNotice(harness.context, email!.id)).toBe('sent');
    expect(await deliverAlertNotice(harness.context, email!.id)).toBe('already-done');
    const received = smtp.received.filter((message) => message.to.includes('crash@example.test'));
    expect(received.map((message) => message.messageId)).toEqual([`<${noticeMessageId(episode.id, 'email')}@portal.test>`]);
    const [after] = await noticesOf(harness, episode.id);
    expect(after).toMatchObject({ status: 'sent', attempts: 2, last_error: 'the previous attempt stopped before its outcome was recorded' });
  });

  it.runIf(isOnPostgres())('leaves alone a notice whose attempt is alive on another connection (PostgreSQL advisory lock)', async () => {
    const { episode } = await buildEpisodeWithResident(harness.context.db, { notify: { leakBySms: false } });
    await scheduleEpisodeNotices(harness.context, episode.id);
    const [email] = await noticesOf(harness, episode.id);
    await harness.context.db.connection().execute(async (other) => {
      await sql`select pg_advisory_lock(7207001, hashtext(${email!.id}))`.execute(other);
      try {
        expect(await deliverAlertNotice(harness.context, email!.id)).toBe('busy');
      } finally {
        await sql`select pg_advisory_unlock(7207001, hashtext(${email!.id}))`.execute(other);
      }
    });
    expect(await deliverAlertNotice(harness.context, email!.id)).toBe('sent');
  });

  it('records a relay that refuses as a failed attempt with its reason, retried with backoff until it accepts', async () => {
    const { episode } = await buildEpisodeWithResident(harness.context.db, { email: 'down@example.test', notify: { leakBySms: false } });
    smtp.setAccepting(false);
    try {
      await scheduleEpisodeNotices(harness.context, episode.id);
      await expect(runJobs()).rejects.toThrow(/451/);
    } finally {
      smtp.setAccepting(true);
    }
    const [failed] = await noticesOf(harness, episode.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, retryable: true });
    expect(failed?.last_error).toMatch(/451/);
    const { rows } = await sql<{ state: string; waits: boolean }>`select state, start_after > now() as waits from pgboss.job where name = 'alert-notice-send' and singleton_key = ${failed!.message_id}`.execute(
      harness.context.db,
    );
    expect(rows).toEqual([{ state: 'retry', waits: true }]);

    await sql`update pgboss.job set start_after = now() where name = 'alert-notice-send' and singleton_key = ${failed!.message_id}`.execute(harness.context.db);
    await runJobs();
    const [sent] = await noticesOf(harness, episode.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.received.filter((message) => message.to.includes('down@example.test'))).toHaveLength(1);
  });

  it('records a permanent SMS refusal (number barred) as failed and does not retry it', async () => {
    sms.barNumber('+33699887766');
    const { episode } = await buildEpisodeWithResident(harness.context.db, { mobile: '+33699887766', notify: { leakByEmail: false } });
    await scheduleEpisodeNotices(harness.context, episode.id);
    await runJobs();
    const notices = await noticesOf(harness, episode.id);
    expect(notices.map((notice) => [notice.channel, notice.status, notice.retryable])).toEqual([
      ['email', 'skipped', true],
      ['sms', 'failed', false],
    ]);
    expect(notices[1]?.last_error).toMatch(/status 7: Number barred/);
    const later = new Date('2027-01-01T00:00:00Z');
    const stalled = await selectStalledNotices(harness.context.db, { pendingBefore: later, sendingBefore: later, failedBefore: later, limit: 1000 });
    expect(stalled.map((notice) => notice.id)).not.toContain(notices[1]!.id);
  });

  it('gives a job again to a notice whose job was lost, and lists the notices for the back office', async () => {
    const { episode } = await buildEpisodeWithResident(harness.context.db, { email: 'lost@example.test', notify: { leakBySms: false } });
    await scheduleEpisodeNotices(harness.context, episode.id);
    await sql`delete from pgboss.job where name = 'alert-notice-send' and singleton_key like ${`alert-${episode.id}-%`}`.execute(harness.context.db);
    expect(await recoverAlertNotices(harness.context)).toBe(0);
    expect(await recoverAlertNotices(harness.context, { pendingAfterSeconds: 0 })).toBeGreaterThanOrEqual(1);
    await runJobs();
    await smtp.waitForEmail('lost@example.test', { includeEarlier: true });

    const listed = await listAlertNotices(harness.context, { statuses: ['failed'] });
    expect(listed.items.length).toBeGreaterThanOrEqual(1);
    expect(listed.items.every((item) => item.status === 'failed')).toBe(true);
    expect(listed.items[0]).toMatchObject({ kind: 'leak', channel: 'sms', attempts: 1 });
    expect(listed.summary.sent).toBeGreaterThanOrEqual(5);
    expect(listed.summary.skipped).toBeGreaterThanOrEqual(3);
  });
});

describe('alert notices without SMTP nor SMS provider', () => {
  let harness: TestApp;
  beforeAll(async () => {
    harness = await createTestApp();
  });
  afterAll(async () => harness.close());

  it('delivers both to the outbox, readable in the back office, under the notice message ids', async () => {
    const { episode } = await buildEpisodeWithResident(harness.context.db, { email: 'outbox@example.test', mobile: '+33644556677' });
    await scheduleEpisodeNotices(harness.context, episode.id);
    await harness.context.jobs.runWaiting(harness.context, [sendAlertNoticeJob]);
    const outbox = await harness.context.db
      .selectFrom('outbox_messages')
      .select(['message_key', 'channel', 'recipient', 'status', 'body_text'])
      .where('message_key', 'like', `alert-${episode.id}-%`)
      .orderBy('channel')
      .execute();
    expect(outbox.map((message) => [message.message_key, message.channel, message.recipient, message.status])).toEqual([
      [noticeMessageId(episode.id, 'email'), 'email', 'outbox@example.test', 'outbox'],
      [noticeMessageId(episode.id, 'sms'), 'sms', '+33644556677', 'outbox'],
    ]);
    expect(outbox[1]?.body_text).toContain('fuite possible');
    const notices = await noticesOf(harness, episode.id);
    expect(notices.map((notice) => [notice.status, notice.provider])).toEqual([
      ['sent', 'outbox'],
      ['sent', 'outbox'],
    ]);
  });
});
