/**
 * The one way the web app calls the portal's API: JSON in and out, the session cookie sent,
 * and every refusal turned into an ApiError carrying the server's stable code and its
 * message in the visitor's language.
 */

interface ApiErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The server's stable error code, e.g. `validation_failed`. */
    readonly code: string,
    /** The server's message, ready to show. */
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Code of a failure that never reached the server or whose answer could not be read. */
export const NETWORK_ERROR_CODE = 'network_error';

export interface ApiRequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Sends `body`, a string, as it is with this content type (e.g. a CSV file as `text/csv`) instead of as JSON. */
  contentType?: string;
  /** Language of the server's messages; the page's current language (`<html lang>`) by default. */
  language?: string;
  signal?: AbortSignal;
  /** Where the API lives; the page's own origin by default. */
  baseUrl?: string;
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

function pageLanguage(): string | undefined {
  return typeof document === 'undefined' ? undefined : document.documentElement.lang || undefined;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Calls `path` (e.g. `/api/health`) and returns its JSON body; throws ApiError on any failure. */
export async function apiRequest<TResponse>(path: string, options: ApiRequestOptions = {}): Promise<TResponse> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
  const language = options.language ?? pageLanguage();
  if (language) headers['Accept-Language'] = language;

  let response: Response;
  try {
    response = await fetch(`${options.baseUrl ?? ''}${path}`, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? undefined : options.contentType ? String(options.body) : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, NETWORK_ERROR_CODE, error instanceof Error ? error.message : String(error));
  }

  const body = await readJson(response);
  if (response.ok) return body as TResponse;
  if (isApiErrorBody(body)) {
    throw new ApiError(response.status, body.error.code, body.error.message, body.error.details);
  }
  throw new ApiError(response.status, NETWORK_ERROR_CODE, `${response.status} ${response.statusText}`);
}
