import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestApp();
});
afterAll(async () => env?.close());

describe('demo organization', () => {
  it('is created in one step, once, with departments, people in every role and customers', async () => {
    const anon = new TestClient(env.app);
    const first = await anon.post('/api/v1/demo');
    expect(first.statusCode).toBe(201);
    expect(first.json().created).toBe(true);
    const again = await anon.post('/api/v1/demo');
    expect(again.json()).toMatchObject({ created: false, tenantId: first.json().tenantId });

    const admin = new TestClient(env.app);
    const login = await admin.post('/api/v1/auth/login', { identifier: first.json().adminEmail, password: first.json().password });
    expect(login.json().tenant.name).toBe('示例科技有限公司');
    const depts = (await admin.get('/api/v1/departments')).json().items.map((d: { name: string }) => d.name);
    expect(depts).toEqual(expect.arrayContaining(['销售一部', '销售二部', '客服部', '财务部', '法务部']));
    const users = (await admin.get('/api/v1/users')).json();
    expect(users.total).toBe(12);

    // a rep sees only their own customers; the director sees them all
    const rep = new TestClient(env.app);
    await rep.post('/api/v1/auth/login', { identifier: 'rep1@demo.loopline.cn', password: first.json().password });
    const director = new TestClient(env.app);
    await director.post('/api/v1/auth/login', { identifier: '13800000002', password: first.json().password });
    const repTotal = (await rep.get('/api/v1/customers?count=exact')).json().total;
    const allTotal = (await director.get('/api/v1/customers?count=exact')).json().total;
    expect(repTotal).toBeGreaterThan(0);
    expect(allTotal).toBeGreaterThan(repTotal);
  });
});
