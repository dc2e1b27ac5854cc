import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestApp();
});
afterAll(async () => env?.close());

const login = async (identifier: string, password: string) => {
  const c = new TestClient(env.app);
  const res = await c.post('/api/v1/auth/login', { identifier, password });
  expect(res.statusCode, res.body).toBe(200);
  return c;
};

describe('demo leads', () => {
  it('fill the demo organization: every status and channel, reps own theirs, some wait, twins for 查重', async () => {
    const demo = (await new TestClient(env.app).post('/api/v1/demo')).json();
    const director = await login('director@demo.loopline.cn', demo.password);
    const all = (await director.get('/api/v1/leads?pageSize=1')).json();
    expect(all.total).toBeGreaterThanOrEqual(490);
    const count = async (filter: unknown) => (await director.get(`/api/v1/leads?pageSize=1&filter=${encodeURIComponent(JSON.stringify(filter))}`)).json().total as number;
    expect(await count({ field: 'ownerId', op: 'isEmpty' })).toBeGreaterThanOrEqual(30);
    for (const status of ['new', 'contacting', 'qualified', 'invalid']) expect(await count({ field: 'status', op: 'eq', value: status }), status).toBeGreaterThan(10);
    for (const source of ['webForm', 'api', 'import', 'referral']) expect(await count({ field: 'source', op: 'eq', value: source }), source).toBeGreaterThan(5);

    const converted = (await director.get(`/api/v1/leads?filter=${encodeURIComponent(JSON.stringify({ field: 'status', op: 'eq', value: 'converted' }))}`)).json().items;
    expect(converted.length).toBeGreaterThan(0);
    expect(converted[0].convertedCustomerName).toBeTruthy(); // converted into a demo customer

    const rep = await login('rep1@demo.loopline.cn', demo.password);
    const mine = (await rep.get('/api/v1/leads?pageSize=200')).json();
    expect(mine.total).toBeGreaterThan(50);
    expect(mine.total).toBeLessThan(all.total / 3);

    // a lead entered twice with the mobile written differently is found by 查重
    const twins = (await director.get(`/api/v1/leads?pageSize=200&filter=${encodeURIComponent(JSON.stringify({ field: 'mobile', op: 'contains', value: '+86' }))}`)).json().items;
    expect(twins.length).toBeGreaterThan(0);
    const again = (await director.get(`/api/v1/leads?q=${encodeURIComponent(twins[0].mobile)}`)).json().items;
    expect(again.length).toBeGreaterThanOrEqual(2);

    // each demo lead has a history dated when it happened; worked ones show their status change
    const worked = (await director.get(`/api/v1/leads?filter=${encodeURIComponent(JSON.stringify({ field: 'status', op: 'eq', value: 'contacting' }))}`)).json().items[0];
    const history = (await director.get(`/api/v1/leads/${worked.id}/history`)).json().items as { action: string; createdAt: string }[];
    expect(history.map((h) => h.action)).toEqual(['statusChange', 'create']);
    expect(new Date(history[1]!.createdAt).getTime()).toBe(new Date(worked.createdAt).getTime());
  });
});
