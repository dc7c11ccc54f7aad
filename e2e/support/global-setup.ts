import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { portalEnvironment, tsxBin } from './repository.ts';
import { runCommand } from './run-command.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The seeded data folder every journey copies before starting its own server. */
    seededDataTemplate: string;
  }
}

/**
 * Once per run: builds the web app if it is missing, then seeds one data folder with the
 * demo portfolio through the project's own seed command. Journeys start from copies of it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await runCommand(process.execPath, ['scripts/build-web-if-missing.mjs']);

  const workFolder = await mkdtemp(path.join(os.tmpdir(), 'portal-e2e-'));
  const template = path.join(workFolder, 'template');
  try {
    const startedAt = performance.now();
    await runCommand(tsxBin, ['server/cli/db-seed.ts'], portalEnvironment(template, { DEMO_DATA: 'true' }));
    console.log(`e2e: seeded the template data folder in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
  } catch (error) {
    await rm(workFolder, { recursive: true, force: true });
    throw error;
  }

  project.provide('seededDataTemplate', template);
  return async () => {
    await rm(workFolder, { recursive: true, force: true });
  };
}
