import os from 'node:os';
import { z } from 'zod';
import { secretWeakness } from './kernel/secret-strength.ts';

/**
 * The only place that reads process.env. Every variable is documented here and in
 * `.env.example`; the process refuses to start on a bad value and names it.
 */
const booleanFromString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .refine(
      (value) => value === undefined || protocols.some((protocol) => value.startsWith(`${protocol}://`)),
      { message: `must start with ${protocols.map((protocol) => `${protocol}://`).join(' or ')}` },
    );

/** Exported for config-env-example.test.ts, which holds `.env.example` to these keys and defaults. */
export const environmentSchema = z.object({
  /** development (default), production or test. Production refuses demo data and requires SESSION_SECRET. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** TCP port the HTTP server listens on. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Interface to bind; 0.0.0.0 to accept connections from other machines. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Address residents type or scan (QR code, flyer, emails). Defaults to http://localhost:PORT. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** postgres://… for a real PostgreSQL server. Unset: embedded PGlite under DATA_DIR. */
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  /** postgres://… of a streaming replica of DATABASE_URL. Only pure reads that tolerate lag (exports, lists, searches) go there, and only while its replay lag is under 5 s. Unset: every read goes to DATABASE_URL. */
  DATABASE_REPLICA_URL: optionalUrl(['postgres', 'postgresql']),
  /** Folder for the embedded database and other local state. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Append-only log of erased accounts (ids and times only), replayed by `npm run restore`. Keep it outside the backups. Defaults to DATA_DIR/erasure-log.jsonl. */
  ERASURE_LOG_PATH: z.string().trim().min(1).optional(),
  /** smtp:// or smtps:// URL of the mail relay. Unset: mail goes to the outbox, readable in the back office. */
  SMTP_URL: optionalUrl(['smtp', 'smtps']),
  /** Sender of every email. */
  MAIL_FROM: z.string().min(3).default('Mes suivis de consommation <no-reply@localhost>'),
  /** Base URL of the SMS provider's API (Vonage SMS API: POST {url}/sms/json). */
  SMS_PROVIDER_URL: optionalUrl(['https', 'http']),
  /** The SMS provider's API key and secret. Unset: SMS go to the outbox, readable in the back office. */
  SMS_API_KEY: z.string().trim().optional(),
  SMS_API_SECRET: z.string().trim().optional(),
  /** Sender shown on the phone: up to 11 letters and digits, or a number. */
  SMS_SENDER: z.string().trim().regex(/^([A-Za-z0-9 ]{1,11}|\+?[0-9]{3,15})$/, 'must be up to 11 letters and digits, or a number').default('SuiviConso'),
  /** mqtt:// URL of the broker where wmbusmeters publishes. Unset: no MQTT listener. */
  MQTT_URL: optionalUrl(['mqtt', 'mqtts', 'ws', 'wss']),
  /** Topic filter the portal subscribes to. */
  MQTT_TOPIC: z.string().min(1).default('wmbusmeters/#'),
  /** This node's MQTT client id, stable across restarts so its persistent sessions come back to it; each connection adds `-1`, `-2`…. Defaults to `portal-<host name>`; set one per node when several share a host. */
  MQTT_CLIENT_ID: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,60}$/, 'must be 1 to 60 letters, digits, dots, dashes or underscores').optional(),
  /** MQTT connections per node (a shared subscription splits the topic between them and the other nodes'). */
  MQTT_CONNECTIONS: z.coerce.number().int().min(1).max(256).default(4),
  /** Messages each MQTT connection holds unacknowledged at most (its MQTT 5 receive maximum): each is acknowledged once committed. */
  MQTT_MESSAGES_IN_FLIGHT: z.coerce.number().int().min(1).max(65535).default(100),
  /** How long the broker keeps a node's sessions (and the messages meant for them) after it disconnects. */
  MQTT_SESSION_EXPIRY_SECONDS: z.coerce.number().int().min(0).max(4294967295).default(86400),
  /** Shared-subscription group: the nodes' connections in one group split MQTT_TOPIC between them. */
  MQTT_SHARE_GROUP: z.string().trim().regex(/^[^/#+]{1,60}$/, 'must be 1 to 60 characters, none of / # +').default('portal'),
  /** Secret for keyed hashes of session ids and one-time codes; at least 32 characters. Required in production, and refused there when weak or published. */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Rotation, phase 1: the coming secret, accepted beside SESSION_SECRET but not yet used to sign or seal (README, "Rotating SESSION_SECRET"). */
  SESSION_SECRET_NEXT: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Rotation, phase 2: the retiring secret, still accepted for what it signed and sealed, never used for anything new. */
  SESSION_SECRET_PREVIOUS: z.string().min(32, 'must be at least 32 characters').optional(),
  /** How long each node keeps a session it resolved (0: read every request's session from the database). The database's notices make every node forget a changed one at once. */
  SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /** Port of the Prometheus metrics (GET /metrics), never the public one. Unset: no metrics. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Interface the metrics port binds; keep it private (loopback, or the monitoring network's). */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * Single-message wmbusmeters posts are written together: a post is written at once when no group is being written, else
   * joins the next group, written when the one under way ends or after this many ms at most (0: each post alone).
   */
  INGEST_GROUP_WINDOW_MS: z.coerce.number().int().min(0).max(1000).default(5),
  /** …and how many posts make a group written at once, without waiting for the one under way (1: each post alone). */
  INGEST_GROUP_MAX_POSTS: z.coerce.number().int().min(1).max(1000).default(100),
  /** pino level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** On SIGTERM or SIGINT: how long requests in flight and running jobs get to finish before the process exits anyway (non-zero). */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(15000),
  /** true when a reverse proxy sets X-Forwarded-For; otherwise the client address is the socket's. */
  TRUST_PROXY: booleanFromString.default(false),
  /** Load the demo portfolio into an empty database. Defaults to true outside production. */
  DEMO_DATA: booleanFromString.optional(),
  /** Day (YYYY-MM-DD) up to which demo readings are generated. Defaults to today. */
  DEMO_REFERENCE_DATE: z.iso.date().optional(),
  /** Leak by continuous flow: every interval at least this many litres an hour… */
  ALERT_LEAK_MIN_FLOW_L_PER_H: z.coerce.number().positive().default(0.5),
  /** …for at least this many hours… */
  ALERT_LEAK_MIN_HOURS: z.coerce.number().positive().default(48),
  /** …with no interval between readings longer than this many hours. */
  ALERT_LEAK_MAX_GAP_HOURS: z.coerce.number().positive().default(3),
  /** Over-consumption: a month above this many times its reference. */
  ALERT_OVERCONSUMPTION_FACTOR: z.coerce.number().gt(1).default(2),
});

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  publicUrl: string;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  /** DATABASE_REPLICA_URL (server/db/read-replica.ts); undefined: every read goes to `database`. */
  databaseReplicaUrl: string | undefined;
  dataDir: string;
  /** The erasure log (`accounts/erasure-log.ts`): one JSON line per erased account, replayed by `npm run restore`. */
  erasureLogPath: string;
  mail: { smtpUrl: string | undefined; from: string };
  /** The SMS provider (Vonage SMS API); undefined when not configured (SMS go to the outbox). */
  sms: { url: string; apiKey: string; apiSecret: string; sender: string } | undefined;
  /** The MQTT listener (ingest/mqtt-listener.ts); url undefined: no listener. */
  mqtt: { url: string | undefined; topic: string; clientId: string; connections: number; messagesInFlight: number; sessionExpirySeconds: number; shareGroup: string };
  /** The group commit of wmbusmeters posts (ingest.routes.ts): a window of at most windowMs or maxPosts posts. */
  ingestGroup: { windowMs: number; maxPosts: number };
  /** The secret new hashes and seals are made with. */
  sessionSecret: string;
  /** Every secret a hash or seal is checked against during a rotation: sessionSecret first, then NEXT and PREVIOUS when set. */
  acceptedSessionSecrets: readonly string[];
  /** Phase 2's retiring secret (SESSION_SECRET_PREVIOUS): a gateway token found under it is re-keyed to sessionSecret. */
  previousSessionSecret: string | undefined;
  /** 0 when sessions are not kept (accounts/session-cache.ts). */
  sessionCacheMs: number;
  /** The Prometheus metrics' own listener (server/metrics); undefined port: metrics off. */
  metrics: { port: number | undefined; host: string };
  logLevel: string;
  /** SHUTDOWN_TIMEOUT_MS: the budget of a graceful shutdown (main.ts). */
  shutdownTimeoutMs: number;
  trustProxy: boolean;
  demo: { enabled: boolean; referenceDate: string | undefined };
  /** Alert detection thresholds (the alerts module). */
  alerts: { flow: FlowThresholds; overconsumptionFactor: number };
}

/** Continuous flow that counts as a leak (the alerts module's leak detection). */
export interface FlowThresholds {
  minimumFlowLitresPerHour: number;
  minimumDurationHours: number;
  maximumGapHours: number;
}

/** `portal-<host name>`, kept to the characters every broker accepts in a client id. */
export function defaultMqttClientId(hostName: string): string {
  return `portal-${hostName.replace(/[^A-Za-z0-9_.-]/g, '-')}`.slice(0, 60);
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Only for development and tests: never used when NODE_ENV=production. */
const DEVELOPMENT_SESSION_SECRET = 'development-only-secret-do-not-use-in-production';
/** Values anyone can read, refused in production: the default above and the .env.example placeholder. */
const PUBLISHED_SESSION_SECRETS = [DEVELOPMENT_SESSION_SECRET, 'change-me-to-32-or-more-random-characters'];

/** What production refuses to start with: a published or weak secret, mail with no relay, a portal not on https. */
function productionProblems(env: z.output<typeof environmentSchema>): string[] {
  const problems: string[] = [];
  if (!env.SESSION_SECRET) problems.push('SESSION_SECRET: required when NODE_ENV=production');
  for (const name of ['SESSION_SECRET', 'SESSION_SECRET_NEXT', 'SESSION_SECRET_PREVIOUS'] as const) {
    const value = env[name];
    const weakness = value ? secretWeakness(value, PUBLISHED_SESSION_SECRETS) : null;
    if (weakness) problems.push(`${name}: ${weakness}`);
  }
  if (env.DEMO_DATA) problems.push('DEMO_DATA: demo data is never loaded when NODE_ENV=production');
  if (!env.SMTP_URL) problems.push('SMTP_URL: required when NODE_ENV=production (without a relay, one-time codes could only sit in the database)');
  if (!env.PUBLIC_URL?.startsWith('https://')) problems.push('PUBLIC_URL: must be an https:// address when NODE_ENV=production');
  return problems;
}

export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === 'production';
  const problems: string[] = isProduction ? productionProblems(env) : [];
  if (Boolean(env.SMS_API_KEY) !== Boolean(env.SMS_API_SECRET)) problems.push('SMS_API_KEY, SMS_API_SECRET: set both or neither');
  if (env.DATABASE_REPLICA_URL && !env.DATABASE_URL) problems.push('DATABASE_REPLICA_URL: needs DATABASE_URL (a replica streams from a PostgreSQL server, never from the embedded PGlite)');
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT === env.PORT) problems.push('METRICS_PORT: must differ from PORT (metrics are never served on the public port)');
  if (problems.length > 0) throw new ConfigError(problems);
  const signingSecret = env.SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET;

  return {
    nodeEnv: env.NODE_ENV,
    isProduction,
    port: env.PORT,
    host: env.HOST,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    database: env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL }
      : { kind: 'pglite', dataDir: `${env.DATA_DIR.replace(/\/$/, '')}/pglite` },
    databaseReplicaUrl: env.DATABASE_REPLICA_URL,
    dataDir: env.DATA_DIR,
    erasureLogPath: env.ERASURE_LOG_PATH ?? `${env.DATA_DIR.replace(/\/$/, '')}/erasure-log.jsonl`,
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM },
    sms:
      env.SMS_API_KEY && env.SMS_API_SECRET
        ? {
            url: (env.SMS_PROVIDER_URL ?? 'https://rest.nexmo.com').replace(/\/$/, ''),
            apiKey: env.SMS_API_KEY,
            apiSecret: env.SMS_API_SECRET,
            sender: env.SMS_SENDER,
          }
        : undefined,
    mqtt: {
      url: env.MQTT_URL,
      topic: env.MQTT_TOPIC,
      clientId: env.MQTT_CLIENT_ID ?? defaultMqttClientId(os.hostname()),
      connections: env.MQTT_CONNECTIONS,
      messagesInFlight: env.MQTT_MESSAGES_IN_FLIGHT,
      sessionExpirySeconds: env.MQTT_SESSION_EXPIRY_SECONDS,
      shareGroup: env.MQTT_SHARE_GROUP,
    },
    ingestGroup: { windowMs: env.INGEST_GROUP_WINDOW_MS, maxPosts: env.INGEST_GROUP_WINDOW_MS === 0 ? 1 : env.INGEST_GROUP_MAX_POSTS },
    sessionSecret: signingSecret,
    acceptedSessionSecrets: [...new Set([signingSecret, env.SESSION_SECRET_NEXT, env.SESSION_SECRET_PREVIOUS].filter((secret) => secret !== undefined))],
    previousSessionSecret: env.SESSION_SECRET_PREVIOUS,
    sessionCacheMs: env.SESSION_CACHE_SECONDS * 1000,
    metrics: { port: env.METRICS_PORT, host: env.METRICS_HOST },
    logLevel: env.LOG_LEVEL,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    trustProxy: env.TRUST_PROXY,
    demo: { enabled: env.DEMO_DATA ?? !isProduction, referenceDate: env.DEMO_REFERENCE_DATE },
    alerts: {
      flow: {
        minimumFlowLitresPerHour: env.ALERT_LEAK_MIN_FLOW_L_PER_H,
        minimumDurationHours: env.ALERT_LEAK_MIN_HOURS,
        maximumGapHours: env.ALERT_LEAK_MAX_GAP_HOURS,
      },
      overconsumptionFactor: env.ALERT_OVERCONSUMPTION_FACTOR,
    },
  };
}
