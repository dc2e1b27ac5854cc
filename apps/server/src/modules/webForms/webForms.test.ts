import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createTestApp, signUp, type SignedUp, type TestClient, type TestEnv } from '../../test/harness.ts';
import { leads } from '../leads/schema.ts';
import { seedDemoWebForms } from './demo.ts';
import { webForms, webFormSubmissions } from './schema.ts';
import { issueFillToken } from './token.ts';

let env: TestEnv;
let admin: SignedUp;
let rep: TestClient;
let form: { id: string; publicKey: string; path: string };
let ipCounter = 0;

const api = '/api/v1';
const FIELDS = ['name', 'company', 'mobile', 'email', 'province', 'productInterest', 'remark'].map((key) => ({ key, required: key === 'name' || key === 'mobile' }));

/** A token as the page would have issued it some seconds ago (a person takes that long to fill the form). */
async function tokenFor(formId: string, ageMs = 10_000): Promise<string> {
  const [row] = await env.db.asSystem((db) => db.select({ secret: webForms.tokenSecret }).from(webForms).where(eq(webForms.id, formId)));
  return issueFillToken(row!.secret, Date.now() - ageMs);
}
const newIp = () => `198.51.100.${++ipCounter}`;

function submit(key: string, payload: Record<string, unknown> | string, opts: { ip?: string; headers?: Record<string, string> } = {}) {
  return env.app.inject({
    method: 'POST', url: `${api}/public/forms/${key}/submissions`, payload,
    headers: { 'x-forwarded-for': opts.ip ?? newIp(), ...(typeof payload === 'string' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...opts.headers },
  });
}

async function leadsOf(tenantId: string) {
  return env.db.asSystem((db) => db.select().from(leads).where(eq(leads.tenantId, tenantId)));
}

async function createForm(body: Record<string, unknown>) {
  const res = await admin.client.post(`${api}/web-forms`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  env = await createTestApp();
  admin = await signUp(env.app);
  rep = (await addUser(env, admin.client, { name: 'rep', email: `rep-${Date.now()}@example.com`, roleKeys: ['salesRep'] })).client;
  form = await createForm({ name: '官网咨询', slug: 'contact', fields: FIELDS, enabled: true, leadTags: ['官网'] });
});
afterAll(async () => {
  await env?.close();
});

describe('admin API', () => {
  it('is for administrators only', async () => {
    expect((await rep.get(`${api}/web-forms`)).statusCode).toBe(403);
    expect((await rep.post(`${api}/web-forms`, { name: 'x' })).statusCode).toBe(403);
    expect((await rep.get(`${api}/web-forms/${form.id}`)).statusCode).toBe(403);
    expect((await rep.delete(`${api}/web-forms/${form.id}`)).statusCode).toBe(403);
  });

  it('creates with sensible defaults, keeps slugs unique and redirects to http(s) only', async () => {
    const f = await createForm({ name: 'Newsletter' });
    expect(f).toMatchObject({ slug: 'newsletter', title: 'Newsletter', enabled: false, fields: [{ key: 'name', required: true }, { key: 'mobile', required: true }], duplicatePolicy: 'create', leadSource: 'webForm' });
    expect(f.publicKey).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const dup = await admin.client.post(`${api}/web-forms`, { name: 'Other', slug: 'newsletter' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details.fields[0].field).toBe('slug');
    const js = await admin.client.patch(`${api}/web-forms/${f.id}`, { afterSubmit: 'redirect', redirectUrl: 'javascript:alert(1)' });
    expect(js.statusCode).toBe(400);
    expect(js.json().error.details.fields[0].field).toBe('redirectUrl');
    const noName = await admin.client.patch(`${api}/web-forms/${f.id}`, { fields: [{ key: 'mobile', required: true }] });
    expect(noName.statusCode).toBe(400);
    const unknown = await admin.client.patch(`${api}/web-forms/${f.id}`, { fields: [{ key: 'name', required: true }, { key: 'ownerId' }] });
    expect(unknown.json().error.details.fields[0].field).toBe('fields.1.key');
    const fields = (await admin.client.get(`${api}/web-forms/fields`)).json().items.map((i: { key: string }) => i.key);
    expect(fields).toEqual(expect.arrayContaining(['name', 'company', 'mobile', 'email', 'wechat', 'province', 'city', 'industry', 'productInterest', 'budget', 'remark']));
    expect((await admin.client.delete(`${api}/web-forms/${f.id}`)).statusCode).toBe(204);
  });
});

describe('submissions', () => {
  it('create a lead with source webForm, keeping UTM tags, referrer and page', async () => {
    const res = await submit(form.publicKey, {
      name: '王小明', company: '杭州示例科技有限公司', mobile: '13912345678', email: 'wxm@example.com', remark: '想了解报价',
      _token: await tokenFor(form.id), website: '', _pageUrl: 'https://www.example.com/landing?utm_source=baidu&utm_medium=cpc&utm_campaign=spring',
      _referrer: 'https://www.baidu.com/s?wd=crm', utm_term: 'crm系统', ownerId: admin.userId,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().message).toBeTruthy();
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const [lead] = (await leadsOf(admin.tenantId)).filter((l) => l.mobile === '13912345678');
    expect(lead).toMatchObject({ name: '王小明', company: '杭州示例科技有限公司', source: 'webForm', tags: ['官网'], createdBy: null, remark: '想了解报价' });
    expect(lead!.ownerId).not.toBe(admin.userId); // a visitor cannot pick the owner
    expect(lead!.sourceDetail).toMatchObject({
      formId: form.id, formName: '官网咨询', utm_source: 'baidu', utm_medium: 'cpc', utm_campaign: 'spring', utm_term: 'crm系统',
      referrer: 'https://www.baidu.com/s?wd=crm', pageUrl: 'https://www.example.com/landing?utm_source=baidu&utm_medium=cpc&utm_campaign=spring',
    });
    const stats = (await admin.client.get(`${api}/web-forms/${form.id}`)).json();
    expect(stats.submissionCount).toBe(1);
    expect(stats.lastSubmissionAt).toBeTruthy();
  });

  it('accept a plain urlencoded form post even from a browser holding a session (no CSRF needed)', async () => {
    const body = new URLSearchParams({ name: '李雷', mobile: '13712345678', _token: await tokenFor(form.id), website: '' }).toString();
    const cookie = Object.entries(admin.client.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await submit(form.publicKey, body, { headers: { cookie, accept: 'text/html', referer: 'https://www.example.com/?utm_source=wechat' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const [lead] = (await leadsOf(admin.tenantId)).filter((l) => l.mobile === '13712345678');
    expect(lead!.sourceDetail).toMatchObject({ utm_source: 'wechat' });
  });

  it('name each missing or malformed field', async () => {
    const res = await submit(form.publicKey, { mobile: '1381234', email: 'nope', _token: await tokenFor(form.id) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details.fields.map((f: { field: string }) => f.field)).toEqual(['name', 'mobile', 'email']);
  });

  it('drop honeypot submissions silently', async () => {
    const before = (await leadsOf(admin.tenantId)).length;
    const res = await submit(form.publicKey, { name: 'Bot', mobile: '13612345678', website: 'http://spam.example', _token: await tokenFor(form.id) });
    expect(res.statusCode).toBe(200);
    expect(res.json().message).toBeTruthy();
    expect((await leadsOf(admin.tenantId)).length).toBe(before);
    const logged = await env.db.asSystem((db) => db.select().from(webFormSubmissions).where(eq(webFormSubmissions.outcome, 'spam')));
    expect(logged.length).toBe(1);
  });

  it('refuse a page submitted too fast, or without a genuine token', async () => {
    const fast = await submit(form.publicKey, { name: 'Quick', mobile: '13512345678', _token: await tokenFor(form.id, 500) });
    expect(fast.statusCode).toBe(400);
    expect(fast.json().error.code).toBe('SUBMITTED_TOO_FAST');
    const none = await submit(form.publicKey, { name: 'Quick', mobile: '13512345678' });
    expect(none.json().error.code).toBe('INVALID_FORM_TOKEN');
    expect((await leadsOf(admin.tenantId)).some((l) => l.name === 'Quick')).toBe(false);
  });

  it('limit each IP to 5 a minute per form (429 with Retry-After)', async () => {
    const ip = newIp();
    for (let i = 0; i < 5; i++) {
      const ok = await submit(form.publicKey, { name: `访客${i}`, mobile: `1381111000${i}`, _token: await tokenFor(form.id) }, { ip });
      expect(ok.statusCode, ok.body).toBe(200);
    }
    const sixth = await submit(form.publicKey, { name: '访客5', mobile: '13811110005', _token: await tokenFor(form.id) }, { ip });
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().error.code).toBe('TOO_MANY_SUBMISSIONS');
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(sixth.headers['retry-after'])).toBeLessThanOrEqual(60);
    const otherIp = await submit(form.publicKey, { name: '访客6', mobile: '13811110006', _token: await tokenFor(form.id) });
    expect(otherIp.statusCode).toBe(200);
  });

  it('hold the limit under parallel posts from one IP', async () => {
    const ip = newIp();
    const token = await tokenFor(form.id);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => submit(form.publicKey, { name: `并发${i}`, mobile: '', _token: token }, { ip })));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((c) => c === 429)).toHaveLength(3); // 5 attempts counted (each refused for the missing mobile), then the limit
  });

  it('skip a repeat submission when the form says so, telling the visitor the same thing', async () => {
    const f = await createForm({ name: 'Skipping', fields: FIELDS, enabled: true, duplicatePolicy: 'skip' });
    const body = async () => ({ name: '周杰', mobile: '+86 131-2345-6789', _token: await tokenFor(f.id) });
    const first = await submit(f.publicKey, await body());
    const second = await submit(f.publicKey, { ...(await body()), mobile: '13123456789' });
    expect(first.statusCode, first.body).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect((await leadsOf(admin.tenantId)).filter((l) => l.name === '周杰')).toHaveLength(1);
    expect((await admin.client.get(`${api}/web-forms/${f.id}`)).json().submissionCount).toBe(2);
  });

  it('refuse bodies over 16 KB with 413', async () => {
    const big = { name: 'Big', mobile: '13412345678', remark: 'x'.repeat(17 * 1024), _token: await tokenFor(form.id) };
    expect((await submit(form.publicKey, big)).statusCode).toBe(413);
    expect((await submit(form.publicKey, new URLSearchParams(big).toString())).statusCode).toBe(413);
  });

  it('answer 404 for unknown keys and unpublished forms, page and endpoint alike', async () => {
    expect((await submit('nosuchkey123', { name: 'x' })).statusCode).toBe(404);
    expect((await env.app.inject({ url: '/f/nosuchkey123' })).statusCode).toBe(404);
    const draft = await createForm({ name: 'Draft', fields: FIELDS });
    expect((await submit(draft.publicKey, { name: 'x', mobile: '13312345678', _token: await tokenFor(draft.id) })).statusCode).toBe(404);
    expect((await env.app.inject({ url: draft.path })).statusCode).toBe(404);
    const detail = (await admin.client.get(`${api}/web-forms/${draft.id}`)).json();
    const preview = await env.app.inject({ url: detail.previewPath });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('class="notice"');
  });

  it('answer CORS preflights so other sites can post', async () => {
    const res = await env.app.inject({ method: 'OPTIONS', url: `${api}/public/forms/${form.publicKey}/submissions`, headers: { origin: 'https://www.example.com', 'access-control-request-method': 'POST' } });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-headers']).toContain('content-type');
  });

  it('redirect to the configured address when the form says so', async () => {
    const f = await createForm({ name: 'Redirecting', fields: FIELDS, enabled: true, afterSubmit: 'redirect', redirectUrl: 'https://www.example.com/thanks' });
    const res = await submit(f.publicKey, { name: '韩梅梅', mobile: '13212345678', _token: await tokenFor(f.id) });
    expect(res.json()).toEqual({ redirect: 'https://www.example.com/thanks' });
  });
});

describe('demo data', () => {
  it('seeds a published enquiry form that takes submissions', async () => {
    const other = await signUp(env.app);
    await env.db.forTenant(other.tenantId, (db) => seedDemoWebForms(db, { tenantId: other.tenantId, usersByKey: { admin: other.userId }, departmentsByName: {} }));
    const [demo] = (await other.client.get(`${api}/web-forms`)).json().items;
    expect(demo).toMatchObject({ name: '官网咨询表单', enabled: true });
    expect(demo.fields.map((f: { key: string }) => f.key)).toEqual(['name', 'company', 'mobile', 'email', 'province', 'productInterest', 'remark']);
    const page = await env.app.inject({ url: demo.path });
    expect(page.statusCode).toBe(200);
    const res = await submit(demo.publicKey, { name: '演示访客', mobile: '13600001111', province: '浙江省', _token: await tokenFor(demo.id) });
    expect(res.json().message).toBe('提交成功！我们的顾问会尽快与您联系。');
  });
});

describe('the public page', () => {
  it('renders the form with escaped admin text under a strict CSP, embeddable anywhere', async () => {
    const f = await createForm({ name: 'Hostile', title: '<script>alert(1)</script>', enabled: true,
      fields: [{ key: 'name', required: true, label: '<img src=x onerror=alert(1)>', help: '"><b>bold</b>' }, { key: 'email', label: 'E&mail' }] });
    const res = await env.app.inject({ url: `${f.path}?embed=1`, headers: { 'accept-language': 'zh-CN' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const csp = String(res.headers['content-security-policy']);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1];
    expect(csp).toContain('frame-ancestors *');
    expect(res.body).toContain(`<script nonce="${nonce}">`);
    expect(res.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(res.body).toContain('&quot;&gt;&lt;b&gt;bold&lt;/b&gt;');
    expect(res.body).toContain('E&amp;mail');
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.body).not.toMatch(/<img|<b>|<script>alert/);
    expect(res.body).toContain('class="embed"');
    const embed = await env.app.inject({ url: '/f/embed.js' });
    expect(embed.statusCode).toBe(200);
    expect(embed.headers['content-type']).toMatch(/javascript/);
    const def = await env.app.inject({ url: `${api}/public/forms/${f.publicKey}` });
    expect(def.json()).toMatchObject({ title: '<script>alert(1)</script>', fields: [{ key: 'name', required: true }, { key: 'email', required: false }] });
    expect(def.json().token).toMatch(/^\d+\./);
  });
});
