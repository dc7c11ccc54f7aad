/**
 * The load generator's own process (see http-load.ts): receives one HttpLoad, runs autocannon
 * with the latency of every response kept (its summary has no p95), sends back the run, exits.
 */
import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';
import type { HttpLoad, HttpLoadRun } from './http-load.ts';

type Start = (
  options: object,
  done: (error: Error | null, result: { duration: number; non2xx: number; requests: { total: number } }) => void,
) => EventEmitter;

process.once('message', (message) => {
  const load = message as HttpLoad;
  const latencies: number[] = [];
  let nextConnection = 0;
  let nextBody = 0;
  const instance = (autocannon as unknown as Start)(
    {
      url: load.url,
      ...(load.bodies ? { method: 'POST' } : {}),
      connections: load.connections,
      duration: load.seconds,
      headers: load.headers ?? {},
      requests: [
        {
          setupRequest: (request: { headers?: Record<string, string>; body?: string }, connection: { extraHeaders?: Record<string, string> }) => {
            if (load.bodies) request = { ...request, body: load.bodies[nextBody++ % load.bodies.length] };
            if (!load.connectionHeaders?.length) return request;
            connection.extraHeaders ??= load.connectionHeaders[nextConnection++ % load.connectionHeaders.length];
            return { ...request, headers: { ...request.headers, ...connection.extraHeaders } };
          },
        },
      ],
    },
    (error, result) => {
      if (error) throw error;
      const run: HttpLoadRun = { requests: result.requests.total, perSecond: result.requests.total / (result.duration || load.seconds), non2xx: result.non2xx, latencies };
      process.send!(run, undefined, undefined, () => process.exit(0));
    },
  );
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
});
