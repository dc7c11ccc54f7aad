/**
 * The configuration of a test's portal. Apart from test-app.ts so that a pure test (no database)
 * can take it without importing the database harness.
 */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../config.ts';

/** Where tests' portals write local state (the .eml copies of their mail): never the repository. */
const TEST_DATA_DIR = mkdtempSync(join(tmpdir(), 'portal-test-'));

export function testConfig(environment: Record<string, string> = {}): Config {
  return loadConfig({
    DATA_DIR: TEST_DATA_DIR,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://portal.test',
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    DEMO_DATA: 'false',
    // Tests write the database directly and read it back through the app at once: every request
    // reads its session (session-cache.db.test.ts covers the cache and its notices).
    SESSION_CACHE_SECONDS: '0',
    ...environment,
  });
}
