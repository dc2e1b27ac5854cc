import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, TestClient, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_IP_LIMIT_PER_MINUTE: '1000' });
});
afterAll(async () => env?.close());

describe('sign-up, log-in, log-out', () => {
  it('signs up an organization whose admin is logged in', async () => {
    const { client } = await signUp(env.app, { organizationName: '上海青禾贸易有限公司', email: 'boss@qinghe.cn' });
    const me = await client.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().tenant.name).toBe('上海青禾贸易有限公司');
    expect(me.json().user.isAdmin).toBe(true);
    expect(me.json().tenant.timeZone).toBe('Asia/Shanghai');
  });

  it('logs in by email or mobile, logs out, and the old cookie stops working', async () => {
    const s = await signUp(env.app);
    await s.client.patch('/api/v1/auth/me', { mobile: '13912345678' });
    const stolen = { ...s.client.cookies };
    expect((await s.client.post('/api/v1/auth/logout')).statusCode).toBe(204);
    const replay = new TestClient(env.app);
    replay.cookies = stolen;
    expect((await replay.get('/api/v1/auth/me')).statusCode).toBe(401);

    const byEmail = new TestClient(env.app);
    expect((await byEmail.post('/api/v1/auth/login', { identifier: s.email.toUpperCase(), password: s.password })).statusCode).toBe(200);
    const byMobile = new TestClient(env.app);
    expect((await byMobile.post('/api/v1/auth/login', { identifier: '+8613912345678', password: s.password })).statusCode).toBe(200);
    expect((await byMobile.get('/api/v1/auth/me')).json().user.email).toBe(s.email);
  });

  it('answers a wrong password with 401 and locks the account after repeated failures', async () => {
    const s = await signUp(env.app);
    const c = new TestClient(env.app);
    for (let i = 0; i < 2; i++) expect((await c.post('/api/v1/auth/login', { identifier: s.email, password: 'wrong-password' })).json().error.code).toBe('INVALID_CREDENTIALS');
    const third = await c.post('/api/v1/auth/login', { identifier: s.email, password: 'wrong-password' });
    expect(third.statusCode).toBe(423);
    // even the right password is refused while locked
    const locked = await c.post('/api/v1/auth/login', { identifier: s.email, password: s.password });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.details.lockedUntil).toBeTruthy();
    const logs = (await s.client.get('/api/v1/admin/login-logs')).json();
    expect(logs.items.map((l: { result: string }) => l.result)).toEqual(expect.arrayContaining(['wrongPassword', 'lockedOut', 'locked']));
    expect(logs.items[0].ip).toBeTruthy();
  });

  it('refuses a cookie-authenticated write without the CSRF header', async () => {
    const s = await signUp(env.app);
    const res = await env.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', payload: { name: 'x' }, headers: { cookie: `ll_session=${s.client.cookies.ll_session}` } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_FAILED');
  });

  it('resets a forgotten password through the emailed link and ends old sessions', async () => {
    const s = await signUp(env.app);
    const other = new TestClient(env.app);
    await other.post('/api/v1/auth/login', { identifier: s.email, password: s.password });
    expect((await new TestClient(env.app).post('/api/v1/auth/password/forgot', { identifier: s.email })).statusCode).toBe(202);
    expect((await new TestClient(env.app).post('/api/v1/auth/password/forgot', { identifier: 'nobody@nowhere.cn' })).statusCode).toBe(202);
    const mail = (await s.client.get('/api/v1/admin/outbox')).json().items.find((m: { to: string; subject: string }) => m.to === s.email && m.subject.includes('重置'));
    const token = /token=([\w-]+)/.exec(mail.text)![1]!;
    const anon = new TestClient(env.app);
    expect((await anon.post('/api/v1/auth/password/reset', { token, password: 'short' })).statusCode).toBe(400);
    expect((await anon.post('/api/v1/auth/password/reset', { token, password: 'a-brand-new-secret' })).statusCode).toBe(204);
    expect((await anon.post('/api/v1/auth/password/reset', { token, password: 'a-brand-new-secret' })).json().error.code).toBe('INVALID_TOKEN');
    expect((await other.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await anon.post('/api/v1/auth/login', { identifier: s.email, password: s.password })).statusCode).toBe(401);
    expect((await anon.post('/api/v1/auth/login', { identifier: s.email, password: 'a-brand-new-secret' })).statusCode).toBe(200);
  });

  it('lists my sessions and revokes one', async () => {
    const s = await signUp(env.app);
    const second = new TestClient(env.app);
    await second.post('/api/v1/auth/login', { identifier: s.email, password: s.password });
    const list = (await s.client.get('/api/v1/auth/sessions')).json().items as { id: string; current: boolean }[];
    expect(list).toHaveLength(2);
    const otherId = list.find((x) => !x.current)!.id;
    expect((await s.client.delete(`/api/v1/auth/sessions/${otherId}`)).statusCode).toBe(204);
    expect((await second.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await s.client.get('/api/v1/auth/me')).statusCode).toBe(200);
  });

  it('asks which organization when one email and password belong to two', async () => {
    const email = 'twice@example.com';
    await signUp(env.app, { email, organizationName: '甲公司' });
    await signUp(env.app, { email, organizationName: '乙公司' });
    const c = new TestClient(env.app);
    const res = await c.post('/api/v1/auth/login', { identifier: email, password: 'correct-horse-42' });
    expect(res.statusCode).toBe(409);
    const tenants = res.json().error.details.tenants as { slug: string; name: string }[];
    expect(tenants.map((t) => t.name).sort()).toEqual(['乙公司', '甲公司']);
    const pick = await c.post('/api/v1/auth/login', { identifier: email, password: 'correct-horse-42', tenantSlug: tenants.find((t) => t.name === '乙公司')!.slug });
    expect(pick.statusCode).toBe(200);
    expect(pick.json().tenant.name).toBe('乙公司');
  });
});

describe('bad input', () => {
  it('names unknown and invalid fields, never 500', async () => {
    const c = new TestClient(env.app);
    const unknown = await c.post('/api/v1/auth/signup', { organizationName: '某公司', name: 'a', email: 'a@b.cn', password: 'long-enough-1', isAdmin: true });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'isAdmin' })]));
    const bad = await c.post('/api/v1/auth/signup', { organizationName: '某公司', name: 'a', email: 'not-an-email', password: 'x' });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().error.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password']));
    const json = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"identifier":', headers: { 'content-type': 'application/json' } });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.code).toBe('INVALID_JSON');
    const huge = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: JSON.stringify({ identifier: 'x'.repeat(2_000_000), password: 'y' }), headers: { 'content-type': 'application/json' } });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const inj = await c.post('/api/v1/auth/login', { identifier: "' OR 1=1; DROP TABLE users; --", password: "' OR '1'='1" });
    expect(inj.statusCode).toBe(401);
    expect((await c.get('/api/v1/nope')).statusCode).toBe(401);
    const s = await signUp(env.app);
    expect((await s.client.get('/api/v1/nope')).json().error.code).toBe('NOT_FOUND');
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await env.app.inject({ url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toMatch(/^3\./);
    expect(Object.keys(doc.json().paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users']));
    expect((await env.app.inject({ url: '/api/docs/' })).statusCode).toBe(200);
  });
});
