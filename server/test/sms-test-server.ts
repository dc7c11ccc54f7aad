import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';

interface ReceivedSms {
  from: string;
  /** As the provider got it: E.164 digits without the plus. */
  to: string;
  text: string;
  type: string;
  clientRef: string | undefined;
  messageId: string;
}

export interface SmsTestServer {
  /** Base URL to give as SMS_PROVIDER_URL. */
  url: string;
  apiKey: string;
  apiSecret: string;
  /** The environment a test app needs to send through this server. */
  environment: Record<string, string>;
  received: ReceivedSms[];
  /** Answers HTTP 503 to every request until `setAccepting(true)`: a provider that is down. */
  setAccepting(isAccepting: boolean): void;
  /** Refuses messages to this number (E.164) with status "7" (number barred). */
  barNumber(e164: string): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A small HTTP server in the test process speaking the Vonage SMS API as documented:
 * `POST /sms/json`, form-encoded or JSON parameters, HTTP 200 with `message-count` and one
 * `messages` entry carrying `status` ("0" accepted, "2" missing parameters, "4" bad
 * credentials) and `message-id`.
 */
export async function startSmsTestServer(): Promise<SmsTestServer> {
  const apiKey = 'test-key';
  const apiSecret = 'test-secret-0123';
  const received: ReceivedSms[] = [];
  let isAccepting = true;
  const barred = new Set<string>();

  const server = createServer((request, response) => {
    void (async () => {
      const raw = await readBody(request);
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (request.method !== 'POST' || request.url !== '/sms/json') return reply(404, { error: 'not found' });
      if (!isAccepting) return reply(503, { error: 'Service Unavailable' });
      const type = request.headers['content-type'] ?? '';
      const parameters: Record<string, string> = type.startsWith('application/json')
        ? (JSON.parse(raw) as Record<string, string>)
        : Object.fromEntries(new URLSearchParams(raw));
      const refuse = (status: string, errorText: string) =>
        reply(200, { 'message-count': '1', messages: [{ status, 'error-text': errorText }] });
      if (parameters.api_key !== apiKey || parameters.api_secret !== apiSecret) return refuse('4', 'Bad Credentials');
      for (const name of ['from', 'to', 'text']) {
        if (!parameters[name]) return refuse('2', `Missing ${name} param`);
      }
      if (!/^[0-9]{7,15}$/.test(parameters.to!)) return refuse('3', 'Invalid to param');
      if (barred.has(parameters.to!)) return refuse('7', 'Number barred');
      const sms: ReceivedSms = {
        from: parameters.from!,
        to: parameters.to!,
        text: parameters.text!,
        type: parameters.type ?? 'text',
        clientRef: parameters['client-ref'],
        messageId: randomBytes(8).toString('hex').toUpperCase(),
      };
      received.push(sms);
      reply(200, {
        'message-count': '1',
        messages: [
          {
            to: sms.to,
            'message-id': sms.messageId,
            status: '0',
            'remaining-balance': '10.00000000',
            'message-price': '0.07000000',
            network: '20801',
            ...(sms.clientRef ? { 'client-ref': sms.clientRef } : {}),
          },
        ],
      });
    })().catch(() => {
      response.writeHead(500);
      response.end();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('SMS test server has no port');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    apiKey,
    apiSecret,
    environment: { SMS_PROVIDER_URL: url, SMS_API_KEY: apiKey, SMS_API_SECRET: apiSecret },
    received,
    setAccepting(value) {
      isAccepting = value;
    },
    barNumber(e164) {
      barred.add(e164.replace(/^\+/, ''));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
