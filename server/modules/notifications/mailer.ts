import nodemailer, { type Transporter } from 'nodemailer';
import type { AppContext } from '../../app-context.ts';
import type { OutboxStatus } from '../../db/schema.ts';
import {
  claimOutboxMessage,
  insertOutboxMessageOnce,
  markOutboxMessageFailed,
  markOutboxMessageSent,
} from './outbox.queries.ts';

export interface EmailMessage {
  /** Stable per logical message (e.g. `signup-code:<attempt>:<n>`): the same key is never sent twice. */
  messageKey: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  residenceId?: string;
}

export interface Mailer {
  /** Records the email in the outbox, then delivers it over SMTP when configured. */
  send(message: EmailMessage): Promise<{ id: string; status: OutboxStatus }>;
  /**
   * For senders that keep their own delivery record (alert notices): sends now over SMTP with
   * the given Message-ID and resolves once the relay accepted it, or throws. Without SMTP the
   * outbox is the delivery (under `messageKey`, once).
   */
  deliverNow(message: EmailMessage & { messageId: string }): Promise<{ provider: 'smtp' | 'outbox'; providerMessageId: string }>;
  close(): void;
}

/**
 * Every email is first written to outbox_messages (the record of what the portal sent).
 * With SMTP_URL it is then delivered and marked sent or failed; without, the outbox is the
 * delivery, readable in the back office.
 */
export function createMailer(context: Pick<AppContext, 'config' | 'db' | 'clock'>): Mailer {
  const { config, db, clock } = context;
  // Bounded waits: a relay that hangs fails the attempt (and is retried) instead of holding it for minutes.
  const transport: Transporter | undefined = config.mail.smtpUrl
    ? nodemailer.createTransport({ url: config.mail.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 })
    : undefined;
  const messageIdDomain = new URL(config.publicUrl).hostname;

  const recordInOutbox = (message: EmailMessage, status: OutboxStatus) =>
    insertOutboxMessageOnce(db, {
      message_key: message.messageKey,
      channel: 'email',
      recipient: message.to,
      subject: message.subject,
      body_text: message.text,
      body_html: message.html,
      status,
      residence_id: message.residenceId ?? null,
    });

  return {
    async send(message) {
      const stored = await recordInOutbox(message, transport ? 'pending' : 'outbox');
      if (!transport || !(await claimOutboxMessage(db, stored.id))) return { id: stored.id, status: stored.status };
      try {
        await transport.sendMail({
          from: config.mail.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: `<${stored.id}@${messageIdDomain}>`,
        });
        await markOutboxMessageSent(db, stored.id, clock.now());
        return { id: stored.id, status: 'sent' };
      } catch (error) {
        await markOutboxMessageFailed(db, stored.id, error instanceof Error ? error.message : String(error));
        return { id: stored.id, status: 'failed' };
      }
    },
    async deliverNow(message) {
      if (!transport) {
        const stored = await recordInOutbox(message, 'outbox');
        return { provider: 'outbox', providerMessageId: stored.id };
      }
      const info = await transport.sendMail({
        from: config.mail.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
      });
      return { provider: 'smtp', providerMessageId: typeof info.response === 'string' ? info.response.slice(0, 200) : info.messageId };
    },
    close() {
      transport?.close();
    },
  };
}
