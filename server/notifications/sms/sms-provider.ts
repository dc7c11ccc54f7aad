import type { Config } from '../../config.ts';
import type { SmsProvider } from './sms-contract.ts';
import { createVonageSmsProvider } from './vonage-sms-provider.ts';

// The contract lives in its own file so that the adapters can import it without importing
// this choice of adapter back (a run-time import cycle).
export { SmsDeliveryError, type SmsMessage, type SmsProvider } from './sms-contract.ts';

/** The configured provider, or undefined when none is (SMS then go to the outbox). */
export function smsProviderFromConfig(config: Pick<Config, 'sms'>): SmsProvider | undefined {
  return config.sms ? createVonageSmsProvider(config.sms) : undefined;
}
