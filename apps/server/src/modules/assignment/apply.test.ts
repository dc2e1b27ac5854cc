import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { rows } from '../../platform/db/query.ts';
import { announceOwnerships } from './apply.ts';
import { EAST, addRule, captureLeads, setupTeam, spread, tally, type Team } from './testOrg.ts';

let env: TestEnv;
let team: Team;
let ids: string[];
const east = (i: number) => ({ name: `华东 ${i}`, source: 'webForm', province: ['浙江省', '上海市', '江苏省'][i % 3] });

async function clearRules() {
  const { items } = (await team.admin.client.get('/api/v1/assignment-rules')).json();
  for (const r of items) expect((await team.admin.client.delete(`/api/v1/assignment-rules/${r.id}`)).statusCode).toBe(204);
  await env.db.forTenant(team.admin.tenantId, (db) => db.execute(sql`DELETE FROM leads WHERE tenant_id = ${team.admin.tenantId}`));
}

beforeAll(async () => {
  env = await createTestApp();
  team = await setupTeam(env);
  ids = team.reps.map((r) => r.userId);
}, 120_000);
afterAll(async () => env?.close());

describe('round-robin', () => {
  it('stays fair under 200 concurrent transactions each capturing one lead', async () => {
    await clearRules();
    const rule = await addRule(team.admin.client, { name: '华东网页表单', condition: EAST, target: { kind: 'roundRobin', userIds: ids.slice(0, 3) } });
    const decisions = (await Promise.all(Array.from({ length: 200 }, (_, i) => captureLeads(env, team.admin.tenantId, [east(i)])))).flat();
    expect(decisions.every((d) => d.ruleId === rule.id)).toBe(true);
    const counts = tally(decisions);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(200);
    expect(spread(counts, ids.slice(0, 3))).toBeLessThanOrEqual(1);
    // what was stored agrees with what was decided
    const stored = await env.db.forTenant(team.admin.tenantId, (db) =>
      rows<{ owner_id: string; n: number }>(db, sql`SELECT owner_id, count(*)::int AS n FROM leads WHERE tenant_id = ${team.admin.tenantId} GROUP BY owner_id`));
    expect(Object.fromEntries(stored.map((r) => [r.owner_id, Number(r.n)]))).toEqual(counts);
  }, 120_000);

  it('spreads a 1,000-lead batch evenly and continues the rotation in the next batch', async () => {
    await clearRules();
    const rule = await addRule(team.admin.client, { name: '全部', condition: null, target: { kind: 'roundRobin', userIds: ids } });
    // a missing cursor row is recreated rather than failing capture
    await env.db.forTenant(team.admin.tenantId, (db) => db.execute(sql`DELETE FROM assignment_cursors WHERE rule_id = ${rule.id}`));
    const first = await captureLeads(env, team.admin.tenantId, Array.from({ length: 1000 }, (_, i) => east(i)));
    expect(tally(first)).toEqual(Object.fromEntries(ids.map((id) => [id, 250])));
    const next = await captureLeads(env, team.admin.tenantId, [east(0), east(1)]);
    expect(next.map((d) => d.ownerId)).toEqual([ids[0], ids[1]]);
  }, 60_000);

  it('passes over people on leave and deactivated people', async () => {
    await clearRules();
    await addRule(team.admin.client, { name: 'rr', condition: null, target: { kind: 'roundRobin', userIds: ids } });
    const res = await team.admin.client.put('/api/v1/assignment-availability', { items: [{ userId: ids[1], onLeave: true }] });
    expect(res.statusCode, res.body).toBe(200);
    const got = await captureLeads(env, team.admin.tenantId, Array.from({ length: 6 }, (_, i) => east(i)));
    expect(got.map((d) => d.ownerId)).toEqual([ids[0], ids[2], ids[3], ids[0], ids[2], ids[3]]);
    // leave that ended yesterday no longer counts
    await team.admin.client.put('/api/v1/assignment-availability', { items: [{ userId: ids[1], onLeave: true, until: '2020-01-01' }] });
    expect(tally(await captureLeads(env, team.admin.tenantId, Array.from({ length: 4 }, (_, i) => east(i))))[ids[1]!]).toBe(1);
    await team.admin.client.put('/api/v1/assignment-availability', { items: [{ userId: ids[1], onLeave: false }] });
    // a deactivated rep gets nothing until reactivated
    expect((await team.admin.client.post(`/api/v1/users/${ids[3]}/deactivate`)).statusCode).toBe(200);
    const without = tally(await captureLeads(env, team.admin.tenantId, Array.from({ length: 6 }, (_, i) => east(i))));
    expect(without[ids[3]!]).toBeUndefined();
    expect(spread(without, ids.slice(0, 3))).toBe(0);
    expect((await team.admin.client.post(`/api/v1/users/${ids[3]}/reactivate`)).statusCode).toBe(200);
  }, 60_000);
});

describe('load-balanced', () => {
  it('gives the fewest open leads per weight, respects caps and leave, and counts existing open leads', async () => {
    await clearRules();
    await addRule(team.admin.client, {
      name: '制造业大客户', condition: { field: 'industry', op: 'eq', value: '制造业' },
      target: { kind: 'loadBalanced', members: [{ userId: ids[2], weight: 2, cap: 80 }, { userId: ids[3], weight: 1 }, { userId: ids[0], weight: 1 }] },
    });
    await team.admin.client.put('/api/v1/assignment-availability', { items: [{ userId: ids[0], onLeave: true }] });
    // rep4 already holds 10 open leads and 5 closed ones (closed ones do not count)
    await env.db.forTenant(team.admin.tenantId, (db) => db.execute(sql`INSERT INTO leads (tenant_id, name, owner_id, status)
      SELECT ${team.admin.tenantId}, 'old', ${ids[3]}, CASE WHEN g <= 10 THEN 'contacting' ELSE 'converted' END FROM generate_series(1, 15) g`));
    const made = Array.from({ length: 50 }, (_, i) => ({ name: `mfg ${i}`, industry: '制造业' }));
    const counts = tally(await captureLeads(env, team.admin.tenantId, made));
    expect(counts[ids[0]!]).toBeUndefined();
    // totals end near 2:1 → rep3 ≈ 2 × rep4 (rep4 started at 10): 40 + 20 = 60 = 10 + 50
    expect(counts[ids[2]!]).toBe(40);
    expect(counts[ids[3]!]).toBe(10);
    // rep3 reaches the cap of 80 open leads; everything after goes to rep4
    const more = tally(await captureLeads(env, team.admin.tenantId, Array.from({ length: 100 }, (_, i) => ({ name: `m ${i}`, industry: '制造业' }))));
    expect(more[ids[2]!]).toBe(40);
    expect(more[ids[3]!]).toBe(60);
    await team.admin.client.put('/api/v1/assignment-availability', { items: [{ userId: ids[0], onLeave: false }] });
  }, 60_000);
});

describe('rule order and fallback', () => {
  it('first matching rule wins; a rule with nobody available falls through; no match → fallback', async () => {
    await clearRules();
    const a = await addRule(team.admin.client, { name: 'A', condition: EAST, target: { kind: 'user', userId: ids[0] } });
    const b = await addRule(team.admin.client, { name: 'B', condition: { field: 'source', op: 'eq', value: 'webForm' }, target: { kind: 'user', userId: ids[1] } });
    await addRule(team.admin.client, { name: 'off', enabled: false, condition: null, target: { kind: 'user', userId: ids[2] } });
    let got = await captureLeads(env, team.admin.tenantId, [east(0), { name: 'x', source: 'webForm', province: '广东省' }, { name: 'y', source: 'api' }]);
    expect(got).toEqual([{ ownerId: ids[0], poolId: null, ruleId: a.id }, { ownerId: ids[1], poolId: null, ruleId: b.id }, { ownerId: null, poolId: null, ruleId: null }]);

    expect((await team.admin.client.put('/api/v1/assignment-settings', { fallback: 'owner', defaultOwnerId: ids[3] })).statusCode).toBe(200);
    await team.admin.client.put('/api/v1/assignment-availability', { items: [{ userId: ids[0], onLeave: true }] });
    got = await captureLeads(env, team.admin.tenantId, [east(0), { name: 'y', source: 'api' }]);
    expect(got).toEqual([{ ownerId: ids[1], poolId: null, ruleId: b.id }, { ownerId: ids[3], poolId: null, ruleId: null }]);
    await team.admin.client.put('/api/v1/assignment-availability', { items: [{ userId: ids[0], onLeave: false }] });

    // fallback to a public pool that takes leads; a deleted pool no longer catches anything
    const customersOnly = await team.admin.client.post('/api/v1/pools', { name: '客户公海', recordTypes: ['customer'] });
    expect(customersOnly.statusCode, customersOnly.body).toBe(201);
    const refused = await team.admin.client.put('/api/v1/assignment-settings', { fallback: 'pool', poolId: customersOnly.json().id });
    expect(refused.json().error.details.fields[0]).toMatchObject({ field: 'poolId' });
    const pool = (await team.admin.client.post('/api/v1/pools', { name: '线索公海', recordTypes: ['lead'] })).json();
    expect((await team.admin.client.put('/api/v1/assignment-settings', { fallback: 'pool', poolId: pool.id })).statusCode).toBe(200);
    got = await captureLeads(env, team.admin.tenantId, [{ name: 'z', source: 'api' }]);
    expect(got).toEqual([{ ownerId: null, poolId: pool.id, ruleId: null }]);
    const test = (await team.admin.client.post('/api/v1/assignment-rules/test', { lead: { source: 'api' } })).json();
    expect(test.outcome).toMatchObject({ assignee: { kind: 'pool', id: pool.id, name: '线索公海' } });
    expect(test.outcome.reason.zh).toBe('未命中任何规则：进入公海 线索公海');
    await team.admin.client.put('/api/v1/assignment-settings', { fallback: 'none' });
  }, 60_000);
});

describe('announceOwnerships', () => {
  it('one notification per owner per batch, an email to active owners, nothing for self-assigned records', async () => {
    const [r1, r2] = team.reps;
    const items = [
      ...['a', 'b', 'c'].map((t, i) => ({ recordType: 'lead' as const, recordId: `00000000-0000-4000-8000-00000000000${i}`, ownerId: r1!.userId, title: `线索${t}` })),
      { recordType: 'lead' as const, recordId: '00000000-0000-4000-8000-000000000009', ownerId: r2!.userId, title: '单条' },
      { recordType: 'lead' as const, recordId: '00000000-0000-4000-8000-000000000008', ownerId: team.admin.userId, title: '自己的' },
    ];
    await announceOwnerships(env.app.ctx, team.admin.tenantId, items, { actorId: team.admin.userId });
    const n1 = (await r1!.client.get('/api/v1/notifications')).json().items.filter((n: { kind: string }) => n.kind === 'assignment');
    expect(n1).toHaveLength(1);
    expect(n1[0]).toMatchObject({ title: '你有 3 条新线索', link: '/leads' });
    const n2 = (await r2!.client.get('/api/v1/notifications')).json().items.filter((n: { kind: string }) => n.kind === 'assignment');
    expect(n2[0]).toMatchObject({ title: '你有 1 条新线索', link: '/leads/00000000-0000-4000-8000-000000000009' });
    const mine = (await team.admin.client.get('/api/v1/notifications')).json().items.filter((n: { kind: string }) => n.kind === 'assignment');
    expect(mine).toHaveLength(0);
    const outbox = (await team.admin.client.get('/api/v1/admin/outbox')).json().items as { subject: string; text: string }[];
    const mail = outbox.find((m) => m.subject === '你有 3 条新线索');
    expect(mail?.text).toContain('线索a、线索b、线索c');
    expect(mail?.text).toContain('/leads');
  });
});
