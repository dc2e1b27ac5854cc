import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ApprovalInstanceView, FlowDefinition } from '@loopline/shared';
import { addUser, createTestApp, signUp, type SignedUp, type TestClient, type TestEnv } from '../../test/harness.ts';
import { rows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { createFlowRuntime, type FlowRuntime } from '../flows/runtime/index.ts';
import { SimulatedCrash } from '../flows/runtime/worker.ts';
import { testClock } from '../flows/runtime/testFlows.ts';
import { registerApprovable } from './registry.ts';
import { setApprovalRuntime } from './routes.ts';
import { assertNotLocked, lockedRecordIds } from './lock.ts';
import { runApprovalTimeouts } from './timeouts.ts';
import { systemActor } from '../../platform/auth/systemActor.ts';

let env: TestEnv;
let org: SignedUp;
const clock = testClock();
let rt: FlowRuntime;
const people: Record<string, { client: TestClient; userId: string }> = {};
const statusCalls: { recordId: string; status: string }[] = [];

// the test's approvable: customers (the module registers none), recording every status change
registerApprovable({
  recordType: 'customer',
  async describe(tx, tenantId, recordId) {
    const [r] = await rows<{ name: string; owner_id: string | null }>(tx, sql`SELECT name, owner_id::text AS owner_id FROM customers WHERE id = ${recordId} AND tenant_id = ${tenantId}`);
    return r ? { title: `客户：${r.name}`, summary: {}, ownerId: r.owner_id } : null;
  },
  async onStatus(_tx, _tenantId, recordId, status) {
    statusCalls.push({ recordId, status });
  },
});

const api = '/api/v1';
const admin = () => org.client;

async function customer(name: string, amount: string, as: TestClient = admin()): Promise<string> {
  const res = await as.post(`${api}/customers`, { name, duplicatePolicy: 'create', custom: { amount: Number(amount) } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

type Node = FlowDefinition['nodes'][number];
const approval = (id: string, config: Record<string, unknown>, label = id): Node => ({ id, type: 'approval', label, config, position: { x: 0, y: 0 } });
const plain = (id: string, type: string, config: Record<string, unknown> = {}): Node => ({ id, type, config, position: { x: 0, y: 0 } });
const e = (source: string, target: string, sourceHandle?: string) => ({ id: `${source}-${sourceHandle ?? 'n'}-${target}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) });

async function publish(name: string, def: FlowDefinition): Promise<string> {
  const created = await admin().post(`${api}/flows`, { name, draft: def });
  expect(created.statusCode, created.body).toBe(201);
  expect(created.json().kind).toBe('approval');
  const pub = await admin().post(`${api}/flows/${created.json().id}/publish`);
  expect(pub.statusCode, pub.body).toBe(200);
  return created.json().id as string;
}

async function disableAll() {
  const list = (await admin().get(`${api}/flows?kind=approval`)).json().items as { id: string; status: string }[];
  for (const f of list) if (f.status === 'active') await admin().post(`${api}/flows/${f.id}/disable`, {});
}

/** A single-purpose flow for customers: trigger → nodes (chain of approvals) → end. */
function chainFlow(nodes: Node[], condition?: unknown): FlowDefinition {
  const all = [plain('start', 'trigger'), ...nodes, plain('end', 'end')];
  const edges = all.slice(1).map((n, i) => e(all[i]!.id, n.id, all[i]!.type === 'approval' ? 'approved' : undefined));
  return { trigger: { type: 'approvalSubmitted', recordType: 'customer', ...(condition ? { condition } : {}) } as FlowDefinition['trigger'], nodes: all, edges };
}

async function submit(recordId: string, as: TestClient = people.rep!.client, extra: Record<string, unknown> = {}) {
  return as.post(`${api}/approvals`, { recordType: 'customer', recordId, ...extra });
}
const myTask = async (instanceId: string, who: string) => (await people[who]!.client.get(`${api}/approvals/${instanceId}`)).json() as ApprovalInstanceView;
async function decide(instanceId: string, who: string, action = 'approve', body: Record<string, unknown> = {}) {
  const v = await myTask(instanceId, who);
  expect(v.myTask, `${who} has no task`).not.toBeNull();
  return people[who]!.client.post(`${api}/approval-tasks/${v.myTask!.id}/${action}`, body);
}
const state = async (id: string) => (await admin().get(`${api}/approvals/${id}`)).json() as ApprovalInstanceView;

beforeAll(async () => {
  env = await createTestApp();
  org = await signUp(env.app);
  rt = createFlowRuntime(env.app.ctx, { clock: clock.now });
  setApprovalRuntime(rt);
  const cf = await admin().post(`${api}/custom-fields`, { recordType: 'customer', key: 'amount', label: '金额', type: 'number' });
  expect(cf.statusCode, cf.body).toBe(201);
  const add = async (key: string, roleKeys: string[], managerId?: string) => {
    people[key] = await addUser(env, admin(), { name: key, email: `${key}-${org.tenantId.slice(0, 6)}@example.com`, roleKeys, managerId });
  };
  await add('director', ['salesDirector']);
  await add('legal1', ['legal']);
  await add('legal2', ['legal']);
  await add('manager', ['salesManager'], people.director!.userId);
  await add('rep', ['salesRep'], people.manager!.userId);
  people.admin = { client: org.client, userId: org.userId };
}, 120_000);
afterEach(async () => {
  setApprovalRuntime(rt);
  await disableAll();
});
afterAll(async () => {
  setApprovalRuntime(null);
  await env?.close();
});

describe('approval flows', () => {
  it('routes 49,999.99 to the director only and 50,000.00 to the director then a legal countersign', async () => {
    const def: FlowDefinition = {
      trigger: { type: 'approvalSubmitted', recordType: 'customer' },
      nodes: [
        plain('start', 'trigger'),
        plain('byAmount', 'condition', { branches: [{ id: 'small', label: '< 50,000', filter: { field: 'custom.amount', op: 'lt', value: 50000 } }] }),
        approval('director', { approvers: { kind: 'role', roleKey: 'salesDirector' }, mode: 'anyOf' }, '总监'),
        approval('director2', { approvers: { kind: 'role', roleKey: 'salesDirector' }, mode: 'anyOf' }, '总监（大额）'),
        approval('legal', { approvers: { kind: 'role', roleKey: 'legal' }, mode: 'countersign' }, '法务会签'),
        plain('end', 'end'),
      ],
      edges: [e('start', 'byAmount'), e('byAmount', 'director', 'small'), e('byAmount', 'director2', 'default'), e('director', 'end', 'approved'), e('director2', 'legal', 'approved'), e('legal', 'end', 'approved')],
    };
    await publish('合同审批（测试）', def);
    const small = await customer('小额客户', '49999.99', people.rep!.client);
    const big = await customer('大额客户', '50000.00', people.rep!.client);

    const s1 = await submit(small);
    expect(s1.statusCode, s1.body).toBe(201);
    const i1 = s1.json() as ApprovalInstanceView;
    expect(i1.status).toBe('pending');
    expect(i1.currentNodeIds).toEqual(['director']);
    expect((await submit(small)).json().error.code).toBe('APPROVAL_PENDING');
    expect((await decide(i1.id, 'director')).statusCode).toBe(200);
    const done1 = await state(i1.id);
    expect(done1.status).toBe('approved');
    expect(done1.nodes.map((n) => [n.nodeId, n.status])).toEqual([['director', 'approved'], ['director2', 'notReached'], ['legal', 'notReached']]);
    expect(statusCalls.filter((c) => c.recordId === small).map((c) => c.status)).toEqual(['pending', 'approved']);

    const i2 = (await submit(big)).json() as ApprovalInstanceView;
    expect(i2.currentNodeIds).toEqual(['director2']);
    await decide(i2.id, 'director');
    let v = await state(i2.id);
    expect(v.status).toBe('pending');
    expect(v.currentNodeIds).toEqual(['legal']);
    expect(v.nodes.find((n) => n.nodeId === 'legal')!.tasks.map((t) => t.status)).toEqual(['pending', 'pending']);
    // countersign: one approval is not enough
    await decide(i2.id, 'legal1');
    expect((await state(i2.id)).status).toBe('pending');
    await decide(i2.id, 'legal2');
    v = await state(i2.id);
    expect(v.status).toBe('approved');
    expect(v.actions.map((a) => a.action)).toEqual(['submit', 'approve', 'approve', 'approve']);
    // the record's audit trail has the outcome
    const audit = await env.db.forTenant(org.tenantId, (d) => rows<{ action: string }>(d, sql`SELECT action FROM audit_logs WHERE record_type = 'customer' AND record_id = ${big} AND action LIKE 'approval%' ORDER BY id`));
    expect(audit.map((a) => a.action)).toEqual(['approvalSubmitted', 'approvalApproved']);
    // the same flow sends 50,000.00 with one legal reject to rejected: countersign never passes with one reject
    const big2 = await customer('大额客户二', '80000', people.rep!.client);
    const i3 = (await submit(big2)).json() as ApprovalInstanceView;
    await decide(i3.id, 'director');
    await decide(i3.id, 'legal1');
    expect((await decide(i3.id, 'legal2', 'reject', { comment: '条款有风险' })).statusCode).toBe(200);
    v = await state(i3.id);
    expect(v.status).toBe('rejected');
    expect(statusCalls.filter((c) => c.recordId === big2).map((c) => c.status)).toEqual(['pending', 'rejected']);
    await disableAll();
  });

  it('bad input: approving twice, someone else\'s task, a withdrawn approval, a locked record', async () => {
    await publish('任一审批', chainFlow([approval('a', { approvers: { kind: 'role', roleKey: 'legal' }, mode: 'anyOf' })]));
    const id = await customer('错误输入客户', '100', people.rep!.client);
    const inst = (await submit(id)).json() as ApprovalInstanceView;
    const task = (await myTask(inst.id, 'legal1')).myTask!;
    const notMine = await people.director!.client.post(`${api}/approval-tasks/${task.id}/approve`, {});
    expect([notMine.statusCode, notMine.json().error.code]).toEqual([403, 'NOT_YOUR_TASK']);
    // locked while pending, naming the field
    const actor = await env.db.forTenant(org.tenantId, (d) => systemActor(d, org.tenantId));
    await expect(env.db.forTenant(org.tenantId, (d) => assertNotLocked(d, actor, 'customer', id, ['name']))).rejects.toMatchObject({ status: 409, code: 'RECORD_LOCKED', details: { field: 'name' } });
    expect([...(await env.db.forTenant(org.tenantId, (d) => lockedRecordIds(d, org.tenantId, 'customer', [id])))]).toEqual([id]);
    const ok = await people.legal1!.client.post(`${api}/approval-tasks/${task.id}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    const twice = await people.legal1!.client.post(`${api}/approval-tasks/${task.id}/approve`, {});
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'APPROVAL_NOT_PENDING']);
    await env.db.forTenant(org.tenantId, (d) => assertNotLocked(d, actor, 'customer', id, ['name']));
    // withdraw before any decision; then acting on the withdrawn approval → 409
    const id2 = await customer('撤回客户', '100', people.rep!.client);
    const i2 = (await submit(id2)).json() as ApprovalInstanceView;
    const t2 = (await myTask(i2.id, 'legal2')).myTask!;
    const notSubmitter = await people.director!.client.post(`${api}/approvals/${i2.id}/withdraw`, {});
    expect([notSubmitter.statusCode, notSubmitter.json().error.code]).toEqual([403, 'NOT_SUBMITTER']);
    const w = await people.rep!.client.post(`${api}/approvals/${i2.id}/withdraw`, { comment: '改一下' });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().status).toBe('withdrawn');
    const late = await people.legal2!.client.post(`${api}/approval-tasks/${t2.id}/approve`, {});
    expect([late.statusCode, late.json().error.code]).toEqual([409, 'APPROVAL_NOT_PENDING']);
    // resubmitted, someone decides: withdrawing is too late
    const i3 = (await submit(id2)).json() as ApprovalInstanceView;
    expect((await decide(i3.id, 'legal1', 'reject')).json().status).toBe('rejected');
    const i4 = (await submit(id2)).json() as ApprovalInstanceView;
    expect(i4.actions[0]!.action).toBe('resubmit');
    await disableAll();
    const seq = await publish('两段', chainFlow([approval('a', { approvers: { kind: 'users', userIds: [people.legal1!.userId, people.legal2!.userId] }, mode: 'countersign' })]));
    expect(seq).toBeTruthy();
    const id3 = await customer('太晚撤回', '1', people.rep!.client);
    const i5 = (await submit(id3)).json() as ApprovalInstanceView;
    await decide(i5.id, 'legal1');
    const tooLate = await people.rep!.client.post(`${api}/approvals/${i5.id}/withdraw`, {});
    expect([tooLate.statusCode, tooLate.json().error.code]).toEqual([409, 'WITHDRAW_TOO_LATE']);
    await disableAll();
  });

  it('any-of with two simultaneous approvals makes exactly one transition', async () => {
    await publish('或签', chainFlow([approval('a', { approvers: { kind: 'role', roleKey: 'legal' }, mode: 'anyOf' })]));
    const id = await customer('并发客户', '1', people.rep!.client);
    const inst = (await submit(id)).json() as ApprovalInstanceView;
    const [t1, t2] = [(await myTask(inst.id, 'legal1')).myTask!, (await myTask(inst.id, 'legal2')).myTask!];
    const [r1, r2] = await Promise.all([
      people.legal1!.client.post(`${api}/approval-tasks/${t1.id}/approve`, {}),
      people.legal2!.client.post(`${api}/approval-tasks/${t2.id}/approve`, {}),
    ]);
    expect([r1.statusCode, r2.statusCode].sort()).toEqual([200, 409]);
    const v = await state(inst.id);
    expect(v.status).toBe('approved');
    expect(v.actions.filter((a) => a.action === 'approve')).toHaveLength(1);
    expect(v.nodes[0]!.tasks.map((t) => t.status).sort()).toEqual(['approved', 'cancelled']);
    expect(statusCalls.filter((c) => c.recordId === id).map((c) => c.status)).toEqual(['pending', 'approved']);
    const steps = await env.db.forTenant(org.tenantId, (d) => rows<{ status: string }>(d, sql`SELECT status FROM flow_steps WHERE execution_id = ${v.executionId} ORDER BY created_at`));
    expect(steps.map((s) => s.status)).toEqual(['done', 'done', 'done']);
    await disableAll();
  });

  it('sequential order, ratio, manager chain', async () => {
    await publish('依次', chainFlow([approval('a', { approvers: { kind: 'manager', levels: 2 }, mode: 'sequential' })]));
    const id = await customer('依次客户', '1', people.rep!.client);
    const inst = (await submit(id)).json() as ApprovalInstanceView;
    expect((await myTask(inst.id, 'director')).myTask).toBeNull();
    await decide(inst.id, 'manager');
    expect((await state(inst.id)).status).toBe('pending');
    await decide(inst.id, 'director');
    expect((await state(inst.id)).status).toBe('approved');
    await disableAll();

    const three = [people.legal1!.userId, people.legal2!.userId, people.director!.userId];
    await publish('比例', chainFlow([approval('a', { approvers: { kind: 'users', userIds: three }, mode: 'ratio', passRatio: 60 })]));
    const id2 = await customer('比例客户', '1', people.rep!.client);
    const i2 = (await submit(id2)).json() as ApprovalInstanceView;
    await decide(i2.id, 'legal1');
    expect((await state(i2.id)).status).toBe('pending'); // 1/3 < 60 %
    await decide(i2.id, 'legal2');
    expect((await state(i2.id)).status).toBe('approved'); // 2/3 ≥ 60 %
    const id3 = await customer('比例驳回', '1', people.rep!.client);
    const i3 = (await submit(id3)).json() as ApprovalInstanceView;
    await decide(i3.id, 'legal1', 'reject');
    expect((await state(i3.id)).status).toBe('pending'); // 2 of 3 can still approve
    await decide(i3.id, 'legal2', 'reject');
    expect((await state(i3.id)).status).toBe('rejected');
    await disableAll();
  });

  it('returns to an earlier node (a new visit), to the submitter (returned), and resubmits', async () => {
    await publish('退回', chainFlow([
      approval('first', { approvers: { kind: 'users', userIds: [people.manager!.userId] }, mode: 'single' }, '经理'),
      approval('second', { approvers: { kind: 'users', userIds: [people.director!.userId] }, mode: 'single' }, '总监'),
    ]));
    const id = await customer('退回客户', '1', people.rep!.client);
    const inst = (await submit(id)).json() as ApprovalInstanceView;
    await decide(inst.id, 'manager');
    const dir = await myTask(inst.id, 'director');
    expect(dir.myTask!.returnTargets.map((t) => t.nodeId)).toEqual(['submitter', 'first']);
    const bad = await people.director!.client.post(`${api}/approval-tasks/${dir.myTask!.id}/return`, { toNodeId: 'second' });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'BAD_RETURN_TARGET']);
    expect((await decide(inst.id, 'director', 'return', { toNodeId: 'first', comment: '请经理再看' })).statusCode).toBe(200);
    let v = await state(inst.id);
    expect(v.status).toBe('pending');
    expect(v.currentNodeIds).toEqual(['first']);
    await decide(inst.id, 'manager');
    await decide(inst.id, 'director', 'return', { toNodeId: 'submitter' });
    v = await state(inst.id);
    expect(v.status).toBe('returned');
    expect(statusCalls.filter((c) => c.recordId === id).map((c) => c.status)).toEqual(['pending', 'returned']);
    const again = (await submit(id)).json() as ApprovalInstanceView;
    expect(again.id).not.toBe(inst.id);
    expect(again.actions[0]!.action).toBe('resubmit');
    await decide(again.id, 'manager');
    await decide(again.id, 'director');
    expect((await state(again.id)).status).toBe('approved');
    await disableAll();
  });

  it('delegate and add an approver before / after', async () => {
    await publish('加签', chainFlow([approval('a', { approvers: { kind: 'users', userIds: [people.manager!.userId] }, mode: 'single' })]));
    const id = await customer('加签客户', '1', people.rep!.client);
    const inst = (await submit(id)).json() as ApprovalInstanceView;
    const d = await decide(inst.id, 'manager', 'delegate', { toUserId: people.director!.userId });
    expect(d.statusCode, d.body).toBe(200);
    expect((await myTask(inst.id, 'manager')).myTask).toBeNull();
    // director adds legal1 before: legal1 decides first, then the director again
    await decide(inst.id, 'director', 'add-approver', { userId: people.legal1!.userId, position: 'before' });
    expect((await myTask(inst.id, 'director')).myTask).toBeNull();
    await decide(inst.id, 'legal1');
    expect((await state(inst.id)).status).toBe('pending');
    // … and legal2 after: the node passes only once legal2 approves
    await decide(inst.id, 'director', 'add-approver', { userId: people.legal2!.userId, position: 'after' });
    await decide(inst.id, 'director');
    expect((await state(inst.id)).status).toBe('pending');
    await decide(inst.id, 'legal2');
    const v = await state(inst.id);
    expect(v.status).toBe('approved');
    expect(v.nodes[0]!.tasks.map((t) => `${t.origin}:${t.status}`).sort()).toEqual(['addedAfter:approved', 'addedBefore:approved', 'delegated:approved', 'rule:delegated']);
    await disableAll();
  });

  it('no approver → toAdmin / autoPass; approver is the submitter → autoPass; no flow → approved at once', async () => {
    await publish('无审批人', chainFlow([approval('a', { approvers: { kind: 'departmentHead' }, mode: 'single', whenNoApprover: 'toAdmin' })]));
    const id = await customer('无人客户', '1', people.rep!.client);
    const inst = (await submit(id)).json() as ApprovalInstanceView;
    expect(inst.nodes[0]!.tasks.map((t) => [t.approverId, t.origin])).toEqual([[org.userId, 'admin']]);
    await disableAll();
    await publish('自动通过', chainFlow([approval('a', { approvers: { kind: 'departmentHead' }, mode: 'single', whenNoApprover: 'autoPass' })]));
    const i2 = (await submit(await customer('自动客户', '1', people.rep!.client))).json() as ApprovalInstanceView;
    expect(i2.status).toBe('approved');
    expect(i2.actions.map((a) => a.action)).toEqual(['submit', 'autoPass']);
    await disableAll();
    await publish('本人', chainFlow([approval('a', { approvers: { kind: 'owner' }, mode: 'single' })]));
    const i3 = (await submit(await customer('本人客户', '1', people.rep!.client))).json() as ApprovalInstanceView;
    expect(i3.status).toBe('approved');
    expect(i3.nodes[0]!.tasks.map((t) => t.status)).toEqual(['approved']);
    await disableAll();
    const i4 = (await submit(await customer('无流程', '1', people.rep!.client))).json() as ApprovalInstanceView;
    expect(i4.status).toBe('approved');
    expect(i4.actions.find((a) => a.action === 'autoPass')!.comment).toBe('没有适用的审批流程');
  });

  it('timeouts on a controlled clock: escalation and auto-approve, each exactly once', async () => {
    await publish('超时升级', chainFlow([approval('a', { approvers: { kind: 'users', userIds: [people.manager!.userId] }, mode: 'single', timeout: { after: { hours: 4 }, action: 'escalate' } })]));
    const id = await customer('超时客户', '1', people.rep!.client);
    const inst = (await submit(id)).json() as ApprovalInstanceView;
    expect(await runApprovalTimeouts(env.app.ctx, rt, clock.now())).toBe(0);
    clock.advance(4 * 3600_000 + 1000);
    expect(await runApprovalTimeouts(env.app.ctx, rt, clock.now())).toBe(1);
    expect(await runApprovalTimeouts(env.app.ctx, rt, clock.now())).toBe(0);
    let v = await state(inst.id);
    expect(v.nodes[0]!.tasks.map((t) => [t.approverId, t.origin, t.status])).toEqual([[people.manager!.userId, 'rule', 'delegated'], [people.director!.userId, 'escalated', 'pending']]);
    await disableAll();
    await publish('超时通过', chainFlow([approval('a', { approvers: { kind: 'users', userIds: [people.manager!.userId] }, mode: 'single', timeout: { after: { days: 1 }, action: 'autoApprove' } })]));
    const i2 = (await submit(await customer('超时通过客户', '1', people.rep!.client))).json() as ApprovalInstanceView;
    clock.advance(86_400_000 + 1000);
    expect(await runApprovalTimeouts(env.app.ctx, rt, clock.now())).toBe(1);
    expect(await runApprovalTimeouts(env.app.ctx, rt, clock.now())).toBe(0);
    v = await state(i2.id);
    expect(v.status).toBe('approved');
    expect(v.actions.map((a) => a.action)).toEqual(['submit', 'autoApprove']);
    await disableAll();
  });

  it('survives a crash after the decision commits, before the flow continues: resumes and finishes once', async () => {
    await publish('崩溃', chainFlow([approval('a', { approvers: { kind: 'users', userIds: [people.manager!.userId] }, mode: 'single' })]));
    const id = await customer('崩溃客户', '1', people.rep!.client);
    const inst = (await submit(id)).json() as ApprovalInstanceView;
    const crashing = createFlowRuntime(env.app.ctx, { clock: clock.now, faults: { beforeCommit: () => { throw new Error('kill -9'); } } });
    setApprovalRuntime(crashing);
    const task = (await myTask(inst.id, 'manager')).myTask!;
    const res = await people.manager!.client.post(`${api}/approval-tasks/${task.id}/approve`, {});
    expect(res.statusCode).toBe(500); // the process "died" after the decision's commit
    setApprovalRuntime(rt);
    let v = await state(inst.id);
    expect(v.status).toBe('pending');
    expect(v.nodes[0]!.tasks[0]!.status).toBe('approved'); // the decision is kept
    // restart: the worker picks up the pending step and finishes exactly once
    const restarted = createFlowRuntime(env.app.ctx, { clock: clock.now });
    await restarted.drain();
    await restarted.drain();
    v = await state(inst.id);
    expect(v.status).toBe('approved');
    expect(statusCalls.filter((c) => c.recordId === id).map((c) => c.status)).toEqual(['pending', 'approved']);
    expect(SimulatedCrash).toBeTruthy();
    await disableAll();
  });

  it('an approval in progress finishes on its version after v2 is published', async () => {
    const flowId = await publish('版本', chainFlow([approval('a', { approvers: { kind: 'users', userIds: [people.manager!.userId] }, mode: 'single' }, '第一版')]));
    const id = await customer('版本客户', '1', people.rep!.client);
    const inst = (await submit(id)).json() as ApprovalInstanceView;
    const v2 = chainFlow([
      approval('a', { approvers: { kind: 'users', userIds: [people.manager!.userId] }, mode: 'single' }, '第二版'),
      approval('b', { approvers: { kind: 'users', userIds: [people.director!.userId] }, mode: 'single' }),
    ]);
    expect((await admin().put(`${api}/flows/${flowId}`, { draft: v2 })).statusCode).toBe(200);
    expect((await admin().post(`${api}/flows/${flowId}/publish`)).statusCode).toBe(200);
    await decide(inst.id, 'manager');
    const v = await state(inst.id);
    expect([v.status, v.version, v.nodes.map((n) => n.label)]).toEqual(['approved', 1, ['第一版']]);
    const next = (await submit(await customer('版本二客户', '1', people.rep!.client))).json() as ApprovalInstanceView;
    expect(next.version).toBe(2);
    await disableAll();
  });

  it('validation: approval nodes only in approval flows, unknown editable fields, approval flows do not listen to audit events', async () => {
    const bad = chainFlow([approval('a', { approvers: { kind: 'owner' }, mode: 'ratio', editableFields: ['nope'] })]);
    const created = await admin().post(`${api}/flows`, { name: '坏', draft: bad });
    const problems = (await admin().post(`${api}/flows/${created.json().id}/validate`)).json().problems as { message: string }[];
    expect(problems.map((p) => p.message).join('\n')).toMatch(/通过比例[\s\S]*nope/);
    const auto = { ...chainFlow([approval('a', { approvers: { kind: 'owner' }, mode: 'single' })]), trigger: { type: 'manual' as const, recordType: 'customer' as const } };
    const c2 = await admin().post(`${api}/flows`, { name: '自动化里的审批', draft: auto });
    expect(c2.json().kind).toBe('automation');
    const p2 = (await admin().post(`${api}/flows/${c2.json().id}/validate`)).json().problems as { message: string }[];
    expect(p2.some((p) => p.message.includes('只能用于审批流程'))).toBe(true);
    const flowId = await publish('监听', chainFlow([approval('a', { approvers: { kind: 'owner' }, mode: 'single' })]));
    const [row] = await env.db.forTenant(org.tenantId, (d) => rows<{ listens_on: string[] }>(d, sql`SELECT listens_on FROM flows WHERE id = ${flowId}`));
    expect(row!.listens_on).toEqual([]);
    await disableAll();
  });

  it('inbox boxes and counts, to-do entry, submitForApproval helper in a caller transaction', async () => {
    await publish('收件箱', chainFlow([approval('a', { approvers: { kind: 'users', userIds: [people.legal1!.userId] }, mode: 'single', cc: [{ kind: 'users', userIds: [people.director!.userId] }] })]));
    const id = await customer('收件箱客户', '1', people.rep!.client);
    const inst = (await submit(id)).json() as ApprovalInstanceView;
    expect((await people.legal1!.client.get(`${api}/approvals/inbox/counts`)).json().waiting).toBeGreaterThanOrEqual(1);
    const waiting = (await people.legal1!.client.get(`${api}/approvals/inbox?box=waiting`)).json();
    expect(waiting.items.some((i: { instanceId: string }) => i.instanceId === inst.id)).toBe(true);
    expect((await people.director!.client.get(`${api}/approvals/inbox/counts`)).json().ccUnread).toBe(1);
    await people.director!.client.post(`${api}/approvals/${inst.id}/cc-read`);
    expect((await people.director!.client.get(`${api}/approvals/inbox/counts`)).json().ccUnread).toBe(0);
    const todo = (await people.legal1!.client.get(`${api}/todo`)).json();
    expect(JSON.stringify(todo)).toContain('待我审批');
    await decide(inst.id, 'legal1');
    expect((await people.legal1!.client.get(`${api}/approvals/inbox?box=decided`)).json().items[0].instanceId).toBe(inst.id);
    expect((await people.rep!.client.get(`${api}/approvals/inbox?box=submitted`)).json().total).toBeGreaterThan(5);
    const recordState = (await people.rep!.client.get(`${api}/approvals/records/customer/${id}`)).json();
    expect([recordState.locked, recordState.hasFlow, recordState.latest.status]).toEqual([false, true, 'approved']);
    // the helper other modules call: tasks exist when the caller commits
    const { submitForApproval } = await import('./service.ts');
    const id2 = await customer('助手客户', '1', people.rep!.client);
    const actor = await env.db.forTenant(org.tenantId, (d) => systemActor(d, org.tenantId));
    const r = await env.db.forTenant(org.tenantId, (d) => inTransaction(d, (tx) => submitForApproval(tx, actor, { tenantId: org.tenantId, actorId: actor.userId }, { recordType: 'customer', recordId: id2 }, { runtime: rt })));
    expect((await state(r.instanceId)).nodes[0]!.tasks.map((t) => t.status)).toEqual(['pending']);
    await disableAll();
  });
});
