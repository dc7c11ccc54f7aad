import { SmsDeliveryError, type SmsMessage, type SmsProvider } from './sms-contract.ts';

/**
 * The Vonage SMS API (formerly Nexmo), spoken as documented: `POST {base}/sms/json` with a
 * form-encoded body (`api_key`, `api_secret`, `from`, `to` in E.164 without the plus, `text`,
 * `type=unicode` when the text is outside the GSM alphabet, `client-ref` up to 100 characters).
 * The answer is HTTP 200 with one entry per message part in `messages`, each with its
 * `status` ("0" accepted) and `message-id`, or an error status and `error-text`.
 */
export interface VonageSettings {
  url: string;
  apiKey: string;
  apiSecret: string;
  sender: string;
}

interface VonageResponse {
  'message-count'?: string;
  messages?: Array<{ status?: string; 'message-id'?: string; 'error-text'?: string }>;
}

/** Statuses after which the same request cannot succeed (Vonage's SMS API status table). */
const PERMANENT_STATUSES = new Map([
  ['2', 'missing parameters'],
  ['3', 'invalid parameters'],
  ['6', 'invalid message'],
  ['7', 'number barred'],
  ['12', 'message too long'],
  ['15', 'invalid sender address'],
  ['29', 'non-whitelisted destination'],
]);

const REQUEST_TIMEOUT_MS = 15_000;

// GSM 03.38 basic set (French accents outside it, such as ç in lower case or ê, need unicode).
const GSM_CHARACTERS = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);

export function needsUnicode(text: string): boolean {
  return [...text].some((character) => !GSM_CHARACTERS.has(character));
}

export function createVonageSmsProvider(settings: VonageSettings): SmsProvider {
  const endpoint = `${settings.url}/sms/json`;
  return {
    name: 'vonage',
    async send(message: SmsMessage) {
      const body = new URLSearchParams({
        api_key: settings.apiKey,
        api_secret: settings.apiSecret,
        from: settings.sender,
        to: message.to.replace(/^\+/, ''),
        text: message.text,
        type: needsUnicode(message.text) ? 'unicode' : 'text',
        'client-ref': message.reference.slice(0, 100),
      });
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        throw new SmsDeliveryError(`SMS provider unreachable: ${error instanceof Error ? error.message : String(error)}`, false);
      }
      if (!response.ok) {
        throw new SmsDeliveryError(`SMS provider answered HTTP ${response.status}`, response.status === 400 || response.status === 422);
      }
      let answer: VonageResponse;
      try {
        answer = (await response.json()) as VonageResponse;
      } catch {
        throw new SmsDeliveryError('SMS provider answered something other than JSON', false);
      }
      const parts = answer.messages ?? [];
      const refused = parts.find((part) => part.status !== '0');
      if (parts.length === 0 || refused) {
        const status = refused?.status ?? 'none';
        const reason = refused?.['error-text'] || PERMANENT_STATUSES.get(status) || 'no message in the answer';
        throw new SmsDeliveryError(`SMS provider refused the message (status ${status}: ${reason})`, PERMANENT_STATUSES.has(status));
      }
      return { providerMessageId: parts.map((part) => part['message-id'] ?? '').join(',') };
    },
  };
}
