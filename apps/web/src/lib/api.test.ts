import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, buildUrl } from './api.ts';

function answer(status: number, body?: unknown, raw?: string) {
  return vi.fn(async () => new Response(raw ?? (body === undefined ? null : JSON.stringify(body)), { status }));
}

afterEach(() => vi.unstubAllGlobals());

describe('api wrapper', () => {
  it('sends the CSRF cookie back as x-csrf-token on writes, not on reads', async () => {
    vi.stubGlobal('document', { cookie: 'other=1; ll_csrf=abc%3D123' });
    const fetchMock = answer(200, { ok: true });
    vi.stubGlobal('fetch', fetchMock);

    await api.post('/things', { a: 1 });
    await api.get('/things');

    const [postUrl, post] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(postUrl).toBe('/api/v1/things');
    expect(post.credentials).toBe('same-origin');
    expect((post.headers as Record<string, string>)['x-csrf-token']).toBe('abc=123');
    expect(post.body).toBe('{"a":1}');
    const [, get] = fetchMock.mock.calls[1] as unknown as [string, RequestInit];
    expect((get.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
  });

  it('unpacks the error shape, field errors included', async () => {
    vi.stubGlobal('fetch', answer(400, {
      error: { code: 'VALIDATION_FAILED', message: 'email: invalid', details: { fields: [{ field: 'email', message: 'invalid email' }, { field: 'email', message: 'second' }] } },
    }));
    const err = await api.post('/auth/signup', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', fieldErrors: { email: 'invalid email' } });
  });

  it('exposes details such as lockedUntil', async () => {
    vi.stubGlobal('fetch', answer(423, { error: { code: 'ACCOUNT_LOCKED', message: 'locked', details: { lockedUntil: '2030-01-01T00:00:00Z' } } }));
    const err = (await api.post('/auth/login', {}).catch((e: unknown) => e)) as ApiError;
    expect(err.detail<string>('lockedUntil')).toBe('2030-01-01T00:00:00Z');
    expect(err.fieldErrors).toEqual({});
  });

  it('treats 204 as no content and non-JSON failures as HTTP_<status>', async () => {
    vi.stubGlobal('fetch', answer(204));
    await expect(api.post('/auth/logout')).resolves.toBeUndefined();
    vi.stubGlobal('fetch', answer(502, undefined, '<html>Bad gateway</html>'));
    await expect(api.get('/x')).rejects.toMatchObject({ code: 'HTTP_502', status: 502 });
  });

  it('reports a network failure as NETWORK_ERROR', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    await expect(api.get('/x')).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  });

  it('leaves empty filters out of the query string', () => {
    expect(buildUrl('/users', { q: '', status: 'active', departmentId: undefined, page: 2 })).toBe('/api/v1/users?status=active&page=2');
  });
});
