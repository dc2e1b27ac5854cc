/** The manual button and the inbound webhook. */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client.ts';
import { addUser, createTestApp, signUp, TestClient, type SignedUp, type TestEnv } from '../../../test/harness.ts';
import { useTriggerRuntime } from './jobs.ts';
import { executionsOf, publishTestFlow, runtimeForTests } from './testFlows.ts';

let env: TestEnv;
let admin: SignedUp;
let rep: { client: TestClient; userId: string };
const api = '/api/v1';
const db = <T>(fn: (d: Db) => Promise<T>) => env.db.forTenant(admin.tenantId, fn);

async function newLead(client: TestClient, name: string): Promise<string> {
  const res = await client.post(`${api}/leads`, { name, duplicatePolicy: 'create', mobile: `135${crypto.randomInt(10_000_000, 99_999_999)}` });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

beforeAll(async () => {
  env = await createTestApp();
  admin = await signUp(env.app);
  rep = await addUser(env, admin.client, { name: '销售小李', email: `rep-${crypto.randomBytes(4).toString('hex')}@example.com`, roleKeys: ['salesRep'] });
  useTriggerRuntime(env.app.ctx, runtimeForTests(env.app.ctx));
}, 240_000);
afterAll(async () => env?.close(), 60_000);

describe('manual flows', () => {
  it('lists the buttons of a record type and runs one on a visible record', async () => {
    const flow = await db((d) => publishTestFlow(d, admin.tenantId, { name: '发报价', trigger: { type: 'manual', recordType: 'lead', buttonLabel: '发送报价' } }));
    await db((d) => publishTestFlow(d, admin.tenantId, { name: '客户按钮', trigger: { type: 'manual', recordType: 'customer' } }));
    await db((d) => publishTestFlow(d, admin.tenantId, { name: '停用的', trigger: { type: 'manual', recordType: 'lead' }, status: 'disabled' }));
    const list = await rep.client.get(`${api}/flows/manual?recordType=lead`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toEqual([{ id: flow.id, name: '发报价', buttonLabel: '发送报价' }]);

    const mine = await newLead(rep.client, '小李的线索');
    const run = await rep.client.post(`${api}/flows/${flow.id}/run`, { recordType: 'lead', recordId: mine });
    expect(run.statusCode, run.body).toBe(202);
    const ex = await db((d) => executionsOf(d, flow.id));
    expect(ex).toHaveLength(1);
    expect(ex[0]).toMatchObject({ id: run.json().executionId, record_id: mine, depth: 0 });
    expect(ex[0]!.trigger_key).toMatch(/^manual:/);
    expect(ex[0]!.trigger).toMatchObject({ type: 'manual', userId: rep.userId });
    // each click is its own run
    expect((await rep.client.post(`${api}/flows/${flow.id}/run`, { recordType: 'lead', recordId: mine })).statusCode).toBe(202);
    expect(await db((d) => executionsOf(d, flow.id))).toHaveLength(2);
    const checks = (await rep.client.get(`${api}/flow-checks?recordType=lead&recordId=${mine}`)).json().items;
    expect(checks[0]).toMatchObject({ started: true, eventAction: 'manual', reason: '销售小李 手动运行' });
  });

  it('a rep cannot run a flow on a record they cannot see; wrong flows are refused', async () => {
    const flow = await db((d) => publishTestFlow(d, admin.tenantId, { trigger: { type: 'manual', recordType: 'lead' } }));
    const theirs = await newLead(admin.client, '管理员的线索');
    const denied = await rep.client.post(`${api}/flows/${flow.id}/run`, { recordType: 'lead', recordId: theirs });
    expect(denied.statusCode).toBe(404);
    expect(await db((d) => executionsOf(d, flow.id))).toEqual([]);

    const auto = await db((d) => publishTestFlow(d, admin.tenantId, { trigger: { type: 'recordCreated', recordType: 'lead' } }));
    expect((await admin.client.post(`${api}/flows/${auto.id}/run`, { recordType: 'lead', recordId: theirs })).json().error.code).toBe('FLOW_NOT_MANUAL');
    const off = await db((d) => publishTestFlow(d, admin.tenantId, { trigger: { type: 'manual', recordType: 'lead' }, status: 'disabled' }));
    const r = await admin.client.post(`${api}/flows/${off.id}/run`, { recordType: 'lead', recordId: theirs });
    expect([r.statusCode, r.json().error.code]).toEqual([409, 'FLOW_NOT_ACTIVE']);
    expect((await admin.client.post(`${api}/flows/${flow.id}/run`, { recordType: 'customer', recordId: theirs })).statusCode).toBe(409);
    expect((await admin.client.post(`${api}/flows/${crypto.randomUUID()}/run`, { recordType: 'lead', recordId: theirs })).statusCode).toBe(404);
    expect((await admin.client.post(`${api}/flows/${flow.id}/run`, { recordType: 'lead', recordId: crypto.randomUUID() })).statusCode).toBe(404);
    await db((d) => d.execute(sql`UPDATE flows SET status = 'disabled' WHERE id IN (${auto.id}, ${flow.id})`));
  });
});

describe('inbound webhook', () => {
  const stranger = () => new TestClient(env.app);

  it('starts the flow; the same Idempotency-Key answers the same execution', async () => {
    const flow = await db((d) => publishTestFlow(d, admin.tenantId, { trigger: { type: 'webhook', recordType: 'lead' } }));
    const lead = await newLead(admin.client, '外部系统线索');
    const url = `${api}/public/flow-hooks/${flow.webhookKey}`;
    const first = await stranger().request('POST', url, { recordId: lead, orderNo: 'A-1' }, { 'idempotency-key': 'order-A-1' });
    expect(first.statusCode, first.body).toBe(202);
    const again = await stranger().request('POST', url, { recordId: lead, orderNo: 'A-1' }, { 'idempotency-key': 'order-A-1' });
    expect(again.statusCode).toBe(202);
    expect(again.json().executionId).toBe(first.json().executionId);
    const other = await stranger().post(url, { orderNo: 'B-2' });
    expect(other.statusCode).toBe(202);
    expect(other.json().executionId).not.toBe(first.json().executionId);

    const ex = await db((d) => executionsOf(d, flow.id));
    expect(ex).toHaveLength(2);
    expect(ex.find((e) => e.id === first.json().executionId)).toMatchObject({ record_type: 'lead', record_id: lead, trigger_key: 'hook:order-A-1' });
    expect(ex.find((e) => e.id === first.json().executionId)!.trigger).toMatchObject({ type: 'webhook', payload: { orderNo: 'A-1' } });
    expect(ex.find((e) => e.id === other.json().executionId)).toMatchObject({ record_id: null });
  });

  it('refuses unknown keys, inactive flows, bad records and big bodies', async () => {
    expect((await stranger().post(`${api}/public/flow-hooks/nope`, {})).statusCode).toBe(404);
    const off = await db((d) => publishTestFlow(d, admin.tenantId, { trigger: { type: 'webhook', recordType: 'lead' }, status: 'disabled' }));
    const r = await stranger().post(`${api}/public/flow-hooks/${off.webhookKey}`, {});
    expect([r.statusCode, r.json().error.code]).toEqual([409, 'FLOW_NOT_ACTIVE']);
    const on = await db((d) => publishTestFlow(d, admin.tenantId, { trigger: { type: 'webhook', recordType: 'lead' } }));
    const url = `${api}/public/flow-hooks/${on.webhookKey}`;
    expect((await stranger().post(url, { recordId: crypto.randomUUID() })).statusCode).toBe(400);
    expect((await stranger().post(url, { recordId: 42 })).statusCode).toBe(400);
    expect((await stranger().post(url, { blob: 'x'.repeat(70 * 1024) })).statusCode).toBe(413);
    expect((await stranger().request('POST', url, [1, 2] as never)).statusCode).toBe(400);
    // a record of another tenant is not a record of this flow
    const other = await signUp(env.app);
    const foreign = await newLead(other.client, '别家的线索');
    expect((await stranger().post(url, { recordId: foreign })).statusCode).toBe(400);
    expect(await db((d) => executionsOf(d, on.id))).toEqual([]);
  });
});
