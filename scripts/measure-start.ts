// Measures how long the portal takes to answer GET /api/health after `npm start`: cold (a fresh
// data folder, demo data loaded) and warm (the same folder again). Prints every run and the
// median. Usage: npm run measure:start [-- --runs 5]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../server/test/free-port.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runsArgument = process.argv.indexOf('--runs');
const runs = runsArgument > 0 ? Number(process.argv[runsArgument + 1]) : 3;
const TIMEOUT_MS = 600_000;

/** Starts `npm start` on `dataDir`, returns the milliseconds until /api/health answered 200, then stops it. */
async function timeStart(dataDir: string): Promise<number> {
  const port = await findFreePort();
  const environment: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'MQTT_URL', 'SMTP_URL', 'PUBLIC_URL']) delete environment[name];
  const startedAt = performance.now();
  const child = spawn('npm', ['start', '--silent'], { cwd: repositoryRoot, env: environment, stdio: 'ignore', detached: true });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  try {
    while (performance.now() - startedAt < TIMEOUT_MS) {
      if (exitCode !== undefined) throw new Error(`npm start exited with ${exitCode} before answering`);
      const status = await fetch(`http://127.0.0.1:${port}/api/health`).then((response) => response.status, () => 0);
      if (status === 200) return performance.now() - startedAt;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('no answer from /api/health');
  } finally {
    if (exitCode === undefined) process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(2)} s`;

const cold: number[] = [];
const warm: number[] = [];
for (let run = 0; run < runs; run += 1) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portal-start-'));
  try {
    cold.push(await timeStart(dataDir));
    warm.push(await timeStart(dataDir));
    console.log(`run ${run + 1}: cold ${seconds(cold.at(-1)!)}, warm ${seconds(warm.at(-1)!)}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
console.log(`median of ${runs}: cold ${seconds(median(cold))}, warm ${seconds(median(warm))}`);
