import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmsTestServer, type SmsTestServer } from '../../test/sms-test-server.ts';
import { testConfig } from '../../test/test-config.ts';
import { SmsDeliveryError, smsProviderFromConfig, type SmsProvider } from './sms-provider.ts';
import { createVonageSmsProvider, needsUnicode } from './vonage-sms-provider.ts';

describe('the Vonage SMS API adapter', () => {
  let server: SmsTestServer;
  let provider: SmsProvider;
  beforeAll(async () => {
    server = await startSmsTestServer();
    provider = smsProviderFromConfig(testConfig(server.environment))!;
  });
  afterAll(async () => server.close());

  it('is configured by the environment, and absent without a key', () => {
    expect(provider.name).toBe('vonage');
    expect(smsProviderFromConfig(testConfig())).toBeUndefined();
    expect(() => testConfig({ SMS_API_KEY: 'only-the-key' })).toThrow(/SMS_API_SECRET/);
  });

  it('sends the documented parameters and returns the message id the provider gave', async () => {
    const result = await provider.send({ to: '+33611546587', text: 'Fuite possible : vérifiez.', reference: 'alert-1-sms' });
    const received = server.received.at(-1)!;
    expect(received).toMatchObject({ from: 'SuiviConso', to: '33611546587', text: 'Fuite possible : vérifiez.', type: 'text', clientRef: 'alert-1-sms' });
    expect(result.providerMessageId).toBe(received.messageId);
  });

  it('asks for unicode only when the text leaves the GSM alphabet', () => {
    expect(needsUnicode('Écoulement continu depuis le 14/03, vérifiez à 8 h')).toBe(false);
    expect(needsUnicode('Fenêtre ouverte, leçon')).toBe(true);
  });

  it('tells a provider that is down (retry) from a refusal that cannot succeed (no retry)', async () => {
    server.setAccepting(false);
    const down = await provider.send({ to: '+33611546587', text: 'x', reference: 'r1' }).catch((error: unknown) => error);
    server.setAccepting(true);
    expect(down).toBeInstanceOf(SmsDeliveryError);
    expect(down).toMatchObject({ permanent: false, message: 'SMS provider answered HTTP 503' });

    server.barNumber('+33611111111');
    const barred = await provider.send({ to: '+33611111111', text: 'x', reference: 'r2' }).catch((error: unknown) => error);
    expect(barred).toMatchObject({ permanent: true, message: 'SMS provider refused the message (status 7: Number barred)' });

    const wrongKey = createVonageSmsProvider({ url: server.url, apiKey: 'wrong', apiSecret: 'wrong', sender: 'SuiviConso' });
    const refused = await wrongKey.send({ to: '+33611546587', text: 'x', reference: 'r3' }).catch((error: unknown) => error);
    // Bad credentials are an operator's fix away: retried, not given up.
    expect(refused).toMatchObject({ permanent: false, message: 'SMS provider refused the message (status 4: Bad Credentials)' });

    const unreachable = createVonageSmsProvider({ url: 'http://127.0.0.1:9', apiKey: 'k', apiSecret: 's', sender: 'SuiviConso' });
    const error = await unreachable.send({ to: '+33611546587', text: 'x', reference: 'r4' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ permanent: false });
    expect((error as Error).message).toMatch(/^SMS provider unreachable/);
  });
});
