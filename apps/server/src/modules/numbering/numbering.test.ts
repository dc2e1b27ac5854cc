import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { setupOrg, type Org } from '../customers/testOrg.ts';

let env: TestEnv;
let org: Org;
const api = '/api/v1';

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
});
afterAll(async () => {
  await env?.close();
});

describe('numbering rules', () => {
  it('lists defaults, lets admins change a rule, previews without consuming', async () => {
    const rules = (await org.rep1.client.get(`${api}/numbering-rules`)).json().items;
    expect(rules.find((r: { recordType: string }) => r.recordType === 'customer')).toMatchObject({ prefix: 'KH', dateFormat: 'YYYYMMDD', sequenceLength: 4, reset: 'daily', configured: false });
    const body = { prefix: 'KH-', dateFormat: 'YYYYMM', sequenceLength: 5, reset: 'monthly' };
    expect((await org.rep1.client.put(`${api}/numbering-rules/customer`, body)).statusCode).toBe(403);
    const put = await org.admin.client.put(`${api}/numbering-rules/customer`, body);
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ configured: true, next: expect.stringMatching(/^KH-\d{6}00001$/) });
    const p1 = (await org.admin.client.get(`${api}/numbering-rules/customer/preview`)).json().next;
    const p2 = (await org.admin.client.get(`${api}/numbering-rules/customer/preview`)).json().next;
    expect(p1).toBe(p2);
    const c = (await org.admin.client.post(`${api}/customers`, { name: '编号客户' })).json();
    expect(c.number).toBe(p1);
    const hist = (await org.admin.client.get(`${api}/audit?recordType=numberRule`)).json().items;
    expect(hist[0]).toMatchObject({ action: 'update' });
  });

  it('rejects bad rules and unknown record types', async () => {
    const put = (type: string, body: Record<string, unknown>) => org.admin.client.put(`${api}/numbering-rules/${type}`, body);
    const ok = { prefix: 'HT', dateFormat: 'YYYY', sequenceLength: 4, reset: 'yearly' };
    expect((await put('spaceship', ok)).statusCode).toBe(400);
    expect((await put('contract', { ...ok, prefix: "x'; DROP TABLE x" })).statusCode).toBe(400);
    expect((await put('contract', { ...ok, sequenceLength: 40 })).statusCode).toBe(400);
    expect((await put('contract', { ...ok, reset: 'hourly' })).statusCode).toBe(400);
    expect((await put('contract', { ...ok, extra: 1 })).statusCode).toBe(400);
    expect((await put('contract', ok)).statusCode).toBe(200);
  });
});
