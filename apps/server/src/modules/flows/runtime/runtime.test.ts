import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { MAX_FLOW_DEPTH } from '@loopline/shared';
import { createTestApp, signUp, type SignedUp, type TestEnv } from '../../../test/harness.ts';
import { rows } from '../../../platform/db/query.ts';
import { inTransaction } from '../../../platform/db/transaction.ts';
import { createFlowRuntime, type FlowRuntime, type RuntimeOptions } from './index.ts';
import { FLOW_DEPTH_MESSAGE } from './control.ts';
import { SimulatedCrash } from './worker.ts';
import { z } from 'zod';
import type { FlowDefinition } from '@loopline/shared';
import { registerNodeType } from '../engine/nodes.ts';
import { chain, execution, insertFlow, manualLead, publishVersion, startFlow, taskNode, tasksOf, testClock } from './testFlows.ts';

let env: TestEnv;
let org: SignedUp;
const clock = testClock();

const runtime = (opts: RuntimeOptions = {}): FlowRuntime => createFlowRuntime(env.app.ctx, { clock: clock.now, ...opts });

async function newLead(name: string): Promise<string> {
  const res = await org.client.post('/api/v1/leads', { name, mobile: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, duplicatePolicy: 'create' });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

beforeAll(async () => {
  env = await createTestApp();
  org = await signUp(env.app);
}, 60_000);
afterAll(async () => env?.close());

describe('flow runtime', () => {
  it('runs a 3-node flow to completion and creates exactly one task', async () => {
    const rt = runtime();
    const leadId = await newLead('张三');
    const { flowId } = await insertFlow(env.db, org.tenantId, chain(manualLead, [taskNode()]));
    const started = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId, recordType: 'lead', recordId: leadId });
    expect(started.created).toBe(true);
    expect(await rt.drain()).toBe(2);
    expect(await rt.drain()).toBe(0);
    const { exec, steps } = await execution(env.db, org.tenantId, started.executionId);
    expect(exec.status).toBe('completed');
    expect(steps.map((s) => [s.node_id, s.status])).toEqual([['start', 'done'], ['task', 'done'], ['end', 'done']]);
    const tasks = await tasksOf(env.db, org.tenantId, leadId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.title).toBe('首次电话联系 张三');
    expect(tasks[0]!.assignee_id).toBe(org.userId);
    expect((steps[1]!.output as { taskId: string }).taskId).toBe(tasks[0]!.id);
    // the same trigger key never starts a second execution
    const again = await env.db.forTenant(org.tenantId, (d) => inTransaction(d, async (tx) => {
      const [row] = await rows<{ trigger_key: string }>(tx, sql`SELECT trigger_key FROM flow_executions WHERE id = ${started.executionId}`);
      return rt.start(tx, { tenantId: org.tenantId, flowId, triggerKey: row!.trigger_key, trigger: { type: 'manual', userId: null, at: clock.now().toISOString() }, recordType: 'lead', recordId: leadId, depth: 0, startedBy: null });
    }));
    expect(again).toEqual({ executionId: started.executionId, created: false });
    // audit entries of flow changes say 'system'
    const audits = await env.db.forTenant(org.tenantId, (d) => rows<{ actor_type: string }>(d, sql`SELECT actor_type FROM audit_logs WHERE record_type = 'task' AND record_id = ${tasks[0]!.id}`));
    expect(audits.map((a) => a.actor_type)).toContain('system');
  });

  it('a crash before commit leaves the step pending; after restart the effect happens exactly once', async () => {
    const leadId = await newLead('李四');
    const { flowId } = await insertFlow(env.db, org.tenantId, chain(manualLead, [taskNode()]));
    const crashing = runtime({ faults: { beforeCommit: () => { throw new Error('kill -9'); } } });
    const { executionId } = await startFlow(env.db, crashing, { tenantId: org.tenantId, flowId, recordType: 'lead', recordId: leadId });
    await expect(crashing.drain()).rejects.toBeInstanceOf(SimulatedCrash);
    expect(await tasksOf(env.db, org.tenantId, leadId)).toHaveLength(0);
    expect((await execution(env.db, org.tenantId, executionId)).steps[1]!.status).toBe('pending');
    const restarted = runtime();
    await restarted.drain();
    expect((await execution(env.db, org.tenantId, executionId)).exec.status).toBe('completed');
    expect(await tasksOf(env.db, org.tenantId, leadId)).toHaveLength(1);
  });

  it('a crash after commit does not repeat the step', async () => {
    const leadId = await newLead('王五');
    const { flowId } = await insertFlow(env.db, org.tenantId, chain(manualLead, [taskNode()]));
    const crashing = runtime({ faults: { afterCommit: () => { throw new Error('kill -9'); } } });
    const { executionId } = await startFlow(env.db, crashing, { tenantId: org.tenantId, flowId, recordType: 'lead', recordId: leadId });
    await expect(crashing.drain()).rejects.toBeInstanceOf(SimulatedCrash);
    expect(await tasksOf(env.db, org.tenantId, leadId)).toHaveLength(1);
    const restarted = runtime();
    await restarted.drain();
    await restarted.drain();
    const { exec, steps } = await execution(env.db, org.tenantId, executionId);
    expect(exec.status).toBe('completed');
    expect(steps.find((s) => s.node_id === 'task')!.attempts).toBe(1);
    expect(await tasksOf(env.db, org.tenantId, leadId)).toHaveLength(1);
  });

  it('a delay waits on the clock and continues after wakeDue', async () => {
    const rt = runtime();
    const leadId = await newLead('赵六');
    const def = chain(manualLead, [{ id: 'wait', type: 'delay', config: { mode: 'duration', duration: { days: 2 } } }, taskNode('两天后回访')]);
    const { flowId } = await insertFlow(env.db, org.tenantId, def);
    const { executionId } = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId, recordType: 'lead', recordId: leadId });
    await rt.drain();
    let state = await execution(env.db, org.tenantId, executionId);
    expect(state.exec.status).toBe('waiting');
    expect(state.steps.find((s) => s.node_id === 'wait')!.status).toBe('waiting');
    expect(await rt.wakeDue(new Date(clock.now().getTime() + 86_400_000))).toBe(0);
    expect(await tasksOf(env.db, org.tenantId, leadId)).toHaveLength(0);
    clock.advance(2 * 86_400_000 + 1000);
    expect(await rt.wakeDue()).toBe(1);
    await rt.drain();
    state = await execution(env.db, org.tenantId, executionId);
    expect(state.exec.status).toBe('completed');
    expect(await tasksOf(env.db, org.tenantId, leadId)).toHaveLength(1);
    expect(await rt.wakeDue()).toBe(0);
  });

  it('an execution started on v1 finishes on v1 after v2 is published', async () => {
    const rt = runtime();
    const leadId = await newLead('孙七');
    const v = (title: string) => chain(manualLead, [{ id: 'wait', type: 'delay', config: { mode: 'duration', duration: { hours: 1 } } }, taskNode(title)]);
    const { flowId } = await insertFlow(env.db, org.tenantId, v('第一版任务'));
    const first = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId, recordType: 'lead', recordId: leadId });
    await rt.drain();
    expect(await publishVersion(env.db, org.tenantId, flowId, v('第二版任务'))).toBe(2);
    const second = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId, recordType: 'lead', recordId: leadId });
    await rt.drain();
    clock.advance(3_600_000 + 1000);
    await rt.wakeDue();
    await rt.drain();
    expect((await execution(env.db, org.tenantId, first.executionId)).exec.version).toBe(1);
    expect((await execution(env.db, org.tenantId, second.executionId)).exec.version).toBe(2);
    expect((await tasksOf(env.db, org.tenantId, leadId)).map((t) => t.title).sort()).toEqual(['第一版任务', '第二版任务']);
  });

  it('a failing step fails the execution with its error; retry resumes from that step', async () => {
    const rt = runtime();
    const leadId = await newLead('周八');
    await env.db.forTenant(org.tenantId, (d) => d.execute(sql`UPDATE leads SET owner_id = NULL WHERE id = ${leadId}`));
    const { flowId } = await insertFlow(env.db, org.tenantId, chain(manualLead, [taskNode()]));
    const { executionId } = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId, recordType: 'lead', recordId: leadId });
    await rt.drain();
    let state = await execution(env.db, org.tenantId, executionId);
    expect(state.exec.status).toBe('failed');
    const failed = state.steps.find((s) => s.node_id === 'task')!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('记录没有负责人');
    expect(state.exec.error).toContain('记录没有负责人');
    await env.db.forTenant(org.tenantId, (d) => d.execute(sql`UPDATE leads SET owner_id = ${org.userId} WHERE id = ${leadId}`));
    await env.db.forTenant(org.tenantId, (d) => inTransaction(d, (tx) => rt.retryStep(tx, org.tenantId, failed.id)));
    await rt.drain();
    state = await execution(env.db, org.tenantId, executionId);
    expect(state.exec.status).toBe('completed');
    expect(state.steps.find((s) => s.node_id === 'task')!.attempts).toBe(2);
    expect(await tasksOf(env.db, org.tenantId, leadId)).toHaveLength(1);
    // retrying a step that did not fail is refused
    await expect(env.db.forTenant(org.tenantId, (d) => inTransaction(d, (tx) => rt.retryStep(tx, org.tenantId, failed.id)))).rejects.toMatchObject({ code: 'NOT_FAILED' });
  });

  it('stops a chain deeper than MAX_FLOW_DEPTH with a visible error', async () => {
    const rt = runtime();
    const leadId = await newLead('吴九');
    const { flowId } = await insertFlow(env.db, org.tenantId, chain(manualLead, [taskNode()]));
    const { executionId, created } = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId, recordType: 'lead', recordId: leadId, depth: MAX_FLOW_DEPTH + 1 });
    expect(created).toBe(true);
    await rt.drain();
    const { exec, steps } = await execution(env.db, org.tenantId, executionId);
    expect(exec.status).toBe('failed');
    expect(exec.error).toBe(FLOW_DEPTH_MESSAGE);
    expect(steps).toHaveLength(0);
    expect(await tasksOf(env.db, org.tenantId, leadId)).toHaveLength(0);
    // at the limit itself it still runs, and its changes carry the depth
    const ok = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId, recordType: 'lead', recordId: leadId, depth: MAX_FLOW_DEPTH });
    await rt.drain();
    expect((await execution(env.db, org.tenantId, ok.executionId)).exec.status).toBe('completed');
  });

  it('cancels the live executions of a flow visibly', async () => {
    const rt = runtime();
    const leadId = await newLead('郑十');
    const { flowId } = await insertFlow(env.db, org.tenantId, chain(manualLead, [{ id: 'wait', type: 'delay', config: { mode: 'duration', duration: { days: 1 } } }, taskNode()]));
    const a = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId, recordType: 'lead', recordId: leadId });
    const b = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId, recordType: 'lead', recordId: leadId });
    await rt.drain();
    const n = await env.db.forTenant(org.tenantId, (d) => inTransaction(d, (tx) => rt.cancelFlowExecutions(tx, org.tenantId, flowId, '流程已停用')));
    expect(n).toBe(2);
    for (const id of [a.executionId, b.executionId]) {
      const { exec, steps } = await execution(env.db, org.tenantId, id);
      expect(exec.status).toBe('cancelled');
      expect(exec.error).toBe('流程已停用');
      expect(steps.find((s) => s.node_id === 'wait')).toMatchObject({ status: 'cancelled', error: '流程已停用' });
    }
    clock.advance(2 * 86_400_000);
    expect(await rt.wakeDue()).toBe(0);
    await rt.drain();
    expect(await tasksOf(env.db, org.tenantId, leadId)).toHaveLength(0);
  });

  it('concurrent workers make one transition per step', async () => {
    const leadId = await newLead('并发');
    const { flowId } = await insertFlow(env.db, org.tenantId, chain(manualLead, [taskNode()]));
    const one = runtime();
    const ids = [];
    for (let i = 0; i < 10; i++) ids.push((await startFlow(env.db, one, { tenantId: org.tenantId, flowId, recordType: 'lead', recordId: leadId })).executionId);
    const [x, y] = await Promise.all([runtime().drain(), runtime().drain()]);
    expect(x + y).toBe(20);
    expect(await tasksOf(env.db, org.tenantId, leadId)).toHaveLength(10);
    for (const id of ids) expect((await execution(env.db, org.tenantId, id)).exec.status).toBe('completed');
  });
  it('parallel branches join once and both branch effects happen', async () => {
    const rt = runtime();
    const leadId = await newLead('并行');
    const at = (y: number) => ({ x: 0, y });
    const def: FlowDefinition = {
      trigger: manualLead,
      nodes: [
        { id: 'start', type: 'trigger', config: {}, position: at(0) },
        { id: 'split', type: 'parallel', config: {}, position: at(1) },
        { id: 'a', type: 'createTask', config: { title: '分支甲', assignee: { kind: 'owner' } }, position: at(2) },
        { id: 'wait', type: 'delay', config: { mode: 'duration', duration: { hours: 2 } }, position: at(2) },
        { id: 'b', type: 'createTask', config: { title: '分支乙', assignee: { kind: 'owner' } }, position: at(3) },
        { id: 'join', type: 'join', config: {}, position: at(4) },
        { id: 'c', type: 'createTask', config: { title: '汇合后', assignee: { kind: 'owner' } }, position: at(5) },
        { id: 'end', type: 'end', config: {}, position: at(6) },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'split' }, { id: 'e2', source: 'split', target: 'a' }, { id: 'e3', source: 'split', target: 'wait' },
        { id: 'e4', source: 'wait', target: 'b' }, { id: 'e5', source: 'a', target: 'join' }, { id: 'e6', source: 'b', target: 'join' },
        { id: 'e7', source: 'join', target: 'c' }, { id: 'e8', source: 'c', target: 'end' },
      ],
    };
    const { flowId } = await insertFlow(env.db, org.tenantId, def);
    const { executionId } = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId, recordType: 'lead', recordId: leadId });
    await rt.drain();
    expect((await tasksOf(env.db, org.tenantId, leadId)).map((t) => t.title)).toEqual(['分支甲']);
    expect((await execution(env.db, org.tenantId, executionId)).exec.status).toBe('waiting');
    clock.advance(2 * 3_600_000 + 1000);
    expect(await rt.wakeDue()).toBe(1);
    await rt.drain();
    const { exec, steps } = await execution(env.db, org.tenantId, executionId);
    expect(exec.status).toBe('completed');
    expect(steps.filter((s) => s.node_id === 'join')).toHaveLength(1);
    expect((await tasksOf(env.db, org.tenantId, leadId)).map((t) => t.title).sort()).toEqual(['分支乙', '分支甲', '汇合后'].sort());
  });

  it('a waiting step continues on its signal, once', async () => {
    registerNodeType({
      type: 'testApproval',
      config: z.object({ key: z.string() }),
      waits: true,
      plan: (c) => ({ kind: 'wait', effects: [], signal: c.key }),
      resume: (_c, _input, event) => ({ kind: 'continue', effects: [], output: { decision: event.kind === 'signal' ? event.payload : null } }),
    });
    const rt = runtime();
    const leadId = await newLead('审批');
    const { flowId } = await insertFlow(env.db, org.tenantId, chain(manualLead, [{ id: 'approve', type: 'testApproval', config: { key: `approval:${leadId}` } }, taskNode('审批通过')]));
    const { executionId } = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId, recordType: 'lead', recordId: leadId });
    await rt.drain();
    expect((await execution(env.db, org.tenantId, executionId)).exec.status).toBe('waiting');
    const signal = () => env.db.forTenant(org.tenantId, (d) => inTransaction(d, (tx) => rt.signal(tx, org.tenantId, `approval:${leadId}`, { approved: true })));
    expect(await signal()).toBe(true);
    expect(await signal()).toBe(false);
    await rt.drain();
    const { exec, steps } = await execution(env.db, org.tenantId, executionId);
    expect(exec.status).toBe('completed');
    expect(steps.find((s) => s.node_id === 'approve')!.output).toEqual({ decision: { approved: true } });
    expect(await tasksOf(env.db, org.tenantId, leadId)).toHaveLength(1);
  });
  it('a backlog drains in the background while the app keeps answering', async () => {
    const rt = runtime();
    const leadId = await newLead('积压');
    const { flowId } = await insertFlow(env.db, org.tenantId, chain(manualLead, [taskNode()]));
    await env.db.forTenant(org.tenantId, (d) => inTransaction(d, async (tx) => {
      for (let i = 0; i < 120; i++) {
        await rt.start(tx, { tenantId: org.tenantId, flowId, triggerKey: `import:${i}`, trigger: { type: 'manual', userId: null, at: clock.now().toISOString() }, recordType: 'lead', recordId: leadId, depth: 0, startedBy: null });
      }
    }));
    let drained = false;
    const draining = rt.drain().then((n) => {
      drained = true;
      return n;
    });
    await new Promise((r) => setTimeout(r, 50));
    const res = await org.client.get(`/api/v1/flow-executions?recordType=lead&recordId=${leadId}`);
    expect(res.statusCode).toBe(200);
    expect(drained).toBe(false); // answered in the middle of the backlog
    expect(await draining).toBe(240);
    expect(await tasksOf(env.db, org.tenantId, leadId)).toHaveLength(120);
  });
});
