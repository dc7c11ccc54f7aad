import { describe, expect, it } from 'vitest';
import os from 'node:os';
import { ConfigError, defaultMqttClientId, loadConfig } from './config.ts';
import { estimatedEntropyBits } from './kernel/secret-strength.ts';
import { randomBytes } from 'node:crypto';

describe('loadConfig', () => {
  it('runs on the embedded defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      publicUrl: 'http://localhost:3000',
      database: { kind: 'pglite', dataDir: './data/pglite' },
      mail: { smtpUrl: undefined },
      mqtt: { url: undefined, topic: 'wmbusmeters/#', clientId: defaultMqttClientId(os.hostname()), connections: 4, messagesInFlight: 100, sessionExpirySeconds: 86400, shareGroup: 'portal' },
      demo: { enabled: true },
      trustProxy: false,
    });
  });

  it('gives each node a stable MQTT client id from its host name, or the one set', () => {
    expect(defaultMqttClientId('node-1.internal')).toBe('portal-node-1.internal');
    expect(defaultMqttClientId('hôte 2')).toBe('portal-h-te-2');
    expect(loadConfig({ MQTT_CLIENT_ID: 'portal-b', MQTT_CONNECTIONS: '2', MQTT_MESSAGES_IN_FLIGHT: '20', MQTT_SESSION_EXPIRY_SECONDS: '60' }).mqtt).toMatchObject({
      clientId: 'portal-b',
      connections: 2,
      messagesInFlight: 20,
      sessionExpirySeconds: 60,
    });
    expect(() => loadConfig({ MQTT_CLIENT_ID: 'has space' })).toThrow(/MQTT_CLIENT_ID:/);
    expect(() => loadConfig({ MQTT_SHARE_GROUP: 'a/b' })).toThrow(/MQTT_SHARE_GROUP:/);
    expect(() => loadConfig({ MQTT_CONNECTIONS: '0' })).toThrow(/MQTT_CONNECTIONS:/);
    expect(() => loadConfig({ MQTT_MESSAGES_IN_FLIGHT: '0' })).toThrow(/MQTT_MESSAGES_IN_FLIGHT:/);
  });

  it('uses a real PostgreSQL server when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://portal@db.internal:5432/portal' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://portal@db.internal:5432/portal' });
  });

  it('reads a replica only beside a PostgreSQL primary', () => {
    expect(loadConfig({}).databaseReplicaUrl).toBeUndefined();
    const config = loadConfig({ DATABASE_URL: 'postgres://portal@db-primary:5432/portal', DATABASE_REPLICA_URL: 'postgres://portal@db-replica:5432/portal' });
    expect(config.databaseReplicaUrl).toBe('postgres://portal@db-replica:5432/portal');
    expect(() => loadConfig({ DATABASE_REPLICA_URL: 'postgres://portal@db-replica:5432/portal' })).toThrow(/DATABASE_REPLICA_URL: needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://portal@db-primary:5432/portal', DATABASE_REPLICA_URL: 'mysql://db-replica/portal' })).toThrow(/DATABASE_REPLICA_URL:/);
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/portal' }],
    ['SMTP_URL', { SMTP_URL: 'http://mail' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'monespace' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['SESSION_SECRET', { SESSION_SECRET: 'short' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'maybe' }],
  ])('refuses a bad %s and names it', (name, environment) => {
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(new RegExp(`${name}:`));
  });

  const strongSecret = randomBytes(32).toString('base64');
  const production = { NODE_ENV: 'production', SESSION_SECRET: strongSecret, SMTP_URL: 'smtp://relay.internal:587', PUBLIC_URL: 'https://conso.example.fr' };

  it('requires a session secret and refuses demo data in production', () => {
    expect(() => loadConfig({ ...production, SESSION_SECRET: undefined })).toThrow(/SESSION_SECRET: required/);
    expect(() => loadConfig({ ...production, DEMO_DATA: 'true' })).toThrow(/DEMO_DATA/);
    expect(loadConfig(production).demo.enabled).toBe(false);
  });

  it('refuses in production a mail relay missing and a portal not on https, naming each', () => {
    expect(() => loadConfig({ ...production, SMTP_URL: undefined })).toThrow(/SMTP_URL: required when NODE_ENV=production/);
    expect(() => loadConfig({ ...production, PUBLIC_URL: 'http://conso.example.fr' })).toThrow(/PUBLIC_URL: must be an https:\/\/ address/);
    expect(() => loadConfig({ ...production, PUBLIC_URL: undefined })).toThrow(/PUBLIC_URL/);
  });

  it.each([
    ['the development default', 'development-only-secret-do-not-use-in-production'],
    ['the .env.example placeholder', 'change-me-to-32-or-more-random-characters'],
    ['32 × a', 'a'.repeat(32)],
    ['64 × a', 'a'.repeat(64)],
    ['a repeated phrase', 'secret-secret-secret-secret-secret-secret'],
    ['16 random bytes in hex', randomBytes(16).toString('hex')],
    ['31 characters', randomBytes(31).toString('base64').slice(0, 31)],
  ])('refuses in production a weak SESSION_SECRET: %s', (_name, secret) => {
    expect(() => loadConfig({ ...production, SESSION_SECRET: secret })).toThrow(/SESSION_SECRET: /);
  });

  it.each(['SESSION_SECRET_NEXT', 'SESSION_SECRET_PREVIOUS'])('refuses in production a weak %s, as weak as SESSION_SECRET would be', (name) => {
    const strong = randomBytes(32).toString('base64');
    expect(() => loadConfig({ ...production, SESSION_SECRET: strong, [name]: 'a'.repeat(32) })).toThrow(new RegExp(`${name}: `));
  });

  it('signs with SESSION_SECRET and accepts NEXT and PREVIOUS beside it during a rotation', () => {
    const [signing, next, previous] = [0, 1, 2].map(() => randomBytes(32).toString('base64'));
    expect(loadConfig({ ...production, SESSION_SECRET: signing, SESSION_SECRET_NEXT: next })).toMatchObject({ sessionSecret: signing, acceptedSessionSecrets: [signing, next] });
    expect(loadConfig({ ...production, SESSION_SECRET: signing, SESSION_SECRET_PREVIOUS: previous })).toMatchObject({ sessionSecret: signing, acceptedSessionSecrets: [signing, previous] });
    expect(loadConfig({ ...production, SESSION_SECRET: signing }).acceptedSessionSecrets).toEqual([signing]);
  });

  it('accepts in production 32 random bytes as hex or base64 (openssl rand -base64 32), every time', () => {
    for (let draw = 0; draw < 200; draw += 1) {
      const bytes = randomBytes(32);
      for (const secret of [bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url')]) {
        expect(estimatedEntropyBits(secret)).toBeGreaterThanOrEqual(128);
        expect(loadConfig({ ...production, SESSION_SECRET: secret }).sessionSecret).toBe(secret);
      }
    }
  });
});
