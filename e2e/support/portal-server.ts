import { spawn, type ChildProcess } from 'node:child_process';
import { findFreePort } from '../../server/test/free-port.ts';
import { portalEnvironment, repositoryRoot, tsxBin } from './repository.ts';

export interface PortalServer {
  baseUrl: string;
  /** Everything the process printed so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/** Process groups still running; killed if the test process exits without stopping them. */
const runningGroups = new Set<number>();
process.once('exit', () => {
  for (const groupId of runningGroups) killGroup(groupId, 'SIGKILL');
});

function killGroup(groupId: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-groupId, signal);
  } catch {
    // Already gone.
  }
}


function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts `server/main.ts` on the data folder `dataDir` and resolves once GET /api/health answers 200. */
export async function startPortalServer(dataDir: string, environment: Record<string, string> = {}): Promise<PortalServer> {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // Its own process group, so that stopping it also stops the node process tsx starts.
  const child = spawn(tsxBin, ['server/main.ts'], {
    cwd: repositoryRoot,
    env: portalEnvironment(dataDir, { ...environment, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: baseUrl, DEMO_DATA: 'false' }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const groupId = child.pid;
  if (groupId === undefined) throw new Error('could not start the portal server');
  runningGroups.add(groupId);

  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = async () => {
    if (!hasExited(child)) {
      killGroup(groupId, 'SIGTERM');
      if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
        killGroup(groupId, 'SIGKILL');
        await waitForExit(child, STOP_TIMEOUT_MS);
      }
    }
    runningGroups.delete(groupId);
  };

  try {
    await waitForHealth(baseUrl, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, output: () => output, stop };
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (hasExited(child)) throw new Error(`the portal server exited during start-up:\n${output()}`);
    const status = await fetch(`${baseUrl}/api/health`).then(
      (response) => response.status,
      () => undefined,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`the portal server did not answer GET /api/health within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output()}`);
}
