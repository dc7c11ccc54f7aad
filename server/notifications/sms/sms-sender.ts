import type { AppContext } from '../../app-context.ts';
import { insertOutboxMessageOnce } from '../outbox.queries.ts';
import { smsProviderFromConfig, type SmsMessage, type SmsProvider } from './sms-provider.ts';

const providers = new WeakMap<AppContext['config'], SmsProvider | undefined>();

/**
 * Sends one SMS through the configured provider, or, when none is configured, writes it to
 * the outbox (`outbox_messages`, channel `sms`, under `reference`, once) as email does
 * without SMTP. Throws `SmsDeliveryError` when the provider refuses or cannot be reached.
 */
export async function deliverSms(
  context: Pick<AppContext, 'config' | 'db'>,
  message: SmsMessage & { residenceId?: string },
): Promise<{ provider: string; providerMessageId: string }> {
  if (!providers.has(context.config)) providers.set(context.config, smsProviderFromConfig(context.config));
  const provider = providers.get(context.config);
  if (provider) return { provider: provider.name, ...(await provider.send(message)) };
  const stored = await insertOutboxMessageOnce(context.db, {
    message_key: message.reference,
    channel: 'sms',
    recipient: message.to,
    body_text: message.text,
    body_html: null,
    status: 'outbox',
    residence_id: message.residenceId ?? null,
  });
  return { provider: 'outbox', providerMessageId: stored.id };
}
