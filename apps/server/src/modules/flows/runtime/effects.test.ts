import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addUser, createTestApp, signUp, type SignedUp, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { one, rows } from '../../../platform/db/query.ts';
import { createFlowRuntime, type FlowRuntime } from './index.ts';
import { chain, execution, insertFlow, manualLead, startFlow, tasksOf, testClock } from './testFlows.ts';

let env: TestEnv;
let org: SignedUp;
let manager: { client: TestClient; userId: string };
let rep: { client: TestClient; userId: string };
const clock = testClock(new Date());
let rt: FlowRuntime;

beforeAll(async () => {
  env = await createTestApp();
  org = await signUp(env.app);
  manager = await addUser(env, org.client, { name: '经理老陈', email: `mgr-${Date.now()}@example.com`, roleKeys: ['salesManager'] });
  rep = await addUser(env, org.client, { name: '销售小李', email: `rep-${Date.now()}@example.com`, roleKeys: ['salesRep'], managerId: manager.userId });
  rt = createFlowRuntime(env.app.ctx, { clock: clock.now });
}, 60_000);
afterAll(async () => env?.close());

async function newLead(client: TestClient, name: string): Promise<string> {
  const res = await client.post('/api/v1/leads', { name, duplicatePolicy: 'create' });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

const lead = (id: string) => env.db.forTenant(org.tenantId, (d) => one<{ owner_id: string | null; pool_id: string | null; grade: string | null; status: string; next_followup_at: Date | null; custom: unknown }>(d,
  sql`SELECT owner_id::text, pool_id::text, grade, status, next_followup_at, custom FROM leads WHERE id = ${id}`));

describe('flow effects through the modules', () => {
  it('reminds, updates fields, notifies owner and manager, reassigns and returns to the pool — audited as the flow', async () => {
    const pool = await org.client.post('/api/v1/pools', { name: '线索公海', recordTypes: ['lead'] });
    expect(pool.statusCode, pool.body).toBe(201);
    const leadId = await newLead(rep.client, '流程线索');
    const { flowId } = await insertFlow(env.db, org.tenantId, chain(manualLead, [
      { id: 'remind', type: 'followupReminder', config: { after: { days: 3 }, note: '回访 {{record.name}}' } },
      { id: 'fields', type: 'updateFields', config: { values: { grade: 'A', status: 'contacting' } } },
      { id: 'tell', type: 'notify', config: { to: [{ kind: 'owner' }, { kind: 'ownerManager' }], title: '线索 {{record.name}} 已升级' } },
      { id: 'give', type: 'assignOwner', config: { to: { kind: 'ownerManager' }, reason: '升级给经理' } },
      { id: 'back', type: 'returnToPool', config: { reason: '七天未跟进' } },
    ]));
    const { executionId } = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId, recordType: 'lead', recordId: leadId });
    await rt.drain();
    const { exec, steps } = await execution(env.db, org.tenantId, executionId);
    expect(steps.filter((s) => s.status === 'failed').map((s) => s.error)).toEqual([]);
    expect(exec.status).toBe('completed');

    const after = await lead(leadId);
    expect(after).toMatchObject({ owner_id: null, grade: 'A', status: 'contacting' });
    expect(after!.pool_id).toBe(pool.json().id);
    expect(Math.abs(new Date(after!.next_followup_at!).getTime() - (clock.now().getTime() + 3 * 86_400_000))).toBeLessThan(1000);
    const tasks = await tasksOf(env.db, org.tenantId, leadId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.assignee_id).toBe(rep.userId);

    const notes = await env.db.forTenant(org.tenantId, (d) => rows<{ user_id: string; title: string }>(d, sql`SELECT user_id::text, title FROM notifications WHERE title = '线索 流程线索 已升级'`));
    expect(notes.map((n) => n.user_id).sort()).toEqual([manager.userId, rep.userId].sort());

    // every change is audited as the system, inside the execution (depth carried for chained flows)
    const audits = await env.db.forTenant(org.tenantId, (d) => rows<{ action: string; actor_type: string; actor_id: string | null }>(d,
      sql`SELECT action, actor_type, actor_id::text FROM audit_logs WHERE record_type = 'lead' AND record_id = ${leadId} AND actor_type = 'system' ORDER BY id`));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['update', 'ownerChange']));
    expect(audits.every((a) => a.actor_id === null)).toBe(true);
  });

  it('creates records and fails clearly on what it cannot do', async () => {
    const leadId = await newLead(rep.client, '母线索');
    const { flowId } = await insertFlow(env.db, org.tenantId, chain(manualLead, [
      { id: 'make', type: 'createRecord', config: { recordType: 'customer', values: { name: '流程创建的客户 {{record.name}}' } } },
    ]));
    const { executionId } = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId, recordType: 'lead', recordId: leadId });
    await rt.drain();
    const made = await execution(env.db, org.tenantId, executionId);
    expect(made.exec.status).toBe('completed');
    const customerId = (made.steps.find((s) => s.node_id === 'make')!.output as { recordId: string }).recordId;
    const customer = await env.db.forTenant(org.tenantId, (d) => one<{ name: string; owner_id: string }>(d, sql`SELECT name, owner_id::text FROM customers WHERE id = ${customerId}`));
    expect(customer).toEqual({ name: '流程创建的客户 母线索', owner_id: rep.userId });

    const bad = await insertFlow(env.db, org.tenantId, chain(manualLead, [
      { id: 'bad', type: 'updateFields', config: { values: { grade: 'Z' } } },
    ]));
    const failed = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId: bad.flowId, recordType: 'lead', recordId: leadId });
    await rt.drain();
    const f = await execution(env.db, org.tenantId, failed.executionId);
    expect(f.exec.status).toBe('failed');
    expect(f.steps.find((s) => s.node_id === 'bad')!.error).toMatch(/字段值无效|grade/);
    expect((await lead(leadId))!.grade).not.toBe('Z');
  });

  it('dry run shows the path and effects without doing them', async () => {
    const leadId = await newLead(rep.client, '试运行线索');
    const def = chain(manualLead, [
      { id: 'task', type: 'createTask', config: { title: '联系 {{record.name}}', assignee: { kind: 'owner' } } },
      { id: 'wait', type: 'delay', config: { mode: 'duration', duration: { days: 1 } } },
      { id: 'tell', type: 'notify', config: { to: [{ kind: 'ownerManager' }], title: '请关注' } },
    ]);
    const result = await env.db.forTenant(org.tenantId, (d) => rt.dryRun(d, org.tenantId, def, { recordType: 'lead', recordId: leadId }, org.userId));
    expect(result.steps.map((s) => s.nodeId)).toEqual(['start', 'task', 'wait', 'tell', 'end']);
    expect(result.steps[1]!.effects).toEqual([expect.objectContaining({ type: 'createTask', title: '联系 试运行线索' })]);
    expect(result.steps[2]!.waitsUntil).toBeTruthy();
    expect(await tasksOf(env.db, org.tenantId, leadId)).toHaveLength(0);
    const none = await env.db.forTenant(org.tenantId, (d) => rows(d, sql`SELECT 1 FROM flow_executions WHERE record_id = ${leadId}`));
    expect(none).toHaveLength(0);
  });
});
