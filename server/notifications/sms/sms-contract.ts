export interface SmsMessage {
  /** E.164, as stored (`+33611546587`). */
  to: string;
  text: string;
  /**
   * Stable per logical message: sent as the provider's client reference, so that a resend
   * after a crash carries the same reference as the first try.
   */
  reference: string;
}

/** One SMS provider behind one interface; the portal has one real adapter (Vonage SMS API). */
export interface SmsProvider {
  readonly name: string;
  /** Resolves with the provider's id once the provider has accepted the message; throws `SmsDeliveryError` otherwise. */
  send(message: SmsMessage): Promise<{ providerMessageId: string }>;
}

/**
 * A refused or failed SMS. `permanent` when trying again cannot help (an invalid number, a
 * barred destination); otherwise (provider down, throttled, network) the sender retries.
 */
export class SmsDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SmsDeliveryError';
  }
}
