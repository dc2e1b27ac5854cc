import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestApp();
});
afterAll(async () => env?.close());

async function login(identifier: string, password: string): Promise<TestClient> {
  const c = new TestClient(env.app);
  expect((await c.post('/api/v1/auth/login', { identifier, password })).statusCode).toBe(200);
  return c;
}

describe('demo pools', () => {
  it('gives the demo a customer pool and a lead pool with rules, caps and records waiting', async () => {
    const demo = (await new TestClient(env.app).post('/api/v1/demo')).json();
    const rep = await login('rep1@demo.loopline.cn', demo.password);
    const mine = (await rep.get('/api/v1/pools')).json().items;
    expect(mine.map((p: { name: string }) => p.name)).toEqual(['华东公海', '线索公海']);
    const [customers] = mine;
    expect(customers).toMatchObject({ hideContacts: true, dailyClaimLimit: 10, reclaimCooldownDays: 7, warnDaysBefore: 3, me: { member: true, claimsLeft: 10 } });
    expect(customers.counts.customer).toBeGreaterThan(0);
    const rules = (await rep.get(`/api/v1/pools/${customers.id}/rules`)).json().items;
    expect(rules).toEqual([
      { recordType: 'customer', grade: '*', noFollowupDays: 15, noOpportunityDays: null, notClosedDays: null },
      { recordType: 'customer', grade: 'A', noFollowupDays: 30, noOpportunityDays: null, notClosedDays: null },
    ]);
    const waiting = (await rep.get(`/api/v1/pools/${customers.id}/records?recordType=customer`)).json().items;
    expect(waiting[0].previousOwnerName).toBeTruthy();
    expect((await rep.post(`/api/v1/pools/${customers.id}/claim`, { recordType: 'customer', ids: [waiting[0].id] })).statusCode).toBe(200);

    const admin = await login(demo.adminEmail, demo.password);
    const caps = (await admin.get('/api/v1/ownership-caps')).json().items;
    expect(caps).toHaveLength(4);
    expect(caps[0]).toMatchObject({ subjectType: 'user', maxOwned: 60, maxLocked: 10 });
    const todo = (await rep.get('/api/v1/todo')).json().groups.find((g: { key: string }) => g.key === 'poolReturns');
    expect(todo?.total).toBeGreaterThan(0);
  });
});
