import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findFreePort } from './free-port.ts';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

export interface ServerProcess {
  port: number;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Everything it printed so far (its log lines are JSON). */
  output(): string;
}

/**
 * The real entry point (server/main.ts) in a process of its own, on a free port, without demo
 * data; resolves once it says it is running. `environment` adds to or overrides the defaults
 * (a database, MQTT_URL…).
 */
export async function startServerProcess(environment: Record<string, string>): Promise<ServerProcess> {
  const port = await findFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DEMO_DATA: 'false',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  await waitFor(
    () => {
      if (hasExited) throw new Error(`the server exited during start-up:\n${output}`);
      return output.includes('is running');
    },
    120_000,
    () => `the server did not start:\n${output}`,
  );
  return { port, child, exited, output: () => output };
}

export async function waitFor(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
