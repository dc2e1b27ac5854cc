import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestApp();
});
afterAll(async () => env?.close());

const q = async (text: string, params: unknown[]) => ((await env.db.owner.query(text, params)) as { rows: Record<string, any>[] }).rows;

describe('demo quotes', () => {
  it('gives the demo ~40 quotes from its opportunities in every status, priced from its products', async () => {
    const demo = (await new TestClient(env.app).post('/api/v1/demo')).json();
    const byStatus = Object.fromEntries((await q(`SELECT status, count(*)::int AS n FROM quotes WHERE tenant_id = $1 GROUP BY status`, [demo.tenantId])).map((r) => [r.status, r.n]));
    const total = Object.values(byStatus).reduce((a: number, b) => a + (b as number), 0);
    expect(total).toBeGreaterThanOrEqual(35);
    for (const s of ['draft', 'sent', 'accepted', 'rejected', 'expired']) expect(byStatus[s], s).toBeGreaterThan(0);
    // every quote from an opportunity of the same customer, its total the sum of its lines, the lines from demo products
    const bad = await q(`SELECT q.number FROM quotes q JOIN opportunities o ON o.id = q.opportunity_id
      WHERE q.tenant_id = $1 AND (o.customer_id <> q.customer_id OR q.total_amount <> (SELECT sum(l.total_amount) FROM line_items l WHERE l.parent_type = 'quote' AND l.parent_id = q.id)
        OR EXISTS (SELECT 1 FROM line_items l LEFT JOIN products p ON p.id = l.product_id WHERE l.parent_type = 'quote' AND l.parent_id = q.id AND p.id IS NULL))`, [demo.tenantId]);
    expect(bad).toEqual([]);
    const linked = await q(`SELECT count(*)::int AS n FROM quotes WHERE tenant_id = $1 AND opportunity_id IS NOT NULL`, [demo.tenantId]);
    expect(linked[0]!.n).toBe(total);
    // expired ones are past their validity, sent ones are not
    const wrongDates = await q(`SELECT number FROM quotes WHERE tenant_id = $1 AND ((status = 'expired' AND valid_until >= current_date) OR (status = 'sent' AND valid_until < current_date))`, [demo.tenantId]);
    expect(wrongDates).toEqual([]);

    const rep = new TestClient(env.app);
    await rep.post('/api/v1/auth/login', { identifier: 'rep1@demo.loopline.cn', password: demo.password });
    const mine = (await rep.get('/api/v1/quotes?pageSize=50')).json();
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.items.every((x: { ownerName: string; customerName: string }) => x.ownerName === '陈静' && x.customerName)).toBe(true);
    const limits = await q(`SELECT r.key, dl.max_discount_pct::text AS pct FROM discount_limits dl JOIN roles r ON r.id = dl.role_id WHERE dl.tenant_id = $1 ORDER BY r.key`, [demo.tenantId]);
    expect(limits.map((l) => [l.key, Number(l.pct)])).toEqual([['salesDirector', 30], ['salesManager', 20], ['salesRep', 10]]);
    // some drafts need the discount approval
    const over = await q(`SELECT count(*)::int AS n FROM quotes q WHERE tenant_id = $1 AND status = 'draft' AND approval_status = 'none' AND max_discount_pct > 10`, [demo.tenantId]);
    expect(over[0]!.n).toBeGreaterThan(0);
  }, 300_000);
});
