/**
 * The one fetch wrapper every screen uses. It speaks the server's JSON contract:
 * - cookies ride along (session is an httpOnly cookie set by the server);
 * - every non-GET request echoes the readable `ll_csrf` cookie in the `x-csrf-token` header (double-submit CSRF);
 * - every failure becomes an `ApiError` with the server's `{error:{code,message,details}}` unpacked.
 */
import type { ApiErrorBody, CSRF_COOKIE, CSRF_HEADER } from '@loopline/shared';

// Type-only import keeps @loopline/shared (and the zod it loads) out of the startup bundle, while
// `typeof` pins these to the shared literals: if the server's names change, this stops compiling.
const CSRF_COOKIE_NAME: typeof CSRF_COOKIE = 'll_csrf';
const CSRF_HEADER_NAME: typeof CSRF_HEADER = 'x-csrf-token';

export const API_BASE = '/api/v1';

export interface FieldIssue {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;
  /** field name -> first message, from `details.fields` of a VALIDATION_FAILED answer */
  readonly fieldErrors: Record<string, string>;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.fieldErrors = toFieldErrors(details);
  }

  /** Reads one key of `details` without every caller re-checking its shape. */
  detail<T = unknown>(key: string): T | undefined {
    if (this.details && typeof this.details === 'object' && key in this.details) {
      return (this.details as Record<string, unknown>)[key] as T;
    }
    return undefined;
  }
}

function toFieldErrors(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const fields = (details as { fields?: unknown } | undefined)?.fields;
  if (!Array.isArray(fields)) return out;
  for (const item of fields as Partial<FieldIssue>[]) {
    if (item && typeof item.field === 'string' && typeof item.message === 'string' && !(item.field in out)) {
      out[item.field] = item.message;
    }
  }
  return out;
}

export function readCookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

/** Drops empty values so callers can pass form state straight through (`?q=` means "no filter"). */
export function buildUrl(path: string, query?: Query): string {
  const url = API_BASE + path;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = readCookie(CSRF_COOKIE_NAME);
    if (csrf) headers[CSRF_HEADER_NAME] = csrf;
  }

  let res: Response;
  try {
    res = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK_ERROR', (err as Error)?.message || 'network error');
  }

  if (res.status === 204 || res.status === 205) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      // A proxy error page or an HTML fallback: not our JSON contract.
      if (!res.ok) throw new ApiError(res.status, `HTTP_${res.status}`, res.statusText || 'request failed');
      throw new ApiError(res.status, 'BAD_RESPONSE', 'the server answered with something other than JSON');
    }
  }
  if (!res.ok) {
    const body = data as Partial<ApiErrorBody> | undefined;
    const e = body?.error;
    throw new ApiError(res.status, e?.code || `HTTP_${res.status}`, e?.message || res.statusText || 'request failed', e?.details);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T = void>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  put: <T = void>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  patch: <T = void>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

export function isApiError(err: unknown, code?: string): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}
