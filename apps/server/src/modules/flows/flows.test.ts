import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowDefinition, FlowDetail, FlowProblem } from '@loopline/shared';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { flowRuntime } from './runtime/index.ts';
import { FLOW_TEMPLATES } from './templates.ts';
import { dispatchFlowEvents } from './triggers/dispatch.ts';
import { createLead, publishDraft, setupFlowOrg, sqlRows, waitingFlow, type FlowOrg } from './testFlows.ts';

let env: TestEnv;
let org: FlowOrg;
beforeAll(async () => {
  env = await createTestApp();
  org = await setupFlowOrg(env);
});
afterAll(async () => env?.close());

const admin = () => org.admin.client;
const problemsOf = (body: { error: { code: string; details: { problems: FlowProblem[] } } }) => body.error.details.problems;

/** The blank flow's trigger plus these nodes / edges. */
function draftWith(nodes: FlowDefinition['nodes'], edges: FlowDefinition['edges'], trigger: FlowDefinition['trigger'] = { type: 'recordCreated', recordType: 'lead' }): FlowDefinition {
  return { trigger, nodes: [{ id: 'trigger', type: 'trigger', config: {}, position: { x: 0, y: 0 } }, ...nodes], edges };
}
const at = (y: number) => ({ x: 0, y });

describe('flow definitions API', () => {
  it('lists the built-in SOP templates and creates a flow from one', async () => {
    const res = await admin().get('/api/v1/flows/templates');
    expect(res.statusCode, res.body).toBe(200);
    const keys = res.json().items.map((t: { key: string }) => t.key);
    expect(keys.slice(0, 5)).toEqual(['newLeadFirstCall', 'newLeadHighIntent', 'newLeadNurture', 'followupDiscipline', 'contactBirthday']);
    expect(keys).toEqual(expect.arrayContaining(['approvalContract', 'approvalQuoteDiscount', 'approvalPayment', 'approvalInvoice']));
    expect(res.json().items.filter((t: { kind: string }) => t.kind === 'approval')).toHaveLength(4);

    const created = await admin().post('/api/v1/flows', { name: '我的首呼流程', templateKey: 'newLeadFirstCall' });
    expect(created.statusCode, created.body).toBe(201);
    const flow = created.json() as FlowDetail;
    expect(flow).toMatchObject({ name: '我的首呼流程', status: 'draft', publishedVersion: null, templateKey: 'newLeadFirstCall', triggerType: 'ownerChanged', recordType: 'lead', hasDraftChanges: true, versions: [], webhookUrl: null });
    expect(flow.draft).toEqual(FLOW_TEMPLATES[0]!.definition);

    const unknown = await admin().post('/api/v1/flows', { name: 'x', templateKey: 'nope' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.fields[0].field).toBe('templateKey');
  });

  it('every built-in template passes publish validation', async () => {
    for (const t of FLOW_TEMPLATES) {
      const created = (await admin().post('/api/v1/flows', { name: t.name, templateKey: t.key })).json();
      const problems = (await admin().post(`/api/v1/flows/${created.id}/validate`)).json().problems;
      expect(problems, t.key).toEqual([]);
      const pub = await admin().post(`/api/v1/flows/${created.id}/publish`);
      expect(pub.statusCode, `${t.key}: ${pub.body}`).toBe(200);
      // leave them disabled so they do not act on the other tests' leads
      expect((await admin().post(`/api/v1/flows/${created.id}/disable`, {})).statusCode).toBe(200);
    }
  });

  it('publishes immutable versions: v1 stays as published after the draft changes, v2 is the new draft', async () => {
    const created = (await admin().post('/api/v1/flows', { name: '版本测试', templateKey: 'newLeadFirstCall' })).json() as FlowDetail;
    const v1Def = created.draft;
    const pub1 = await admin().post(`/api/v1/flows/${created.id}/publish`);
    expect(pub1.statusCode, pub1.body).toBe(200);
    expect(pub1.json()).toMatchObject({ status: 'active', publishedVersion: 1, hasDraftChanges: false, recordType: 'lead', triggerType: 'ownerChanged' });
    expect(pub1.json().versions).toMatchObject([{ version: 1, publishedBy: org.admin.userId, publishedByName: '管理员' }]);
    const [cols] = await sqlRows<{ listens_on: string[]; record_type: string; trigger_type: string; webhook_key: string | null }>(env, org.admin.tenantId,
      sql`SELECT listens_on, record_type, trigger_type, webhook_key FROM flows WHERE id = ${created.id}`);
    expect(cols).toEqual({ listens_on: ['lead'], record_type: 'lead', trigger_type: 'ownerChanged', webhook_key: null });

    // edit the draft: a new title and an extra notification
    const v2Def = structuredClone(v1Def);
    v2Def.nodes[1]!.config.title = '首次电话联系（24 小时内）';
    v2Def.nodes.push({ id: 'tell', type: 'notify', label: '通知负责人', config: { to: [{ kind: 'owner' }], title: '新线索：{{record.name}}' }, position: at(420) });
    v2Def.edges = v2Def.edges.filter((e) => e.target !== 'end');
    v2Def.edges.push({ id: 'task-tell', source: 'firstCall', target: 'tell' }, { id: 'tell-end', source: 'tell', target: 'end' });
    const saved = await admin().put(`/api/v1/flows/${created.id}`, { draft: v2Def, description: '改过的' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ hasDraftChanges: true, publishedVersion: 1, description: '改过的' });
    expect((await admin().get(`/api/v1/flows/${created.id}/versions/1`)).json().definition).toEqual(v1Def);

    const draftDiff = (await admin().get(`/api/v1/flows/${created.id}/diff?from=1&to=draft`)).json();
    expect(draftDiff.nodes.added.map((n: { id: string }) => n.id)).toEqual(['tell']);
    expect(draftDiff.nodes.changed).toMatchObject([{ nodeId: 'firstCall', fields: ['config.title'] }]);
    expect(draftDiff.edges.removed).toMatchObject([{ source: 'firstCall', target: 'end' }]);
    expect(draftDiff.edges.added).toHaveLength(2);

    const pub2 = await admin().post(`/api/v1/flows/${created.id}/publish`);
    expect(pub2.statusCode, pub2.body).toBe(200);
    expect(pub2.json().publishedVersion).toBe(2);
    expect(pub2.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const v1 = (await admin().get(`/api/v1/flows/${created.id}/versions/1`)).json();
    const v2 = (await admin().get(`/api/v1/flows/${created.id}/versions/2`)).json();
    expect(v1).toMatchObject({ version: 1, definition: v1Def, publishedBy: org.admin.userId });
    expect(v2.definition).toEqual(v2Def);
    expect((await admin().get(`/api/v1/flows/${created.id}/diff?from=1&to=2`)).json()).toEqual(draftDiff);
    const none = (await admin().get(`/api/v1/flows/${created.id}/diff?from=2`)).json();
    expect(none).toMatchObject({ trigger: { changed: false }, nodes: { added: [], removed: [], changed: [] }, edges: { added: [], removed: [] } });
    expect((await admin().get(`/api/v1/flows/${created.id}/versions/3`)).statusCode).toBe(404);

    const list = (await admin().get('/api/v1/flows')).json().items;
    expect(list.find((f: { id: string }) => f.id === created.id)).toMatchObject({ publishedVersion: 2, status: 'active', hasDraftChanges: false });

    // an active flow cannot be deleted; a disabled one can
    const del = await admin().delete(`/api/v1/flows/${created.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error.code).toBe('FLOW_ACTIVE');
    expect((await admin().post(`/api/v1/flows/${created.id}/disable`, {})).json()).toMatchObject({ status: 'disabled', cancelled: 0 });
    expect((await admin().post(`/api/v1/flows/${created.id}/enable`)).json()).toMatchObject({ status: 'active' });
    await admin().post(`/api/v1/flows/${created.id}/disable`, {});
    expect((await admin().delete(`/api/v1/flows/${created.id}`)).statusCode).toBe(204);
    expect((await admin().get(`/api/v1/flows/${created.id}`)).statusCode).toBe(404);

    const audit = await sqlRows<{ action: string }>(env, org.admin.tenantId, sql`SELECT action FROM audit_logs WHERE record_type = 'flow' AND record_id = ${created.id} ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['create', 'publish', 'update', 'publish', 'disable', 'enable', 'disable', 'delete']);
  });

  it('sets listens_on per trigger and keeps a webhook URL across versions', async () => {
    const followup = await publishDraft(admin(), '跟进触发', { ...FLOW_TEMPLATES[1]!.definition });
    const hook = await publishDraft(admin(), 'Webhook', draftWith([{ id: 'end', type: 'end', config: {}, position: at(140) }], [{ id: 'e', source: 'trigger', target: 'end' }], { type: 'webhook' }));
    const cols = await sqlRows<{ id: string; listens_on: string[]; webhook_key: string | null }>(env, org.admin.tenantId,
      sql`SELECT id, listens_on, webhook_key FROM flows WHERE id IN (${followup}, ${hook})`);
    expect(cols.find((c) => c.id === followup)).toMatchObject({ listens_on: ['activity'], webhook_key: null });
    const key = cols.find((c) => c.id === hook)!.webhook_key;
    expect(key).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const detail = (await admin().get(`/api/v1/flows/${hook}`)).json();
    expect(detail.webhookUrl).toBe(`${env.config.publicUrl}/api/v1/public/flow-hooks/${key}`);
    await admin().put(`/api/v1/flows/${hook}`, { name: 'Webhook v2' });
    expect((await admin().post(`/api/v1/flows/${hook}/publish`)).json()).toMatchObject({ publishedVersion: 2, webhookUrl: detail.webhookUrl });
    for (const id of [followup, hook]) await admin().post(`/api/v1/flows/${id}/disable`, {});
  });
});

describe('bad input', () => {
  const publishProblems = async (draft: FlowDefinition) => {
    const created = await admin().post('/api/v1/flows', { name: '有问题的流程', draft });
    expect(created.statusCode, created.body).toBe(201);
    const res = await admin().post(`/api/v1/flows/${created.json().id}/publish`);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.code).toBe('FLOW_INVALID');
    // nothing was published
    expect((await admin().get(`/api/v1/flows/${created.json().id}`)).json()).toMatchObject({ status: 'draft', publishedVersion: null, versions: [] });
    return problemsOf(res.json());
  };

  it('rejects an edge to a node that does not exist, naming it', async () => {
    const problems = await publishProblems(draftWith(
      [{ id: 'end', type: 'end', config: {}, position: at(140) }],
      [{ id: 'e1', source: 'trigger', target: 'end' }, { id: 'e2', source: 'trigger', target: 'ghost' }],
    ));
    expect(problems.some((p) => p.code === 'danglingEdge' && JSON.stringify(p).includes('ghost')), JSON.stringify(problems)).toBe(true);
  });

  it('rejects a condition on an unknown field, naming the node', async () => {
    const problems = await publishProblems(draftWith(
      [
        { id: 'check', type: 'condition', config: { branches: [{ id: 'big', label: '大单', filter: { field: 'notAField', op: 'eq', value: 1 } }] }, position: at(140) },
        { id: 'end', type: 'end', config: {}, position: at(280) },
      ],
      [{ id: 'e1', source: 'trigger', target: 'check' }, { id: 'e2', source: 'check', target: 'end', sourceHandle: 'big' }, { id: 'e3', source: 'check', target: 'end', sourceHandle: 'default' }],
    ));
    expect(problems, JSON.stringify(problems)).toContainEqual(expect.objectContaining({ nodeId: 'check', code: 'unknownField' }));
  });

  it('rejects a loop without a delay, naming a node on it', async () => {
    const notify = (id: string, y: number) => ({ id, type: 'notify', config: { to: [{ kind: 'owner' }], title: 'loop' }, position: at(y) });
    const problems = await publishProblems(draftWith(
      [notify('a', 140), notify('b', 280)],
      [{ id: 'e1', source: 'trigger', target: 'a' }, { id: 'e2', source: 'a', target: 'b' }, { id: 'e3', source: 'b', target: 'a' }],
    ));
    const loop = problems.find((p) => p.code === 'loopWithoutDelay');
    expect(loop, JSON.stringify(problems)).toBeTruthy();
    expect(['a', 'b']).toContain(loop!.nodeId);
  });

  it('rejects a template naming a missing field, naming the node', async () => {
    const problems = await publishProblems(draftWith(
      [
        { id: 'tell', type: 'notify', config: { to: [{ kind: 'owner' }], title: '线索 {{record.noSuchField}}' }, position: at(140) },
        { id: 'end', type: 'end', config: {}, position: at(280) },
      ],
      [{ id: 'e1', source: 'trigger', target: 'tell' }, { id: 'e2', source: 'tell', target: 'end' }],
    ));
    expect(problems, JSON.stringify(problems)).toContainEqual(expect.objectContaining({ nodeId: 'tell', code: 'badTemplate' }));
  });

  it('rejects a person or pool that is not in this organization, naming the node; validate says the same', async () => {
    const draft = draftWith(
      [
        { id: 'tell', type: 'notify', config: { to: [{ kind: 'owner' }, { kind: 'user', userId: crypto.randomUUID() }], title: 'hi' }, position: at(140) },
        { id: 'pool', type: 'returnToPool', config: { poolId: crypto.randomUUID(), reason: '退回' }, position: at(280) },
        { id: 'ok', type: 'notify', config: { to: [{ kind: 'user', userId: org.manager.userId }], title: 'hi' }, position: at(420) },
        { id: 'end', type: 'end', config: {}, position: at(560) },
      ],
      [{ id: 'e1', source: 'trigger', target: 'tell' }, { id: 'e2', source: 'tell', target: 'pool' }, { id: 'e3', source: 'pool', target: 'ok' }, { id: 'e4', source: 'ok', target: 'end' }],
    );
    const problems = await publishProblems(draft);
    expect(problems.map((p) => [p.nodeId, p.code])).toEqual([['tell', 'badConfig'], ['pool', 'badConfig']]);
    const id = (await admin().post('/api/v1/flows', { name: '校验', draft })).json().id;
    expect((await admin().post(`/api/v1/flows/${id}/validate`)).json().problems).toEqual(problems);
    draft.nodes[1]!.config.to = [{ kind: 'owner' }];
    draft.nodes[2]!.config.poolId = org.leadPoolId;
    await admin().put(`/api/v1/flows/${id}`, { draft });
    expect((await admin().post(`/api/v1/flows/${id}/validate`)).json().problems).toEqual([]);
  });

  it('answers 400 naming the field for a malformed body', async () => {
    const noName = await admin().post('/api/v1/flows', { name: '' });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().error.details.fields.map((f: { field: string }) => f.field)).toContain('name');

    const created = (await admin().post('/api/v1/flows', { name: '草稿' })).json();
    const bad = await admin().put(`/api/v1/flows/${created.id}`, { draft: { nodes: [], edges: [] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields.map((f: { field: string }) => f.field)).toContain('draft.trigger');

    const badNode = await admin().put(`/api/v1/flows/${created.id}`, { draft: { ...created.draft, nodes: [{ id: 'x', type: 'end', config: {} }] } });
    expect(badNode.statusCode).toBe(400);
    expect(badNode.json().error.message).toContain('draft.nodes.0.position');

    expect((await admin().get('/api/v1/flows/not-a-uuid')).statusCode).toBe(400);
    expect((await admin().get(`/api/v1/flows/${created.id}/diff?from=x`)).statusCode).toBe(400);
    expect((await admin().get(`/api/v1/flows/${crypto.randomUUID()}`)).statusCode).toBe(404);
    // never published: nothing to disable
    expect((await admin().post(`/api/v1/flows/${created.id}/disable`, {})).statusCode).toBe(409);
    expect((await admin().post(`/api/v1/flows/${created.id}/enable`)).statusCode).toBe(409);
  });

  it('is for administrators only', async () => {
    const rep = org.rep.client;
    expect((await rep.get('/api/v1/flows')).statusCode).toBe(403);
    expect((await rep.get('/api/v1/flows/templates')).statusCode).toBe(403);
    expect((await rep.post('/api/v1/flows', { name: 'x' })).statusCode).toBe(403);
    const id = (await admin().post('/api/v1/flows', { name: '管理员的' })).json().id;
    expect((await rep.post(`/api/v1/flows/${id}/publish`)).statusCode).toBe(403);
    expect((await rep.put(`/api/v1/flows/${id}`, { name: 'mine' })).statusCode).toBe(403);
  });
});

describe('running flows', () => {
  it('dry-runs the draft on a visible lead without doing anything', async () => {
    const created = (await admin().post('/api/v1/flows', { name: '试运行', templateKey: 'newLeadFirstCall' })).json();
    const lead = await createLead(admin(), org.rep.userId);
    const res = await admin().post(`/api/v1/flows/${created.id}/dry-run`, { recordId: lead });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().problems).toEqual([]);
    expect(res.json().steps.map((s: { nodeId: string }) => s.nodeId)).toEqual(expect.arrayContaining(['firstCall']));
    expect(res.json().steps.find((s: { nodeId: string }) => s.nodeId === 'firstCall').effects).toMatchObject([{ type: 'createTask', title: '首次电话联系' }]);
    const tasks = await sqlRows<{ n: number }>(env, org.admin.tenantId, sql`SELECT count(*)::int AS n FROM tasks WHERE record_id = ${lead}`);
    expect(tasks[0]!.n).toBe(0);
    expect((await admin().post(`/api/v1/flows/${created.id}/dry-run`, { recordId: crypto.randomUUID() })).statusCode).toBe(404);
  });

  it('disabling a flow cancels its waiting executions, visibly', async () => {
    const flowId = await publishDraft(admin(), '等待中的流程', waitingFlow());
    const lead = await createLead(admin(), org.rep.userId);
    const runtime = flowRuntime(env.app.ctx);
    await dispatchFlowEvents(env.app.ctx, runtime);
    await runtime.drain();
    const live = await sqlRows<{ id: string; status: string }>(env, org.admin.tenantId, sql`SELECT id, status FROM flow_executions WHERE flow_id = ${flowId} AND record_id = ${lead}`);
    expect(live).toHaveLength(1);
    expect(live[0]!.status).toBe('waiting');

    const res = await admin().post(`/api/v1/flows/${flowId}/disable`, { reason: '流程调整中' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'disabled', cancelled: 1 });
    const [exec] = await sqlRows<{ status: string; error: string | null }>(env, org.admin.tenantId, sql`SELECT status, error FROM flow_executions WHERE id = ${live[0]!.id}`);
    expect(exec!.status).toBe('cancelled');
    const steps = await sqlRows<{ node_id: string; status: string; error: string | null }>(env, org.admin.tenantId,
      sql`SELECT node_id, status, error FROM flow_steps WHERE execution_id = ${live[0]!.id} ORDER BY created_at, id`);
    expect(steps.find((s) => s.node_id === 'wait')).toMatchObject({ status: 'cancelled' });
    expect(JSON.stringify([exec, steps])).toContain('流程调整中');
    // visible in the run history
    const view = await admin().get(`/api/v1/flow-executions/${live[0]!.id}`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ status: 'cancelled', flowId });
    expect(view.json().steps.find((s: { nodeId: string }) => s.nodeId === 'wait')).toMatchObject({ status: 'cancelled' });
    expect((await admin().get(`/api/v1/flows/${flowId}/executions?status=cancelled`)).json().total).toBe(1);
    // the waiting step never wakes up now
    await runtime.wakeDue(new Date(Date.now() + 10 * 86_400_000));
    await runtime.drain();
    const notes = await sqlRows<{ n: number }>(env, org.admin.tenantId, sql`SELECT count(*)::int AS n FROM notifications WHERE title LIKE ${'请跟进%'}`);
    expect(notes[0]!.n).toBe(0);
  });
});
