/**
 * HTTP load from a process of its own. autocannon run inside the bench's process would share
 * the event loop of the app it measures: its own work (sending, parsing, timing) would be
 * counted as the app's latency and take the app's CPU time.
 *
 *   const run = await runHttpLoad({ url, connections: 50, seconds: 5, headers, connectionHeaders });
 *   // run.requests, run.perSecond, run.non2xx, run.latencies (ms, one per response)
 *
 * connectionHeaders: headers for each connection in turn (a session cookie each, say), added
 * to `headers`; a connection keeps its own for the whole run.
 *
 * bodies: POST these bodies, one per request in turn (each once, as long as the list lasts the
 * run; `run.requests` tells how many were sent).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface HttpLoad {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  connectionHeaders?: Array<Record<string, string>>;
  bodies?: readonly string[];
}

export interface HttpLoadRun {
  requests: number;
  perSecond: number;
  non2xx: number;
  latencies: number[];
}

const generator = fileURLToPath(new URL('./http-load-process.ts', import.meta.url));

export function runHttpLoad(load: HttpLoad): Promise<HttpLoadRun> {
  return new Promise((resolve, reject) => {
    const child = fork(generator, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: HttpLoadRun | undefined;
    child.on('message', (message) => (result = message as HttpLoadRun));
    child.on('error', reject);
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`HTTP load generator exited with ${code}`))));
    child.send(load);
  });
}

/** Several runs as one: their requests summed, their rates over their summed durations, every latency. */
export function mergeHttpLoadRuns(runs: readonly HttpLoadRun[]): HttpLoadRun {
  const requests = runs.reduce((total, run) => total + run.requests, 0);
  return {
    requests,
    perSecond: requests / runs.reduce((total, run) => total + run.requests / run.perSecond, 0),
    non2xx: runs.reduce((total, run) => total + run.non2xx, 0),
    latencies: runs.flatMap((run) => run.latencies),
  };
}
