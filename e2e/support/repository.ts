import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const tsxBin = path.join(repositoryRoot, 'node_modules/.bin/tsx');

/** The day the demo data is built up to, so that every journey sees the same readings. */
export const DEMO_REFERENCE_DATE = '2026-11-20';

/**
 * The environment of a portal process started by the harness: the embedded database in
 * `dataDir`, and nothing inherited that would point it elsewhere (a DATABASE_URL, a real SMTP relay).
 */
export function portalEnvironment(dataDir: string, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL', 'SMTP_URL', 'MQTT_URL', 'PUBLIC_URL', 'PORT', 'DEMO_DATA']) {
    delete environment[name];
  }
  return {
    ...environment,
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    DEMO_REFERENCE_DATE,
    LOG_LEVEL: 'warn',
    ...overrides,
  };
}
