import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../platform/db/transaction.ts';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { seedDemoAssignment } from './demo.ts';
import { EAST, addRule, setupTeam, type Team } from './testOrg.ts';

let env: TestEnv;
let team: Team;
let ids: string[];
const api = (path: string) => `/api/v1${path}`;

beforeAll(async () => {
  env = await createTestApp();
  team = await setupTeam(env, 4);
  ids = team.reps.map((r) => r.userId);
}, 120_000);
afterAll(async () => env?.close());

describe('rules admin API', () => {
  it('creates, edits, reorders and deletes rules, each change in the audit trail', async () => {
    const admin = team.admin.client;
    const a = await addRule(admin, { name: '华东网页表单', condition: EAST, target: { kind: 'roundRobin', userIds: ids.slice(0, 2) } });
    const b = await addRule(admin, { name: '制造业大客户', condition: { field: 'industry', op: 'eq', value: '制造业' }, target: { kind: 'loadBalanced', members: [{ userId: ids[2], weight: 2, cap: 80 }] } });
    expect(a).toMatchObject({ enabled: true, position: 0, conditionError: null, target: { kind: 'roundRobin', userIds: ids.slice(0, 2) } });
    expect(b.target).toEqual({ kind: 'loadBalanced', members: [{ userId: ids[2], weight: 2, cap: 80 }] });

    const patched = await admin.patch(api(`/assignment-rules/${a.id}`), { enabled: false, target: { kind: 'user', userId: ids[1] } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ enabled: false, target: { kind: 'user', userId: ids[1] }, condition: EAST });

    const order = await admin.put(api('/assignment-rules/order'), { ids: [b.id, a.id] });
    expect(order.statusCode, order.body).toBe(200);
    expect(order.json().items.map((r: { name: string }) => r.name)).toEqual(['制造业大客户', '华东网页表单']);
    const partial = await admin.put(api('/assignment-rules/order'), { ids: [b.id] });
    expect(partial.statusCode).toBe(400);
    expect(partial.json().error.details.fields[0].field).toBe('ids');

    expect((await admin.delete(api(`/assignment-rules/${a.id}`))).statusCode).toBe(204);
    expect((await admin.delete(api(`/assignment-rules/${a.id}`))).statusCode).toBe(404);
    const list = (await admin.get(api('/assignment-rules'))).json().items;
    expect(list.map((r: { id: string }) => r.id)).toEqual([b.id]);
    expect((await admin.delete(api(`/assignment-rules/${b.id}`))).statusCode).toBe(204);
    const audit = (await admin.get(api(`/audit?recordType=assignmentRule&recordId=${a.id}`))).json().items.map((e: { action: string }) => e.action);
    expect(audit).toEqual(['delete', 'update', 'create']);
  });

  it('rejects bad input naming the field: unknown condition field, unknown user, empty team, unknown keys', async () => {
    const admin = team.admin.client;
    const bad = async (body: Record<string, unknown>, field: string) => {
      const res = await admin.post(api('/assignment-rules'), body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
      return res.json().error;
    };
    const target = { kind: 'user', userId: ids[0] };
    const err = await bad({ name: 'x', condition: { field: 'custom.nope', op: 'eq', value: 1 }, target }, 'condition');
    expect(err.message).toContain('custom.nope');
    expect(err.details.filterField).toBe('custom.nope');
    await bad({ name: 'x', condition: { field: 'industry', op: 'between', value: [1, 2] }, target }, 'condition');
    await bad({ name: 'x', condition: { field: 'industry' }, target }, 'condition');
    await bad({ name: 'x', target: { kind: 'user', userId: '00000000-0000-4000-8000-000000000000' } }, 'target.userId');
    await bad({ name: 'x', target: { kind: 'roundRobin', userIds: [ids[0], '00000000-0000-4000-8000-000000000000'] } }, 'target.userIds.1');
    await bad({ name: 'x', target: { kind: 'roundRobin', userIds: [] } }, 'target.userIds');
    await bad({ name: 'x', target: { kind: 'roundRobin', userIds: [ids[0], ids[0]] } }, 'target.userIds.1');
    await bad({ name: 'x', target: { kind: 'loadBalanced', members: [{ userId: ids[0], weight: 0 }] } }, 'target.members.0.weight');
    await bad({ name: '', target }, 'name');
    await bad({ name: 'x', target, colour: 'red' }, 'colour');
    expect((await admin.get(api('/assignment-rules'))).json().items).toHaveLength(0);
  });

  it('a custom field condition works, and deleting the field flags the rule instead of failing', async () => {
    const admin = team.admin.client;
    const cf = await admin.post(api('/custom-fields'), { recordType: 'lead', key: 'budgetLevel', label: '预算等级', type: 'singleSelect', options: [{ value: 'high', label: '高' }] });
    expect(cf.statusCode, cf.body).toBe(201);
    const rule = await addRule(admin, { name: '高预算', condition: { field: 'custom.budgetLevel', op: 'eq', value: 'high' }, target: { kind: 'user', userId: ids[0] } });
    const hit = (await admin.post(api('/assignment-rules/test'), { lead: { name: 't', custom: { budgetLevel: 'high' } } })).json();
    expect(hit.outcome).toMatchObject({ ruleId: rule.id, assignee: { kind: 'user', id: ids[0], name: 'rep1' } });
    expect((await admin.delete(api(`/custom-fields/${cf.json().id}`))).statusCode).toBe(204);
    const [listed] = (await admin.get(api('/assignment-rules'))).json().items;
    expect(listed.conditionError).toContain('custom.budgetLevel');
    expect((await admin.delete(api(`/assignment-rules/${rule.id}`))).statusCode).toBe(204);
  });

  it('is for administrators only', async () => {
    const rep = team.reps[0]!.client;
    expect((await rep.get(api('/assignment-rules'))).statusCode).toBe(403);
    expect((await rep.post(api('/assignment-rules/test'), { lead: {} })).statusCode).toBe(403);
    expect((await rep.put(api('/assignment-settings'), { fallback: 'none' })).statusCode).toBe(403);
  });
});

describe('settings and availability', () => {
  it('validates the fallback and lists who is on leave', async () => {
    const admin = team.admin.client;
    expect((await admin.get(api('/assignment-settings'))).json()).toEqual({ fallback: 'none', defaultOwnerId: null, poolId: null });
    let res = await admin.put(api('/assignment-settings'), { fallback: 'owner' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].field).toBe('defaultOwnerId');
    res = await admin.put(api('/assignment-settings'), { fallback: 'pool', poolId: '00000000-0000-4000-8000-000000000000' });
    expect(res.json().error.details.fields[0].field).toBe('poolId');
    res = await admin.put(api('/assignment-settings'), { fallback: 'owner', defaultOwnerId: ids[2] });
    expect(res.json()).toEqual({ fallback: 'owner', defaultOwnerId: ids[2], poolId: null });

    res = await admin.put(api('/assignment-availability'), { items: [{ userId: ids[1], onLeave: true, until: '2999-12-31' }] });
    expect(res.statusCode, res.body).toBe(200);
    const rep2 = res.json().items.find((p: { userId: string }) => p.userId === ids[1]);
    expect(rep2).toMatchObject({ name: 'rep2', onLeave: true, until: '2999-12-31', availableNow: false });
    res = await admin.put(api('/assignment-availability'), { items: [{ userId: '00000000-0000-4000-8000-000000000000', onLeave: true }] });
    expect(res.json().error.details.fields[0].field).toBe('items.0.userId');
    await admin.put(api('/assignment-availability'), { items: [{ userId: ids[1], onLeave: false }] });
    await admin.put(api('/assignment-settings'), { fallback: 'none' });
  });
});

describe('test rules panel', () => {
  it('explains each rule in order and the final assignee, in Chinese and English', async () => {
    const admin = team.admin.client;
    const a = await addRule(admin, { name: '华东网页表单', condition: EAST, target: { kind: 'roundRobin', userIds: ids.slice(0, 2) } });
    const b = await addRule(admin, { name: '停用的', enabled: false, condition: null, target: { kind: 'user', userId: ids[2] } });
    const c = await addRule(admin, { name: '网页表单', condition: { field: 'source', op: 'eq', value: 'webForm' }, target: { kind: 'user', userId: ids[2] } });
    await admin.put(api('/assignment-settings'), { fallback: 'owner', defaultOwnerId: ids[0] });

    let res = await admin.post(api('/assignment-rules/test'), { lead: { name: '样例', source: 'webForm', province: '广东省' } });
    expect(res.statusCode, res.body).toBe(200);
    let out = res.json();
    expect(out.rules.map((r: { ruleId: string; matched: boolean }) => [r.ruleId, r.matched])).toEqual([[a.id, false], [b.id, false], [c.id, true]]);
    expect(out.rules[0].reason.zh).toContain('不满足条件');
    expect(out.rules[0].reason.en).toContain('province in');
    expect(out.rules[1].reason).toEqual({ zh: '规则已停用', en: 'Rule is disabled' });
    expect(out.outcome).toMatchObject({ ruleId: c.id, ruleName: '网页表单', assignee: { kind: 'user', id: ids[2], name: 'rep3' } });
    expect(out.outcome.reason.zh).toContain('命中规则「网页表单」');
    expect(out.outcome.reason.en).toContain('rep3');

    // rep3 on leave: rule c falls through to the default owner
    await admin.put(api('/assignment-availability'), { items: [{ userId: ids[2], onLeave: true }] });
    out = (await admin.post(api('/assignment-rules/test'), { lead: { source: 'webForm' } })).json();
    expect(out.rules[2].reason.en).toContain('nobody is available');
    expect(out.outcome).toMatchObject({ ruleId: null, assignee: { kind: 'user', id: ids[0], name: 'rep1' } });
    expect(out.outcome.reason.zh).toBe('未命中任何规则：分配给默认负责人 rep1');

    // testing does not move the round-robin cursor
    for (let i = 0; i < 2; i++) {
      out = (await admin.post(api('/assignment-rules/test'), { lead: { source: 'webForm', province: '上海市' } })).json();
      expect(out.outcome.assignee.id).toBe(ids[0]);
    }
    await admin.put(api('/assignment-availability'), { items: [{ userId: ids[2], onLeave: false }] });
  });
});

describe('demo rules', () => {
  it('seed valid rules that place a sample lead', async () => {
    const admin = team.admin.client;
    for (const r of (await admin.get(api('/assignment-rules'))).json().items) await admin.delete(api(`/assignment-rules/${r.id}`));
    const usersByKey = { admin: team.admin.userId, manager1: ids[0]!, rep1: ids[0]!, rep2: ids[1]!, rep3: ids[2]!, rep4: ids[3]! };
    await env.db.forTenant(team.admin.tenantId, (db) => inTransaction(db, (tx) => seedDemoAssignment(tx, { tenantId: team.admin.tenantId, usersByKey, departmentsByName: {} })));
    const items = (await admin.get(api('/assignment-rules'))).json().items;
    expect(items.map((r: { name: string; conditionError: string | null }) => [r.name, r.conditionError])).toEqual([['华东网页表单', null], ['制造业大客户', null]]);
    const out = (await admin.post(api('/assignment-rules/test'), { lead: { source: 'ads', industry: '制造业' } })).json();
    expect(out.outcome).toMatchObject({ ruleName: '制造业大客户', assignee: { id: ids[2] } });
  });
});
