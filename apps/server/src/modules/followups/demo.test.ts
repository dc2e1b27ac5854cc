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

describe('demo follow-ups', () => {
  it('a few hundred by the owners, the newest matching the record\'s last follow-up', async () => {
    const demo = (await new TestClient(env.app).post('/api/v1/demo')).json();
    const director = await login('director@demo.loopline.cn', demo.password);
    const all = (await director.get('/api/v1/followups?pageSize=100')).json();
    expect(all.total).toBeGreaterThanOrEqual(150);
    expect(all.total).toBeLessThanOrEqual(400);
    const outcomes = new Set(all.items.map((x: any) => x.outcome));
    expect(outcomes.size).toBeGreaterThanOrEqual(3);
    expect(all.items.some((x: any) => x.type === 'visit' && x.location?.lat)).toBe(true);

    const rep1 = await login('rep1@demo.loopline.cn', demo.password);
    const mine = (await rep1.get('/api/v1/followups?mine=1&recordType=lead')).json();
    expect(mine.total).toBeGreaterThan(0);
    const one = mine.items[0];
    const lead = (await rep1.get(`/api/v1/leads/${one.recordId}`)).json();
    expect(lead.ownerId).toBe(one.ownerId);
    const newest = (await rep1.get(`/api/v1/followups?recordType=lead&recordId=${one.recordId}`)).json().items[0];
    expect(newest.createdAt).toBe(lead.lastFollowupAt);
  });
});
