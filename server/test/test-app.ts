import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../app.ts';
import type { AppContext } from '../app-context.ts';
import { createAppContext } from '../modules.ts';
import { FixedClock } from '../clock.ts';
import type { ReadReplica } from '../db/read-replica.ts';
import { startSmtpTestServer, type SmtpTestServer } from './smtp-test-server.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import { testConfig } from './test-config.ts';

/** The fixed moment every test starts at, unless it sets its own. */
export const TEST_NOW = '2026-03-16T09:30:00.000Z';

export interface TestApp {
  app: FastifyInstance;
  context: AppContext;
  database: TestDatabase;
  clock: FixedClock;
  close(): Promise<void>;
}

export async function createTestApp(
  options: {
    now?: string;
    environment?: Record<string, string>;
    maxConnections?: number;
    /** A database of the test's own making (closed with the app) instead of a fresh copy of the template, and its read replica. */
    database?: TestDatabase;
    readReplica?: ReadReplica;
  } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase({ maxConnections: options.maxConnections }));
  const clock = new FixedClock(options.now ?? TEST_NOW);
  const context: AppContext = createAppContext(
    { config: testConfig(options.environment), database, readReplica: options.readReplica, clock },
    { pollingIntervalSeconds: 0.5, maintenance: false },
  );
  const app = await buildApp(context, { logger: false });
  await app.ready();
  return {
    app,
    context,
    database,
    clock,
    close: async () => {
      await app.close();
      await context.jobs.stop();
      context.mailer.close();
      await database.close();
    },
  };
}

/**
 * Another app node on `first`'s database and clock, with its own configuration (a phase of a
 * secret rotation, say). Closing it leaves the database to `first`.
 */
export async function startSiblingNode(first: TestApp, environment: Record<string, string>): Promise<TestApp> {
  const context = createAppContext({ config: testConfig(environment), database: first.database, clock: first.clock }, { pollingIntervalSeconds: 0.5, maintenance: false });
  const app = await buildApp(context, { logger: false });
  await app.ready();
  return {
    app,
    context,
    database: first.database,
    clock: first.clock,
    close: async () => {
      await app.close();
      await context.jobs.stop();
      context.mailer.close();
    },
  };
}

/**
 * One test app for the whole file, on its own fresh database:
 * `const harness = useTestApp(); … harness().app.inject(…)`.
 */
export function useTestApp(options: Parameters<typeof createTestApp>[0] = {}): () => TestApp {
  let testApp: TestApp | undefined;
  beforeAll(async () => {
    testApp = await createTestApp(options);
  });
  afterAll(async () => {
    await testApp?.close();
  });
  return () => {
    if (!testApp) throw new Error('useTestApp: the app is only available inside tests');
    return testApp;
  };
}

/**
 * One test app for the whole file whose mail goes over SMTP to a real server in the test
 * process: `const harness = useTestAppWithSmtp(); … harness().smtp.waitForEmail(…)`.
 */
export function useTestAppWithSmtp(options: Parameters<typeof createTestApp>[0] = {}): () => TestApp & { smtp: SmtpTestServer } {
  let testApp: (TestApp & { smtp: SmtpTestServer }) | undefined;
  beforeAll(async () => {
    const smtp = await startSmtpTestServer();
    testApp = { ...(await createTestApp({ ...options, environment: { ...options.environment, SMTP_URL: smtp.url } })), smtp };
  });
  afterAll(async () => {
    await testApp?.close();
    await testApp?.smtp.close();
  });
  return () => {
    if (!testApp) throw new Error('useTestAppWithSmtp: the app is only available inside tests');
    return testApp;
  };
}
