/** `npm run import -- …` (server/cli/import.ts) against the cluster's database, as an operator runs it. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export function runImportCommand(repositoryRoot: string, cluster: Record<string, string>, args: readonly string[]): string {
  const run = spawnSync(path.join(repositoryRoot, 'node_modules/.bin/tsx'), ['server/cli/import.ts', ...args], {
    cwd: repositoryRoot,
    env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: cluster.DATABASE_URL, SESSION_SECRET: cluster.SESSION_SECRET, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`npm run import -- ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}
