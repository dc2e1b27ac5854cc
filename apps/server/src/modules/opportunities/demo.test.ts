import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestApp();
});
afterAll(async () => env?.close());

const q = async (text: string, params: unknown[]) => ((await env.db.owner.query(text, params)) as { rows: Record<string, any>[] }).rows;

describe('demo opportunities', () => {
  it('has two pipelines, ~300 opportunities across stages with consistent histories, and a channel pipeline only 销售二部 is offered', async () => {
    const demo = (await new TestClient(env.app).post('/api/v1/demo')).json();
    const [o] = await q(`SELECT count(*)::int AS n, count(DISTINCT stage_id)::int AS stages, count(DISTINCT owner_id)::int AS owners,
        count(*) FILTER (WHERE status = 'won')::int AS won, count(*) FILTER (WHERE status = 'lost' AND loss_reason IS NOT NULL)::int AS lost
      FROM opportunities WHERE tenant_id = $1`, [demo.tenantId]);
    expect(o!.n).toBe(300);
    expect(o!.stages).toBeGreaterThanOrEqual(6);
    expect(o!.owners).toBeGreaterThanOrEqual(5);
    expect(o!.won).toBeGreaterThan(30);
    expect(o!.lost).toBeGreaterThan(10);
    // each opportunity's history starts with its creation and ends where it is now
    const [bad] = await q(`SELECT count(*)::int AS n FROM opportunities op WHERE op.tenant_id = $1 AND (
        (SELECT h.to_stage_id FROM opportunity_stage_history h WHERE h.opportunity_id = op.id ORDER BY h.changed_at DESC, h.to_status <> 'open' DESC LIMIT 1) IS DISTINCT FROM op.stage_id
        OR (SELECT h.to_status FROM opportunity_stage_history h WHERE h.opportunity_id = op.id ORDER BY h.changed_at DESC LIMIT 1) IS DISTINCT FROM op.status
        OR (SELECT count(*) FROM opportunity_stage_history h WHERE h.opportunity_id = op.id AND h.from_stage_id IS NULL) <> 1)`, [demo.tenantId]);
    expect(bad!.n).toBe(0);

    const login = async (who: string) => {
      const c = new TestClient(env.app);
      await c.post('/api/v1/auth/login', { identifier: `${who}@demo.loopline.cn`, password: demo.password });
      return c;
    };
    const names = async (c: TestClient) => (await c.get('/api/v1/pipelines')).json().items.map((p: { name: string }) => p.name);
    expect(await names(await login('rep1'))).toEqual(['标准销售流程']);
    expect(await names(await login('rep3'))).toEqual(['标准销售流程', '渠道项目']);
    const board = (await (await login('rep1')).get('/api/v1/opportunities/board')).json();
    expect(board.pipeline.name).toBe('标准销售流程');
    expect(board.columns.map((c: { name: string }) => c.name)).toEqual(['初步接洽', '需求确认', '方案报价', '谈判审核']);
    expect(board.columns.reduce((s: number, c: { count: number }) => s + c.count, 0)).toBeGreaterThan(5);
  });
});
