import type { TestProject } from 'vitest/node';
import { runCommand } from './run-command.ts';
import { seededTemplate } from './seed-template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The seeded data folder every journey copies before starting its own server. */
    seededDataTemplate: string;
  }
}

/**
 * Once per run: builds the web app if it is missing, and gets the data folder seeded with the
 * demo portfolio by the project's own seed command. Journeys start from copies of it.
 */
export default async function setup(project: TestProject): Promise<void> {
  await runCommand(process.execPath, ['scripts/build-web-if-missing.mjs']);

  const startedAt = performance.now();
  const template = await seededTemplate();
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(template.seededNow ? `e2e: seeded the demo data folder in ${seconds} s` : `e2e: reusing the seeded demo data folder ${template.folder}`);
  project.provide('seededDataTemplate', template.folder);
}
