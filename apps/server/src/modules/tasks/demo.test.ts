import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestApp();
});
afterAll(async () => env?.close());

describe('demo tasks', () => {
  it('give each rep overdue, coming and done tasks with checklists on their own records; the manager sees the team\'s', async () => {
    const demo = (await new TestClient(env.app).post('/api/v1/demo')).json();
    const login = async (who: string) => {
      const c = new TestClient(env.app);
      await c.post('/api/v1/auth/login', { identifier: `${who}@demo.loopline.cn`, password: demo.password });
      return c;
    };
    const rep = await login('rep1');
    const count = async (bucket: string) => (await rep.get(`/api/v1/tasks?bucket=${bucket}`)).json().total as number;
    expect(await count('overdue')).toBeGreaterThan(0);
    expect((await count('today')) + (await count('upcoming'))).toBeGreaterThan(2);
    expect(await count('done')).toBeGreaterThan(0);
    const all = (await rep.get('/api/v1/tasks?pageSize=100')).json().items as { checklist: unknown[]; recordName: string | null }[];
    expect(all.some((t) => t.checklist.length > 0)).toBe(true);
    expect(all.some((t) => t.recordName)).toBe(true);
    const manager = await login('manager1');
    const team = (await manager.get('/api/v1/tasks?scope=team&pageSize=200')).json().items as { assigneeName: string }[];
    expect(new Set(team.map((t) => t.assigneeName)).size).toBeGreaterThanOrEqual(3);
  });
});
