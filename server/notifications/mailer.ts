import nodemailer, { type Transporter } from 'nodemailer';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Database, OutboxStatus } from '../db/schema.ts';
import {
  claimOutboxMessage,
  insertOutboxMessageOnce,
  markOutboxMessageFailed,
  markOutboxMessageSent,
} from './outbox.queries.ts';
import { mailFolderOf, writeMailFile } from './mail-folder.ts';
import { maskSecret, sealContent } from './secret-content.ts';
import { secretKeyId } from '../kernel/keyed-hash.ts';

export interface EmailMessage {
  /** Stable per logical message (e.g. `signup-code:<attempt>:<n>`): the same key is never sent twice. */
  messageKey: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  residenceId?: string;
  /**
   * A live one-time code the message carries (alone or inside a link): the outbox keeps the
   * message with it masked, and seals the full content for delivery until `expiresAt`.
   */
  secret?: { value: string; expiresAt: Date };
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
 * Every email is first written to outbox_messages (the record of what the portal sent), a
 * live secret masked. With SMTP_URL it is then delivered and marked sent or failed; without,
 * the outbox is the delivery, and outside production each email is also written as an .eml
 * file under DATA_DIR/mail/.
 */
/** Built by the app context over these parts (which is why it does not take an AppContext). */
export function createMailer(context: { config: Config; db: Kysely<Database>; clock: Clock }): Mailer {
  const { config, db, clock } = context;
  // Bounded waits: a relay that hangs fails the attempt (and is retried) instead of holding it for minutes.
  const transport: Transporter | undefined = config.mail.smtpUrl
    ? nodemailer.createTransport({ url: config.mail.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 })
    : undefined;
  const messageIdDomain = new URL(config.publicUrl).hostname;
  const mailFolder = transport || config.isProduction ? undefined : mailFolderOf(config.dataDir);

  const recordInOutbox = async (message: EmailMessage, status: OutboxStatus) => {
    const content = { text: message.text, html: message.html };
    const shown = message.secret ? maskSecret(content, message.secret.value) : content;
    const stored = await insertOutboxMessageOnce(db, {
      message_key: message.messageKey,
      channel: 'email',
      recipient: message.to,
      subject: message.subject,
      body_text: shown.text,
      body_html: shown.html,
      status,
      residence_id: message.residenceId ?? null,
      sealed_content: message.secret ? sealContent(config.sessionSecret, content) : null,
      key_id: message.secret ? secretKeyId(config.sessionSecret) : null,
      secret_expires_at: message.secret?.expiresAt ?? null,
    });
    if (mailFolder && stored.isNew) {
      await writeMailFile(mailFolder, { outboxId: stored.id, createdAt: stored.created_at, from: config.mail.from, to: message.to, subject: message.subject, ...content });
    }
    return stored;
  };

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
