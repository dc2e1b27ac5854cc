import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createTestApp, signUp, type TestClient, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestApp();
});
afterAll(async () => env?.close());

/** A 1×1 PNG, uploaded through the files API as a browser would (multipart). */
async function uploadPng(client: TestClient): Promise<string> {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  const boundary = '----loopline-test';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await client.request('POST', '/api/v1/files', body as never, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

describe('organization profile', () => {
  it('lets an admin change it, audited field by field', async () => {
    const admin = await signUp(env.app, { organizationName: '星火科技' });
    const before = (await admin.client.get('/api/v1/organization')).json();
    expect(before).toMatchObject({ name: '星火科技', timeZone: 'Asia/Shanghai', currency: 'CNY', fiscalYearStartMonth: 1, logoFileId: null });

    const res = await admin.client.patch('/api/v1/organization', { name: '星火科技有限公司', timeZone: 'Asia/Tokyo', fiscalYearStartMonth: 4 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: '星火科技有限公司', timeZone: 'Asia/Tokyo', currency: 'CNY', fiscalYearStartMonth: 4 });

    const audit = (await admin.client.get(`/api/v1/audit?recordType=tenant&recordId=${admin.tenantId}&action=update`)).json().items;
    expect(audit[0].changes.fields).toEqual({
      name: { before: '星火科技', after: '星火科技有限公司' },
      timeZone: { before: 'Asia/Shanghai', after: 'Asia/Tokyo' },
      fiscalYearStartMonth: { before: 1, after: 4 },
    });
    const facets = (await admin.client.get('/api/v1/audit/facets')).json();
    expect(facets.recordTypes).toContain('tenant');
    expect(facets.actions).toContain('update');
    // the members' clock follows: /auth/me reports the new zone
    expect((await admin.client.get('/api/v1/auth/me')).json().tenant.timeZone).toBe('Asia/Tokyo');
  });

  it('refuses an unknown time zone, unknown fields and non-admins', async () => {
    const admin = await signUp(env.app);
    const bad = await admin.client.patch('/api/v1/organization', { timeZone: 'Mars/Olympus_Mons' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('timeZone');
    const unknown = await admin.client.patch('/api/v1/organization', { settings: { smtp: {} } });
    expect(unknown.statusCode).toBe(400);
    expect((await admin.client.patch('/api/v1/organization', { currency: 'rmb' })).json().error.details.fields[0].field).toBe('currency');

    const rep = await addUser(env, admin.client, { name: '李雷', email: `lilei-${Date.now()}@example.com`, roleKeys: ['salesRep'] });
    expect((await rep.client.patch('/api/v1/organization', { name: 'hijack' })).statusCode).toBe(403);
    // members may read the profile (dates and money follow it)
    expect((await rep.client.get('/api/v1/organization')).statusCode).toBe(200);
  });

  it('stores an uploaded logo and serves it to every member, not to other organizations', async () => {
    const admin = await signUp(env.app);
    const other = await signUp(env.app);
    const fileId = await uploadPng(admin.client);
    const res = await admin.client.patch('/api/v1/organization', { logoFileId: fileId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().logoUrl).toMatch(/^\/api\/v1\/organization\/logo/);

    const rep = await addUser(env, admin.client, { name: '韩梅梅', email: `hmm-${Date.now()}@example.com`, roleKeys: ['salesRep'] });
    const logo = await rep.client.get(res.json().logoUrl);
    expect(logo.statusCode).toBe(200);
    expect(logo.headers['content-type']).toBe('image/png');
    expect((await other.client.get('/api/v1/organization/logo')).statusCode).toBe(404);
    // another organization's file cannot become this one's logo
    expect((await other.client.patch('/api/v1/organization', { logoFileId: fileId })).json().error.details.fields[0].field).toBe('logoFileId');

    expect((await admin.client.patch('/api/v1/organization', { logoFileId: null })).json().logoUrl).toBeNull();
    expect((await rep.client.get('/api/v1/organization/logo')).statusCode).toBe(404);
  });
});
