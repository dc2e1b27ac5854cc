/**
 * 报价折扣审批 through the real approvals service: an approval flow for quotes whose trigger
 * condition routes on the standard field overLimit; the quote is locked while pending, cannot be
 * sent until approved, and a quote within the limit passes at once (no flow applies).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalInstanceView, FlowDefinition } from '@loopline/shared';
import { addUser, createTestApp, signUp, type SignedUp, type TestClient, type TestEnv } from '../../test/harness.ts';
import { createFlowRuntime, type FlowRuntime } from '../flows/runtime/index.ts';
import { testClock } from '../flows/runtime/testFlows.ts';
import { setApprovalRuntime } from '../approvals/routes.ts';
import { newCustomer } from '../customers/testOrg.ts';

let env: TestEnv;
let org: SignedUp;
let rt: FlowRuntime;
const clock = testClock();
const people: Record<string, { client: TestClient; userId: string }> = {};
const api = '/api/v1';

type Node = FlowDefinition['nodes'][number];
const node = (id: string, type: string, config: Record<string, unknown> = {}, label?: string): Node => ({ id, type, config, position: { x: 0, y: 0 }, ...(label ? { label } : {}) });
const edge = (source: string, target: string, sourceHandle?: string) => ({ id: `${source}-${target}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) });

beforeAll(async () => {
  env = await createTestApp();
  org = await signUp(env.app);
  rt = createFlowRuntime(env.app.ctx, { clock: clock.now });
  setApprovalRuntime(rt);
  people.director = await addUser(env, org.client, { name: '总监', email: `director-${org.tenantId.slice(0, 6)}@example.com`, roleKeys: ['salesDirector'] });
  people.rep = await addUser(env, org.client, { name: '销售', email: `rep-${org.tenantId.slice(0, 6)}@example.com`, roleKeys: ['salesRep'], managerId: people.director.userId });
  const roles = (await org.client.get(`${api}/roles`)).json().items as { id: string; key: string }[];
  const limits = await org.client.put(`${api}/discount-limits`, { items: [{ roleId: roles.find((r) => r.key === 'salesRep')!.id, maxDiscountPct: '10' }] });
  expect(limits.statusCode, limits.body).toBe(200);
  // 报价折扣审批: quotes over their owner's limit go to the sales director
  const def: FlowDefinition = {
    trigger: { type: 'approvalSubmitted', recordType: 'quote', condition: { field: 'overLimit', op: 'eq', value: true } } as FlowDefinition['trigger'],
    nodes: [node('start', 'trigger'), node('director', 'approval', { approvers: { kind: 'role', roleKey: 'salesDirector' }, mode: 'single', editableFields: ['validUntil', 'terms'] }, '销售总监'), node('end', 'end')],
    edges: [edge('start', 'director'), edge('director', 'end', 'approved')],
  };
  const created = await org.client.post(`${api}/flows`, { name: '报价折扣审批（测试）', draft: def });
  expect(created.statusCode, created.body).toBe(201);
  const published = await org.client.post(`${api}/flows/${created.json().id}/publish`);
  expect(published.statusCode, published.body).toBe(200);
}, 120_000);
afterAll(async () => {
  setApprovalRuntime(null);
  await env?.close();
});

async function quote(client: TestClient, discountPct: string): Promise<Record<string, any>> {
  const customer = await newCustomer(client, { name: `审批测试客户${discountPct}-${Math.random().toString(36).slice(2, 6)}` });
  const res = await client.post(`${api}/quotes`, { customerId: customer.id, title: '折扣审批报价', lines: [{ productName: '设备', listPrice: '1000.00', quantity: '2', discountValue: discountPct, taxRate: '13' }] });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('quote discount approval (real approvals service)', () => {
  it('locks an over-limit quote while the director decides, then lets it be sent', async () => {
    const rep = people.rep!.client;
    const q = await quote(rep, '20');
    expect(q.overLimit).toBe(true);
    expect((await rep.post(`${api}/quotes/${q.id}/send`, {})).json().error.code).toBe('DISCOUNT_APPROVAL_REQUIRED');

    const submitted = await rep.post(`${api}/quotes/${q.id}/submit`, { comment: '客户是战略客户，申请 20% 折扣' });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const instance = submitted.json() as ApprovalInstanceView;
    expect(instance.status).toBe('pending');
    expect((await rep.get(`${api}/quotes/${q.id}`)).json()).toMatchObject({ status: 'inApproval', approvalStatus: 'pending' });
    // locked: no edits, no sending
    const edit = await rep.patch(`${api}/quotes/${q.id}`, { title: '改个名' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('RECORD_LOCKED');
    expect((await rep.post(`${api}/quotes/${q.id}/send`, {})).statusCode).toBe(409);
    expect((await rep.post(`${api}/quotes/${q.id}/submit`, {})).json().error.code).toBe('APPROVAL_PENDING');

    const view = (await people.director!.client.get(`${api}/approvals/${instance.id}`)).json() as ApprovalInstanceView;
    expect(view.myTask).not.toBeNull();
    // the director may shorten the validity while approving (an editable field of the node), within the rules
    const early = await people.director!.client.post(`${api}/approval-tasks/${view.myTask!.id}/approve`, { comment: '同意', fields: { validUntil: '2000-01-01' } });
    expect(early.statusCode).toBe(400);
    expect(JSON.stringify(early.json().error)).toContain('validUntil');
    const approved = await people.director!.client.post(`${api}/approval-tasks/${view.myTask!.id}/approve`, { comment: '同意', fields: { validUntil: '2099-06-30' } });
    expect(approved.statusCode, approved.body).toBe(200);
    expect((await rep.get(`${api}/quotes/${q.id}`)).json()).toMatchObject({ status: 'draft', approvalStatus: 'approved', needsDiscountApproval: false, validUntil: '2099-06-30' });
    const sent = await rep.post(`${api}/quotes/${q.id}/send`, {});
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().status).toBe('sent');
  });

  it('a refused discount goes back to draft and still cannot be sent', async () => {
    const rep = people.rep!.client;
    const q = await quote(rep, '30');
    const instance = (await rep.post(`${api}/quotes/${q.id}/submit`, {})).json() as ApprovalInstanceView;
    const view = (await people.director!.client.get(`${api}/approvals/${instance.id}`)).json() as ApprovalInstanceView;
    const rejected = await people.director!.client.post(`${api}/approval-tasks/${view.myTask!.id}/reject`, { comment: '折扣过大' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect((await rep.get(`${api}/quotes/${q.id}`)).json()).toMatchObject({ status: 'draft', approvalStatus: 'rejected', needsDiscountApproval: true });
    expect((await rep.post(`${api}/quotes/${q.id}/send`, {})).json().error.code).toBe('DISCOUNT_APPROVAL_REQUIRED');
  });

  it('a quote within the limit matches no flow and is approved at once; an empty quote cannot be submitted', async () => {
    const rep = people.rep!.client;
    const q = await quote(rep, '5');
    expect(q.overLimit).toBe(false);
    const submitted = await rep.post(`${api}/quotes/${q.id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(201);
    expect(submitted.json().status).toBe('approved');
    expect((await rep.get(`${api}/quotes/${q.id}`)).json()).toMatchObject({ status: 'draft', approvalStatus: 'approved' });
    const customer = await newCustomer(rep, { name: `空报价客户-${Math.random().toString(36).slice(2, 6)}` });
    const empty = (await rep.post(`${api}/quotes`, { customerId: customer.id, title: '空报价' })).json();
    const refused = await rep.post(`${api}/quotes/${empty.id}/submit`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('QUOTE_EMPTY');
  });
});
