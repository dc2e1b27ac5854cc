/**
 * Record changes made through the real API become executions — or a logged reason why not — via
 * the audit path's flow events and the dispatcher.
 */
import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FlowTrigger } from '@loopline/shared';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Db } from '../../../platform/db/client.ts';
import { one, rows } from '../../../platform/db/query.ts';
import { inTransaction } from '../../../platform/db/transaction.ts';
import { addUser, createTestApp, signUp, type SignedUp, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { dispatchFlowEvents } from './dispatch.ts';
import { useTriggerRuntime } from './jobs.ts';
import { executionsOf, publishTestFlow, runtimeForTests } from './testFlows.ts';
import type { FlowRuntime } from '../runtime/index.ts';

let env: TestEnv;
let admin: SignedUp;
let rep: { client: TestClient; userId: string };
let runtime: FlowRuntime;
const api = '/api/v1';

const db = <T>(fn: (d: Db) => Promise<T>) => env.db.forTenant(admin.tenantId, fn);
const publish = (trigger: FlowTrigger, name?: string) => db((d) => publishTestFlow(d, admin.tenantId, { trigger, name }));
const dispatch = () => dispatchFlowEvents(env.app.ctx, runtime);
const disableAll = () => db((d) => d.execute(sql`UPDATE flows SET status = 'disabled' WHERE tenant_id = ${admin.tenantId}`));

async function newLead(client: TestClient, body: Record<string, unknown>): Promise<string> {
  const res = await client.post(`${api}/leads`, { duplicatePolicy: 'create', mobile: `139${crypto.randomInt(10_000_000, 99_999_999)}`, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function checks(client: TestClient, recordType: string, recordId: string) {
  const res = await client.get(`${api}/flow-checks?recordType=${recordType}&recordId=${recordId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as { flowId: string; flowName: string; started: boolean; reason: string; executionId: string | null; eventAction: string }[];
}

beforeAll(async () => {
  env = await createTestApp();
  admin = await signUp(env.app);
  rep = await addUser(env, admin.client, { name: '销售小王', email: `rep-${crypto.randomBytes(4).toString('hex')}@example.com`, roleKeys: ['salesRep'] });
  runtime = runtimeForTests(env.app.ctx);
  useTriggerRuntime(env.app.ctx, runtime);
}, 240_000);
afterAll(async () => env?.close(), 60_000);
// each test's flows stop listening when it ends (passed or not)
afterEach(async () => {
  await disableAll();
});

describe('record triggers through the API', () => {
  it('recordCreated with a condition: starts for grade A, logs why not for grade B', async () => {
    const flow = await publish({ type: 'recordCreated', recordType: 'lead', condition: { field: 'grade', op: 'eq', value: 'A' } }, '新线索 SOP');
    const a = await newLead(admin.client, { name: '甲', grade: 'A' });
    const b = await newLead(admin.client, { name: '乙', grade: 'B' });
    expect(await dispatch()).toBe(2);

    const ex = await db((d) => executionsOf(d, flow.id));
    expect(ex.map((e) => e.record_id)).toEqual([a]);
    expect(ex[0]).toMatchObject({ record_type: 'lead', depth: 0 });
    expect(ex[0]!.trigger_key).toMatch(/^event:\d+$/);
    expect(ex[0]!.trigger).toMatchObject({ type: 'recordCreated', userId: admin.userId });

    const [ca] = await checks(admin.client, 'lead', a);
    expect(ca).toMatchObject({ flowId: flow.id, flowName: '新线索 SOP', started: true, executionId: ex[0]!.id, eventAction: 'create', reason: '已启动' });
    const [cb] = await checks(admin.client, 'lead', b);
    expect(cb).toMatchObject({ started: false, executionId: null, reason: '条件不满足：线索级别 = 重点客户' });
    // the events are gone: dispatching again does nothing
    expect(await dispatch()).toBe(0);
    // and the runtime takes it from there: trigger → end
    await runtime.drain();
    expect((await db((d) => executionsOf(d, flow.id)))[0]).toMatchObject({ status: 'completed' });
  });

  it('statusEntered: a status change starts it, another change says why not', async () => {
    const flow = await publish({ type: 'statusEntered', recordType: 'lead', statusField: 'status', statusValue: 'qualified' });
    const id = await newLead(admin.client, { name: '丙' });
    expect((await admin.client.post(`${api}/leads/${id}/status`, { status: 'contacting' })).statusCode).toBe(200);
    expect((await admin.client.post(`${api}/leads/${id}/status`, { status: 'qualified' })).statusCode).toBe(200);
    expect((await admin.client.patch(`${api}/leads/${id}`, { company: '丙公司' })).statusCode).toBe(200);
    await dispatch();
    const ex = await db((d) => executionsOf(d, flow.id));
    expect(ex).toHaveLength(1);
    expect(ex[0]!.trigger).toMatchObject({ changes: { status: { before: 'contacting', after: 'qualified' } } });
    const reasons = (await checks(admin.client, 'lead', id)).map((c) => c.reason);
    // newest first: the company edit, qualified, contacting, the create (status new)
    expect(reasons).toEqual(['线索状态未变化', '已启动', '线索状态变为 跟进中，不是 已确认', '线索状态变为 新线索，不是 已确认']);
  });

  it('recordUpdated restricted to fields, with old and new conditions', async () => {
    const flow = await publish({
      type: 'recordUpdated', recordType: 'lead', fields: ['grade'],
      condition: { field: 'grade', op: 'eq', value: 'A' }, previousCondition: { field: 'grade', op: 'neq', value: 'A' },
    });
    const id = await newLead(admin.client, { name: '丁', grade: 'C' });
    await admin.client.patch(`${api}/leads/${id}`, { company: '丁公司' });
    await admin.client.patch(`${api}/leads/${id}`, { grade: 'B' });
    await admin.client.patch(`${api}/leads/${id}`, { grade: 'A' });
    await admin.client.patch(`${api}/leads/${id}`, { grade: 'A', company: '丁公司二' });
    await dispatch();
    const ex = await db((d) => executionsOf(d, flow.id));
    expect(ex).toHaveLength(1);
    const reasons = (await checks(admin.client, 'lead', id)).map((c) => c.reason);
    expect(reasons).toEqual(['更新的字段不含 线索级别', '已启动', '条件不满足：线索级别 = 重点客户', '更新的字段不含 线索级别', '新建记录不算更新']);
  });

  it('ownerChanged: a transfer and a create with an owner start it', async () => {
    const flow = await publish({ type: 'ownerChanged', recordType: 'lead' });
    const id = await newLead(admin.client, { name: '戊' });
    const t = await admin.client.patch(`${api}/leads/${id}/owner`, { ownerId: rep.userId });
    expect(t.statusCode, t.body).toBe(200);
    await admin.client.patch(`${api}/leads/${id}`, { company: '戊公司' });
    await dispatch();
    const ex = await db((d) => executionsOf(d, flow.id));
    expect(ex).toHaveLength(2); // the create ("on assignment") and the transfer
    const reasons = (await checks(admin.client, 'lead', id)).map((c) => c.reason);
    expect(reasons[0]).toBe('负责人未变化');
  });

  it('followupLogged runs on the follow-up’s record, by outcome', async () => {
    const flow = await publish({ type: 'followupLogged', recordType: 'lead', outcomes: ['highIntent'] });
    const id = await newLead(admin.client, { name: '己' });
    const log = async (outcome: string) => {
      const res = await admin.client.post(`${api}/followups`, { recordType: 'lead', recordId: id, type: 'call', content: '电话沟通', outcome });
      expect(res.statusCode, res.body).toBe(201);
    };
    await log('noAnswer');
    await log('highIntent');
    await dispatch();
    const ex = await db((d) => executionsOf(d, flow.id));
    expect(ex).toHaveLength(1);
    expect(ex[0]).toMatchObject({ record_type: 'lead', record_id: id });
    expect(ex[0]!.trigger).toMatchObject({ type: 'followupLogged', payload: { outcome: 'highIntent', recordId: id } });
    const c = await checks(admin.client, 'lead', id);
    // a follow-up also updates the lead's follow-up fields: that is a lead event, no follow-up flow cares
    expect(c.filter((x) => x.eventAction === 'create').map((x) => x.reason)).toEqual(['已启动', '跟进结果为未接通，不是 高意向']);
  });

  it('flows of other tenants, disabled flows and unrelated record types are not considered', async () => {
    const other = await signUp(env.app);
    const theirs = await env.db.forTenant(other.tenantId, (d) => publishTestFlow(d, other.tenantId, { trigger: { type: 'recordCreated', recordType: 'lead' } }));
    const disabled = await db((d) => publishTestFlow(d, admin.tenantId, { trigger: { type: 'recordCreated', recordType: 'lead' }, status: 'disabled' }));
    const onCustomers = await publish({ type: 'recordCreated', recordType: 'customer' });
    const id = await newLead(admin.client, { name: '庚' });
    await dispatch();
    for (const f of [theirs, disabled]) expect(await env.db.asSystem((d) => executionsOf(d, f.id))).toEqual([]);
    expect(await db((d) => executionsOf(d, onCustomers.id))).toEqual([]);
    expect(await checks(admin.client, 'lead', id)).toEqual([]); // no flow listens to leads: no event at all
  });
});

describe('idempotency and depth', () => {
  it('the same event dispatched twice starts one execution', async () => {
    const flow = await publish({ type: 'recordCreated', recordType: 'lead' });
    const id = await newLead(admin.client, { name: '辛' });
    const [ev] = await db((d) => rows<Record<string, unknown>>(d, sql`SELECT * FROM flow_events WHERE tenant_id = ${admin.tenantId}`));
    await dispatch();
    // the event comes back (a redelivery): same id, same trigger key
    await db((d) => d.execute(sql`INSERT INTO flow_events (id, tenant_id, audit_id, action, record_type, record_id, changes, actor_id, depth, created_at)
      VALUES (${ev!.id}, ${admin.tenantId}, ${ev!.audit_id}, 'create', 'lead', ${id}, ${JSON.stringify(ev!.changes)}::jsonb, ${admin.userId}, NULL, now())`));
    await dispatch();
    expect(await db((d) => executionsOf(d, flow.id))).toHaveLength(1);
    const c = await checks(admin.client, 'lead', id);
    expect(c.map((x) => x.reason)).toEqual(['已启动（同一事件已有执行）', '已启动']);
    expect(c[0]!.executionId).toBe(c[1]!.executionId);
  });

  it('two dispatchers at once take each event once', async () => {
    const flow = await publish({ type: 'recordCreated', recordType: 'lead' });
    const res = await admin.client.post(`${api}/leads/batch`, { duplicatePolicy: 'create', items: Array.from({ length: 30 }, (_, i) => ({ name: `批量${i}`, mobile: `138${String(10_000_000 + i)}` })) });
    expect(res.statusCode, res.body).toBe(200);
    const done = await Promise.all([dispatchFlowEvents(env.app.ctx, runtime, { batch: 7 }), dispatchFlowEvents(env.app.ctx, runtime, { batch: 5 })]);
    expect(done[0] + done[1]).toBe(30);
    const ex = await db((d) => executionsOf(d, flow.id));
    expect(ex).toHaveLength(30);
    expect(new Set(ex.map((e) => e.record_id)).size).toBe(30);
  });

  it('a change made by a flow starts the next one a level deeper; past the limit it fails visibly', async () => {
    const flow = await publish({ type: 'recordUpdated', recordType: 'lead' });
    const id = await newLead(admin.client, { name: '壬' });
    const change = (depth: number, value: string) => db((d) => inTransaction(d, (tx) => recordAudit(tx, { tenantId: admin.tenantId, actorId: null, actorType: 'system', flow: { executionId: crypto.randomUUID(), depth } }, {
      action: 'update', recordType: 'lead', recordId: id, before: { company: null }, after: { company: value },
    })));
    await change(2, 'x');
    await change(5, 'y');
    await dispatch();
    const ex = await db((d) => executionsOf(d, flow.id));
    expect(ex.map((e) => e.depth)).toEqual([3, 6]);
    expect(ex[1]).toMatchObject({ status: 'failed' });
    expect(ex[1]!.error).toContain('5');
    const c = await checks(admin.client, 'lead', id);
    expect(c[0]!.reason).toBe('流程触发层级超过 5 层，已停止');
  });
});

describe('GET /flow-checks', () => {
  it('needs a record the caller can see', async () => {
    await publish({ type: 'recordCreated', recordType: 'lead' });
    const id = await newLead(admin.client, { name: '癸' });
    await dispatch();
    expect((await rep.client.get(`${api}/flow-checks?recordType=lead&recordId=${id}`)).statusCode).toBe(404);
    const mine = await newLead(rep.client, { name: '小王的线索' });
    await dispatch();
    expect((await checks(rep.client, 'lead', mine)).map((c) => c.started)).toEqual([true]);
    expect((await admin.client.get(`${api}/flow-checks?recordType=lead&recordId=nope`)).statusCode).toBe(400);
  });

  it('keeps 30 days', async () => {
    const flow = await publish({ type: 'recordCreated', recordType: 'lead' });
    const id = await newLead(admin.client, { name: '旧' });
    await dispatch();
    await db((d) => d.execute(sql`UPDATE flow_trigger_checks SET created_at = now() - interval '31 days' WHERE flow_id = ${flow.id}`));
    expect(await checks(admin.client, 'lead', id)).toEqual([]);
    const { pruneTriggerChecks } = await import('./schedule.ts');
    expect(await pruneTriggerChecks(env.app.ctx, new Date())).toBeGreaterThanOrEqual(1);
    expect(await db((d) => one(d, sql`SELECT 1 AS x FROM flow_trigger_checks WHERE flow_id = ${flow.id}`))).toBeUndefined();
  });
});
