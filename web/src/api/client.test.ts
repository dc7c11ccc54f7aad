import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, apiRequest, NETWORK_ERROR_CODE } from './client.ts';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

const routes: Record<string, Handler> = {
  'GET /api/health': (_request, _body, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
  },
  'POST /api/echo': (request, body, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({ received: JSON.parse(body), contentType: request.headers['content-type'], language: request.headers['accept-language'] }),
    );
  },
  'POST /api/refused': (_request, _body, response) => {
    response.writeHead(400, { 'content-type': 'application/json' }).end(
      JSON.stringify({ error: { code: 'validation_failed', message: 'Certaines informations sont invalides.', details: { fields: [{ field: 'email' }] } } }),
    );
  },
  'GET /api/proxy-failure': (_request, _body, response) => {
    response.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
  },
  'DELETE /api/nothing': (_request, _body, response) => {
    response.writeHead(204).end();
  },
};

let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const handler = routes[`${request.method} ${request.url}`];
      if (handler) handler(request, body, response);
      else response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('apiRequest', () => {
  it('returns the JSON body of a success', async () => {
    await expect(apiRequest('/api/health', { baseUrl })).resolves.toEqual({ status: 'ok' });
  });

  it('posts a JSON body with the language asked for', async () => {
    const answer = await apiRequest('/api/echo', { baseUrl, body: { email: 'a@b.fr' }, language: 'en' });
    expect(answer).toEqual({ received: { email: 'a@b.fr' }, contentType: 'application/json', language: 'en' });
  });

  it("turns the server's error shape into an ApiError with its code, message and details", async () => {
    const error = await caught(apiRequest('/api/refused', { baseUrl, body: {} }));
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('Certaines informations sont invalides.');
    expect(error.details).toEqual({ fields: [{ field: 'email' }] });
  });

  it('reports an answer that is not the error shape as a network error with its status', async () => {
    const error = await caught(apiRequest('/api/proxy-failure', { baseUrl }));
    expect(error.status).toBe(502);
    expect(error.code).toBe(NETWORK_ERROR_CODE);
  });

  it('reports an unreachable server as a network error', async () => {
    const error = await caught(apiRequest('/api/health', { baseUrl: 'http://127.0.0.1:1' }));
    expect(error.status).toBe(0);
    expect(error.code).toBe(NETWORK_ERROR_CODE);
  });

  it('accepts an empty success body', async () => {
    await expect(apiRequest('/api/nothing', { baseUrl, method: 'DELETE' })).resolves.toBeUndefined();
  });
});
