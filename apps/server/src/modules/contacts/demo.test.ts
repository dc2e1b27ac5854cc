import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestApp();
});
afterAll(async () => env?.close());

const q = async (text: string, params: unknown[]) => ((await env.db.owner.query(text, params)) as { rows: Record<string, any>[] }).rows;

describe('demo customers and contacts', () => {
  it('gives the demo ~200 varied customers, each with 1–3 contacts and exactly one primary', async () => {
    const demo = (await new TestClient(env.app).post('/api/v1/demo')).json();
    const [c] = await q(`SELECT count(*)::int AS n, count(DISTINCT name)::int AS names, count(*) FILTER (WHERE locked)::int AS locked,
        count(*) FILTER (WHERE deal_status <> 'none')::int AS won, count(*) FILTER (WHERE name_norm IS NULL OR phone_norm IS NULL OR email_norm IS NULL)::int AS unkeyed,
        count(*) FILTER (WHERE last_followup_at < now() - interval '20 days')::int AS quiet, count(DISTINCT grade)::int AS grades, count(DISTINCT lifecycle_stage)::int AS stages
      FROM customers WHERE tenant_id = $1`, [demo.tenantId]);
    expect(c).toMatchObject({ n: 200, names: 200, unkeyed: 0, grades: 3 });
    expect(c!.locked).toBeGreaterThan(5);
    expect(c!.won).toBeGreaterThan(50);
    expect(c!.quiet).toBeGreaterThan(20);
    expect(c!.stages).toBeGreaterThanOrEqual(5);
    const owners = await q(`SELECT u.email FROM customers c JOIN users u ON u.id = coalesce(c.owner_id, c.previous_owner_id) WHERE c.tenant_id = $1 GROUP BY u.email`, [demo.tenantId]);
    expect(owners.map((o) => o.email.split('@')[0]).sort()).toEqual(['manager1', 'manager2', 'rep1', 'rep2', 'rep3', 'rep4']);
    const perCustomer = await q(`SELECT count(*)::int AS n, count(*) FILTER (WHERE is_primary)::int AS primaries, count(*) FILTER (WHERE decision_role IS NULL)::int AS roleless
      FROM contacts WHERE tenant_id = $1 GROUP BY customer_id`, [demo.tenantId]);
    expect(perCustomer).toHaveLength(200);
    expect(perCustomer.every((r) => r.n >= 1 && r.n <= 3 && r.primaries === 1 && r.roleless === 0)).toBe(true);

    const rep = new TestClient(env.app);
    await rep.post('/api/v1/auth/login', { identifier: 'rep1@demo.loopline.cn', password: demo.password });
    const mine = (await rep.get('/api/v1/contacts?count=exact')).json();
    expect(mine.total).toBeGreaterThan(20);
    expect(mine.items[0].customerName).toBeTruthy();
  });
});
