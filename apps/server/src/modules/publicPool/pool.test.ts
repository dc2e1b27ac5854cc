import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createTestApp, type TestEnv } from '../../test/harness.ts';
import { createDepartment, setupOrg, userWithRole, type Member, type Org } from '../customers/testOrg.ts';
import { insertRecords, newPool, ownerOf, poolIds } from './testPool.ts';

let env: TestEnv;
let org: Org;
let east: Record<string, any>; // members: 华东销售部 (rep1, rep2, manager, and a sub-department); contacts hidden
let south: Record<string, any>; // members: rep3 only
let subRep: Member; // in a sub-department of 华东销售部

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
  const sub = (await org.admin.client.post('/api/v1/departments', { name: '华东二组', parentId: org.deptEast })).json().id as string;
  subRep = await addUser(env, org.admin.client, { name: 'subRep', email: `sub-${crypto.randomBytes(3).toString('hex')}@example.com`, roleKeys: ['salesRep'], departmentId: sub });
  east = await newPool(org.admin.client, { name: '华东公海', recordTypes: ['customer', 'lead'], memberDepartmentIds: [org.deptEast], hideContacts: true });
  south = await newPool(org.admin.client, { name: '华南公海', memberUserIds: [org.rep3.userId] });
});
afterAll(async () => {
  await env?.close();
});

const t = () => org.admin.tenantId;
const claim = (m: Member, poolId: string, ids: string[], recordType = 'customer') => m.client.post(`/api/v1/pools/${poolId}/claim`, { recordType, ids });

describe('pools and who sees them', () => {
  it('lists the pools a person belongs to, with what waits in them; departments include sub-departments', async () => {
    await insertRecords(env, t(), 'customer', [{ poolId: east.id }, { poolId: east.id }]);
    const mine = (await org.rep1.client.get('/api/v1/pools')).json().items;
    expect(mine.map((p: { name: string }) => p.name)).toEqual(['华东公海']);
    expect(mine[0].counts.customer).toBeGreaterThanOrEqual(2);
    expect(mine[0].me).toMatchObject({ member: true, admin: false, claimsLeft: null });
    expect((await subRep.client.get('/api/v1/pools')).json().items.map((p: { id: string }) => p.id)).toEqual([east.id]);
    expect((await org.rep3.client.get('/api/v1/pools')).json().items.map((p: { id: string }) => p.id)).toEqual([south.id]);
    expect((await org.admin.client.get('/api/v1/pools')).json().items).toHaveLength(2);
  });

  it("a rep never sees or claims records of a pool they are not a member of", async () => {
    const [x] = await insertRecords(env, t(), 'customer', [{ poolId: east.id }]);
    expect((await org.rep3.client.get(`/api/v1/pools/${east.id}`)).statusCode).toBe(404);
    expect((await org.rep3.client.get(`/api/v1/pools/${east.id}/records?recordType=customer`)).statusCode).toBe(404);
    expect((await claim(org.rep3, east.id, [x!])).statusCode).toBe(404);
    expect((await org.rep3.client.get(`/api/v1/customers/${x}`)).statusCode).toBe(404);
    expect(await poolIds(org.rep1.client, east.id)).toContain(x);
    expect(await poolIds(subRep.client, east.id)).toContain(x);
  });

  it('hides contact details from members until claimed, when the pool says so', async () => {
    const [x] = await insertRecords(env, t(), 'customer', [{ poolId: east.id, phone: '13812345678', email: 'boss@example.com' }]);
    const [l] = await insertRecords(env, t(), 'lead', [{ poolId: east.id, mobile: '13987654321' }]);
    const seen = (await org.rep1.client.get(`/api/v1/pools/${east.id}/records?recordType=customer&pageSize=200`)).json();
    expect(seen.hideContacts).toBe(true);
    expect(seen.items.find((r: { id: string }) => r.id === x)).toMatchObject({ phone: '138****5678', email: 'b***@example.com' });
    const lead = (await org.rep1.client.get(`/api/v1/pools/${east.id}/records?recordType=lead`)).json().items.find((r: { id: string }) => r.id === l);
    expect(lead.mobile).toBe('139****4321');
    // the admin sees them; a phone number cannot be probed by search or by prefix
    const byAdmin = (await org.admin.client.get(`/api/v1/pools/${east.id}/records?recordType=customer&pageSize=200`)).json().items;
    expect(byAdmin.find((r: { id: string }) => r.id === x).phone).toBe('13812345678');
    expect((await org.rep1.client.get(`/api/v1/pools/${east.id}/records?recordType=customer&q=13812345678`)).json().items).toEqual([]);
    const prefix = encodeURIComponent(JSON.stringify({ field: 'phone', op: 'startsWith', value: '138' }));
    expect((await org.rep1.client.get(`/api/v1/pools/${east.id}/records?recordType=customer&filter=${prefix}`)).statusCode).toBe(400);
    // once claimed, the owner sees the record in full
    expect((await claim(org.rep1, east.id, [x!])).statusCode).toBe(200);
    expect((await org.rep1.client.get(`/api/v1/customers/${x}`)).json().phone).toBe('13812345678');
  });
});

describe('claiming', () => {
  it('moves the record to the claimer, out of the pool, with a log entry and an audit entry', async () => {
    const [x] = await insertRecords(env, t(), 'customer', [{ poolId: east.id }]);
    const res = await claim(org.rep2, east.id, [x!]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: [x], failed: [] });
    expect(await ownerOf(env, t(), 'customer', x!)).toMatchObject({ owner_id: org.rep2.userId, pool_id: east.id });
    expect(await poolIds(org.rep2.client, east.id)).not.toContain(x);
    const history = (await org.admin.client.get(`/api/v1/customers/${x}/history`)).json().items;
    expect(history[0]).toMatchObject({ action: 'claimFromPool' });
    const log = (await org.admin.client.get(`/api/v1/pools/${east.id}/events`)).json().items;
    expect(log[0]).toMatchObject({ kind: 'claim', recordId: x, toOwnerName: 'rep2' });
    expect((await org.rep2.client.get(`/api/v1/pools/${east.id}/events`)).statusCode).toBe(403);
  });

  it('two people claiming the same record at once: exactly one wins, the other gets 409 ALREADY_CLAIMED', async () => {
    for (let round = 0; round < 3; round++) {
      const [x] = await insertRecords(env, t(), 'customer', [{ poolId: east.id }]);
      const answers = await Promise.all([claim(org.rep1, east.id, [x!]), claim(org.rep2, east.id, [x!]), claim(org.manager, east.id, [x!])]);
      const codes = answers.map((a) => a.statusCode).sort();
      expect(codes).toEqual([200, 409, 409]);
      for (const a of answers.filter((a) => a.statusCode === 409)) expect(a.json().error.code).toBe('ALREADY_CLAIMED');
      const winner = answers.findIndex((a) => a.statusCode === 200);
      expect((await ownerOf(env, t(), 'customer', x!)).owner_id).toBe([org.rep1, org.rep2, org.manager][winner]!.userId);
    }
  });

  it('claims leads too, and reports per record in a bulk claim', async () => {
    const [a, b] = await insertRecords(env, t(), 'lead', [{ poolId: east.id }, { poolId: east.id }]);
    const [elsewhere] = await insertRecords(env, t(), 'lead', [{ poolId: null }]);
    const res = (await claim(org.rep1, east.id, [a!, b!, elsewhere!], 'lead')).json();
    expect(res.ok).toEqual([a, b].sort());
    expect(res.failed).toEqual([{ id: elsewhere, code: 'NOT_FOUND', message: 'not in this pool' }]);
    expect((await ownerOf(env, t(), 'lead', a!)).owner_id).toBe(org.rep1.userId);
    // the pool holds no leads of the south pool kind
    expect((await claim(org.rep3, south.id, [a!], 'lead')).json().error.code).toBe('WRONG_RECORD_TYPE');
  });

  it('needs the claim permission', async () => {
    const viewer = await userWithRole(env, org.admin.client, 'poolViewer', { objects: { customer: ['view'] }, dataScope: 'self' });
    await org.admin.client.patch(`/api/v1/pools/${south.id}`, { memberUserIds: [org.rep3.userId, viewer.userId] });
    const [x] = await insertRecords(env, t(), 'customer', [{ poolId: south.id }]);
    expect(await poolIds(viewer.client, south.id)).toContain(x);
    expect((await claim(viewer, south.id, [x!])).statusCode).toBe(403);
  });

  it('holds the daily claim limit, and says how many are left', async () => {
    const limited = await newPool(org.admin.client, { name: '限额公海', memberUserIds: [org.rep3.userId], dailyClaimLimit: 2 });
    const ids = await insertRecords(env, t(), 'customer', [{ poolId: limited.id }, { poolId: limited.id }, { poolId: limited.id }, { poolId: limited.id }]);
    expect((await claim(org.rep3, limited.id, [ids[0]!])).statusCode).toBe(200);
    const tooMany = await claim(org.rep3, limited.id, [ids[1]!, ids[2]!]);
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().error).toMatchObject({ code: 'DAILY_CLAIM_LIMIT', details: { limit: 2, used: 1, remaining: 1 } });
    expect((await claim(org.rep3, limited.id, [ids[1]!])).statusCode).toBe(200);
    expect((await claim(org.rep3, limited.id, [ids[2]!])).json().error.code).toBe('DAILY_CLAIM_LIMIT');
    expect((await org.rep3.client.get(`/api/v1/pools/${limited.id}`)).json().me).toMatchObject({ claimedToday: 2, claimsLeft: 0 });
  });

  it('keeps a previous owner from claiming back for N days', async () => {
    const cool = await newPool(org.admin.client, { name: '冷却公海', memberUserIds: [org.rep3.userId], adminIds: [org.manager.userId], reclaimCooldownDays: 7 });
    const [x] = await insertRecords(env, t(), 'customer', [{ ownerId: org.rep3.userId }]);
    const back = await org.rep3.client.post('/api/v1/pools/return', { recordType: 'customer', ids: [x], poolId: cool.id, reason: '客户暂无需求' });
    expect(back.statusCode, back.body).toBe(200);
    expect(await ownerOf(env, t(), 'customer', x!)).toEqual({ owner_id: null, pool_id: cool.id, previous_owner_id: org.rep3.userId });
    const again = await claim(org.rep3, cool.id, [x!]);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('RECLAIM_COOLDOWN');
    // eight days later they may
    await env.db.forTenant(t(), (db) => db.execute(sql`UPDATE pool_events SET created_at = created_at - interval '8 days' WHERE record_id = ${x} AND kind = 'return'`));
    expect((await claim(org.rep3, cool.id, [x!])).statusCode).toBe(200);
    const log = (await org.manager.client.get(`/api/v1/pools/${cool.id}/events`)).json().items;
    expect(log.find((e: { kind: string }) => e.kind === 'return')).toMatchObject({ reasonCode: 'manual', reason: '客户暂无需求', fromOwnerName: 'rep3' });
  });
});

describe('ownership caps', () => {
  it('a user at cap-1 claiming two records at once gets exactly one', async () => {
    const capped = await newPool(org.admin.client, { name: '限量公海', memberUserIds: [org.rep2.userId] });
    const owned = Number((await env.db.forTenant(t(), (db) => db.execute(sql`SELECT count(*)::int AS n FROM customers WHERE owner_id = ${org.rep2.userId} AND deleted_at IS NULL`)) as unknown as { rows: { n: number }[] }).rows[0]!.n);
    const caps = await org.admin.client.put('/api/v1/ownership-caps', { items: [{ subjectType: 'user', userId: org.rep2.userId, maxOwned: owned + 1, maxLocked: 5 }] });
    expect(caps.statusCode, caps.body).toBe(200);
    const [a, b] = await insertRecords(env, t(), 'customer', [{ poolId: capped.id }, { poolId: capped.id }]);
    const answers = await Promise.all([claim(org.rep2, capped.id, [a!]), claim(org.rep2, capped.id, [b!])]);
    expect(answers.map((x) => x.statusCode).sort()).toEqual([200, 409]);
    const refused = answers.find((x) => x.statusCode === 409)!.json().error;
    expect(refused).toMatchObject({ code: 'OWNERSHIP_CAP', details: { userId: org.rep2.userId, userName: 'rep2', cap: 'maxOwned', limit: owned + 1, count: owned + 1 } });
    // assigning to them is capped the same way
    const assign = await org.admin.client.post(`/api/v1/pools/${capped.id}/assign`, { recordType: 'customer', ids: [a, b], ownerId: org.rep2.userId });
    expect(assign.json().error.code).toBe('OWNERSHIP_CAP');
    await org.admin.client.put('/api/v1/ownership-caps', { items: [] });
  });

  it('department caps count every member, and closed deals only when configured', async () => {
    const dept = await createDepartment(org.admin.client, '大客户部');
    const a = await addUser(env, org.admin.client, { name: 'kaA', email: `ka-${crypto.randomBytes(3).toString('hex')}@example.com`, roleKeys: ['salesRep'], departmentId: dept });
    await insertRecords(env, t(), 'customer', [{ ownerId: a.userId, dealStatus: 'won' }, { ownerId: a.userId }]);
    const pool = await newPool(org.admin.client, { name: '大客户公海', memberDepartmentIds: [dept] });
    const [x, y] = await insertRecords(env, t(), 'customer', [{ poolId: pool.id }, { poolId: pool.id }]);
    await org.admin.client.put('/api/v1/ownership-caps', { items: [{ subjectType: 'department', departmentId: dept, maxOwned: 2, countClosed: false }] });
    expect((await claim(a, pool.id, [x!])).statusCode).toBe(200); // the won customer does not count: 1 → 2
    const over = (await claim(a, pool.id, [y!])).json().error;
    expect(over).toMatchObject({ code: 'OWNERSHIP_CAP', details: { departmentName: '大客户部', limit: 2, count: 2 } });
    await org.admin.client.put('/api/v1/ownership-caps', { items: [] });
  });

  it('validates the caps table', async () => {
    const res = await org.admin.client.put('/api/v1/ownership-caps', { items: [{ subjectType: 'user', maxOwned: 3 }, { subjectType: 'everyone', maxOwned: -1 }] });
    expect(res.statusCode).toBe(400);
    const dup = await org.admin.client.put('/api/v1/ownership-caps', { items: [{ subjectType: 'everyone', maxOwned: 3 }, { subjectType: 'everyone', maxOwned: 4 }] });
    expect(dup.json().error.details.fields[0]).toEqual({ field: 'items.1.subjectType', message: 'this subject already has a cap' });
    expect((await org.rep1.client.get('/api/v1/ownership-caps')).statusCode).toBe(403);
  });
});

describe('assigning and returning', () => {
  it('pool admins and managers assign; reps may not', async () => {
    const [x] = await insertRecords(env, t(), 'customer', [{ poolId: east.id }]);
    expect((await org.rep1.client.post(`/api/v1/pools/${east.id}/assign`, { recordType: 'customer', ids: [x], ownerId: org.rep1.userId })).statusCode).toBe(403);
    const res = await org.manager.client.post(`/api/v1/pools/${east.id}/assign`, { recordType: 'customer', ids: [x], ownerId: org.rep2.userId });
    expect(res.statusCode, res.body).toBe(200);
    expect((await ownerOf(env, t(), 'customer', x!)).owner_id).toBe(org.rep2.userId);
    const notes = (await org.rep2.client.get('/api/v1/notifications')).json().items;
    expect(notes[0].title).toContain('华东公海');
  });

  it('returns by owner or by someone who may transfer, to the home pool, with a reason', async () => {
    const [x] = await insertRecords(env, t(), 'customer', [{ poolId: east.id }]);
    await claim(org.rep1, east.id, [x!]);
    expect((await org.rep3.client.post('/api/v1/pools/return', { recordType: 'customer', ids: [x], reason: '不要了' })).json().error.code).toBe('NOT_FOUND');
    expect((await org.rep2.client.post('/api/v1/pools/return', { recordType: 'customer', ids: [x], reason: '不要了' })).statusCode).toBe(404);
    const res = await org.rep1.client.post('/api/v1/pools/return', { recordType: 'customer', ids: [x], reason: '预算取消' });
    expect(res.json()).toEqual({ ok: [x], failed: [] });
    expect(await ownerOf(env, t(), 'customer', x!)).toEqual({ owner_id: null, pool_id: east.id, previous_owner_id: org.rep1.userId });
    const history = (await org.admin.client.get(`/api/v1/customers/${x}/history`)).json().items;
    expect(history[0]).toMatchObject({ action: 'returnToPool' });
    // already in the pool / locked / reason required
    expect((await org.rep1.client.post('/api/v1/pools/return', { recordType: 'customer', ids: [x], reason: '再退' })).statusCode).toBe(404);
    const [locked] = await insertRecords(env, t(), 'customer', [{ ownerId: org.rep1.userId, locked: true }]);
    expect((await org.rep1.client.post('/api/v1/pools/return', { recordType: 'customer', ids: [locked], reason: '退' })).json().error.code).toBe('LOCKED');
    expect((await org.rep1.client.post('/api/v1/pools/return', { recordType: 'customer', ids: [locked], reason: '' })).statusCode).toBe(400);
    // a manager (transfer right, department scope) returns a rep's customer
    const [y] = await insertRecords(env, t(), 'customer', [{ ownerId: org.rep2.userId }]);
    expect((await org.manager.client.post('/api/v1/pools/return', { recordType: 'customer', ids: [y], reason: '离职交接' })).json().ok).toEqual([y]);
    expect((await ownerOf(env, t(), 'customer', y!)).pool_id).toBe(east.id); // rep2's first pool
  });

  it('refuses to delete a pool that still holds records, or to drop a type it holds', async () => {
    expect((await org.admin.client.delete(`/api/v1/pools/${east.id}`)).json().error.code).toBe('POOL_NOT_EMPTY');
    expect((await org.admin.client.patch(`/api/v1/pools/${east.id}`, { recordTypes: ['lead'] })).json().error.code).toBe('POOL_NOT_EMPTY');
    const empty = await newPool(org.admin.client, { name: '空公海' });
    expect((await org.admin.client.delete(`/api/v1/pools/${empty.id}`)).statusCode).toBe(204);
    expect((await org.rep1.client.post('/api/v1/pools', { name: 'x', recordTypes: ['lead'] })).statusCode).toBe(403);
    expect((await org.admin.client.post('/api/v1/pools', { name: '华东公海', recordTypes: ['lead'] })).json().error.code).toBe('DUPLICATE');
  });
});
