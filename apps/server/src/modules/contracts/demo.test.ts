import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestEnv } from '../../test/harness.ts';
import { flowRuntime } from '../flows/runtime/index.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestApp(process.env.DEMO_DEBUG ? { LOG_LEVEL: 'error' } : {});
});
afterAll(async () => env?.close());

describe('demo contracts and orders', () => {
  it('seeds ~60 contracts in several states, some pending approval, and orders with partial shipments', async () => {
    const seeded = await new TestClient(env.app).post('/api/v1/demo');
    expect(seeded.statusCode, seeded.body).toBe(201);
    const demo = seeded.json();
    const admin = new TestClient(env.app);
    const login = await admin.post('/api/v1/auth/login', { identifier: 'admin@demo.loopline.cn', password: demo.password });
    expect(login.statusCode, login.body).toBe(200);
    const list = await admin.get('/api/v1/contracts?pageSize=200&count=exact');
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as { status: string; amount: string; quoteId: string | null }[];
    expect(items.length).toBeGreaterThanOrEqual(40);
    const by = (s: string) => items.filter((c) => c.status === s).length;
    expect(by('approved')).toBeGreaterThan(items.length / 2);
    expect(by('draft')).toBeGreaterThan(0);
    expect(by('rejected')).toBeGreaterThan(0);
    // submitted for approval: in review (a published flow) or approved at once (none published)
    const pending = await admin.get(`/api/v1/contracts?pageSize=200&filter=${encodeURIComponent(JSON.stringify({ field: 'status', op: 'eq', value: 'inReview' }))}`);
    expect(pending.statusCode).toBe(200);
    const flows = (await admin.get('/api/v1/flows?kind=approval')).json().items as { recordType: string; status: string }[] | undefined;
    if (flows?.some((f) => f.recordType === 'contract' && f.status === 'active')) {
      const waiting = pending.json().items as { amount: string }[];
      expect(waiting.length).toBeGreaterThanOrEqual(2);
      expect(waiting.some((c) => Number(c.amount) < 50000)).toBe(true);
      expect(waiting.some((c) => Number(c.amount) >= 50000)).toBe(true);
      // the submitted ones wait for the sales director (李娜); approving a large one moves it on to legal
      await flowRuntime(env.app.ctx).drain();
      const login = async (who: string) => {
        const c = new TestClient(env.app);
        expect((await c.post('/api/v1/auth/login', { identifier: `${who}@demo.loopline.cn`, password: demo.password })).statusCode).toBe(200);
        return c;
      };
      const director = await login('director');
      const inbox = (await director.get('/api/v1/approvals/inbox?box=waiting&limit=50')).json().items as { recordType: string; taskId: string; recordId: string; summary: { amount?: string } }[];
      const contractsWaiting = inbox.filter((i) => i.recordType === 'contract');
      expect(contractsWaiting.length).toBeGreaterThanOrEqual(2);
      const large = contractsWaiting.find((i) => Number(i.summary.amount) >= 50000)!;
      const approved = await director.post(`/api/v1/approval-tasks/${large.taskId}/approve`, { comment: '同意' });
      expect(approved.statusCode, approved.body).toBe(200);
      await flowRuntime(env.app.ctx).drain();
      const legal = await login('legal');
      const legalInbox = (await legal.get('/api/v1/approvals/inbox?box=waiting&limit=50')).json().items as { recordId: string }[];
      expect(legalInbox.map((i) => i.recordId)).toContain(large.recordId);
      expect((await admin.get(`/api/v1/contracts/${large.recordId}`)).json().status).toBe('inReview');
    }
    expect(items.some((c) => c.quoteId)).toBe(true);

    const orders = (await admin.get('/api/v1/orders?pageSize=100')).json().items as { deliveryStatus: string; contractId: string | null }[];
    expect(orders.length).toBeGreaterThan(3);
    expect(orders.some((o) => o.deliveryStatus === 'partial')).toBe(true);
    expect(orders.some((o) => o.deliveryStatus === 'delivered')).toBe(true);
  });
});
