import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FlowExecutionView, FlowNodeCounts, FlowStepView } from '@loopline/shared';
import { addUser, createTestApp, signUp, type SignedUp, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { flowRuntime } from './index.ts';
import { chain, insertFlow, manualLead, startFlow, taskNode } from './testFlows.ts';

let env: TestEnv;
let org: SignedUp;
let rep: { client: TestClient; userId: string };
const api = '/api/v1';

beforeAll(async () => {
  env = await createTestApp();
  org = await signUp(env.app);
  rep = await addUser(env, org.client, { name: '销售小王', email: `rep-${Date.now()}@example.com`, roleKeys: ['salesRep'] });
}, 60_000);
afterAll(async () => env?.close());

async function newLead(client: TestClient, name: string): Promise<string> {
  const res = await client.post(`${api}/leads`, { name, duplicatePolicy: 'create' });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

describe('flow run routes', () => {
  it('lists executions per flow and per record, shows steps, retries a failed one and counts nodes', async () => {
    const rt = flowRuntime(env.app.ctx);
    const leadId = await newLead(rep.client, '客户甲');
    await env.db.forTenant(org.tenantId, (d) => d.execute(sql`UPDATE leads SET owner_id = NULL WHERE id = ${leadId}`));
    const { flowId } = await insertFlow(env.db, org.tenantId, chain(manualLead, [taskNode()]), '新线索 SOP');
    const { executionId } = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId, recordType: 'lead', recordId: leadId });
    await rt.drain();

    const list = (await org.client.get(`${api}/flows/${flowId}/executions?status=failed`)).json() as { items: FlowExecutionView[]; total: number };
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: executionId, flowName: '新线索 SOP', recordName: '客户甲', status: 'failed', version: 1 });
    expect((await org.client.get(`${api}/flows/${flowId}/executions?status=completed`)).json()).toEqual({ items: [], total: 0 });
    // a sales rep may not list a flow's runs
    expect((await rep.client.get(`${api}/flows/${flowId}/executions`)).statusCode).toBe(403);

    const res = await org.client.get(`${api}/flow-executions/${executionId}`);
    expect(res.statusCode).toBe(200);
    const view = res.json() as FlowExecutionView & { steps: FlowStepView[]; definition: { nodes: unknown[] } };
    expect(view.steps.map((s) => s.nodeId)).toEqual(['start', 'task']);
    expect(view.steps[1]).toMatchObject({ status: 'failed', error: '记录没有负责人', attempts: 1 });
    expect(view.steps[1]!.input).toMatchObject({ record: { name: '客户甲' } });
    expect(view.definition.nodes).toHaveLength(3);

    const counts = (await org.client.get(`${api}/flows/${flowId}/node-counts`)).json() as FlowNodeCounts;
    expect(counts.task).toEqual({ passed: 0, waiting: 0, failed: 1 });

    await env.db.forTenant(org.tenantId, (d) => d.execute(sql`UPDATE leads SET owner_id = ${rep.userId} WHERE id = ${leadId}`));
    const retried = await org.client.post(`${api}/flow-executions/${executionId}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'running' });
    await rt.drain();
    const done = (await org.client.get(`${api}/flow-executions/${executionId}`)).json() as FlowExecutionView;
    expect(done.status).toBe('completed');
    const again = await org.client.post(`${api}/flow-executions/${executionId}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('NOT_FAILED');

    // the lead's owner sees the runs on their lead; its detail too
    const mine = await rep.client.get(`${api}/flow-executions?recordType=lead&recordId=${leadId}`);
    expect(mine.statusCode).toBe(200);
    expect((mine.json() as { items: FlowExecutionView[] }).items.map((i) => i.id)).toEqual([executionId]);
    expect((await rep.client.get(`${api}/flow-executions/${executionId}`)).statusCode).toBe(200);
    expect((await org.client.get(`${api}/flows/${flowId}/node-counts?version=1`)).json()).toMatchObject({ task: { passed: 1, failed: 0 }, end: { passed: 1 } });
  });

  it('hides runs on records the user cannot see, and cancels an execution visibly', async () => {
    const rt = flowRuntime(env.app.ctx);
    const leadId = await newLead(org.client, '管理员的线索');
    const { flowId } = await insertFlow(env.db, org.tenantId, chain(manualLead, [{ id: 'wait', type: 'delay', config: { mode: 'duration', duration: { days: 3 } } }, taskNode()]));
    const { executionId } = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId, recordType: 'lead', recordId: leadId });
    await rt.drain();
    expect((await rep.client.get(`${api}/flow-executions?recordType=lead&recordId=${leadId}`)).statusCode).toBe(404);
    expect((await rep.client.get(`${api}/flow-executions/${executionId}`)).statusCode).toBe(404);
    expect((await rep.client.post(`${api}/flow-executions/${executionId}/cancel`, {})).statusCode).toBe(403);
    expect((await org.client.get(`${api}/flows/${flowId}/node-counts`)).json()).toMatchObject({ wait: { waiting: 1 } });

    const res = await org.client.post(`${api}/flow-executions/${executionId}/cancel`, { reason: '客户已流失' });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json() as FlowExecutionView & { steps: FlowStepView[] };
    expect(view.status).toBe('cancelled');
    expect(view.error).toContain('客户已流失');
    expect(view.steps.find((s) => s.nodeId === 'wait')).toMatchObject({ status: 'cancelled' });
    expect((await org.client.get(`${api}/flow-executions/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    expect((await org.client.get(`${api}/flow-executions?recordType=nope&recordId=${leadId}`)).statusCode).toBe(400);
  });
});
