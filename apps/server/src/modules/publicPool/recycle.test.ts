import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db/query.ts';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { setupOrg, type Org } from '../customers/testOrg.ts';
import { runDueTenants, runRecycle } from './recycle.ts';
import { DAY_MS } from './recycleRules.ts';
import { insertRecords, newPool, ownerOf, setRules } from './testPool.ts';

let env: TestEnv;
let org: Org;
let pool: Record<string, any>;

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
  // rep1, rep2 and the manager (华东) belong; rep3 (华南) belongs to no pool
  pool = await newPool(org.admin.client, { name: '华东公海', recordTypes: ['customer', 'lead'], memberDepartmentIds: [org.deptEast], warnDaysBefore: 3 });
  await setRules(org.admin.client, pool.id, [
    { recordType: 'customer', grade: '*', noFollowupDays: 15 },
    { recordType: 'customer', grade: 'A', noFollowupDays: 30 },
    { recordType: 'lead', grade: '*', noFollowupDays: 10 },
  ]);
});
afterAll(async () => {
  await env?.close();
});

const T0 = new Date('2026-01-05T01:00:00.000Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY_MS);
const run = (days: number) => runRecycle(env.app.ctx, org.admin.tenantId, { now: at(days), trigger: 'manual' });
const t = () => org.admin.tenantId;

async function poolState(ids: Record<string, string>) {
  const out: Record<string, string> = {};
  for (const [key, id] of Object.entries(ids)) {
    const type = key.startsWith('l') ? 'lead' : 'customer';
    const r = await ownerOf(env, t(), type, id);
    const [w] = await env.db.forTenant(t(), (db) => rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM pool_recycle_warnings WHERE record_id = ${id}`));
    out[key] = r.owner_id ? (Number(w!.n) ? 'warned' : 'owned') : 'pool';
  }
  return out;
}

describe('the recycle run on a controlled clock', () => {
  it('returns exactly the records the rules select, warning their owners first', async () => {
    const rep1 = org.rep1.userId;
    const [c1, c2, c3, c4, c5, c7] = await insertRecords(env, t(), 'customer', [
      { ownerId: rep1, grade: 'B', ownerSince: T0 }, // due day 15
      { ownerId: rep1, grade: 'A', ownerSince: T0 }, // due day 30
      { ownerId: rep1, grade: 'B', ownerSince: T0, locked: true }, // exempt
      { ownerId: rep1, grade: 'B', ownerSince: T0, dealStatus: 'won' }, // exempt
      { ownerId: rep1, grade: 'C', ownerSince: T0, lastFollowupAt: at(10) }, // due day 25
      { ownerId: org.rep3.userId, ownerSince: T0 }, // owner in no pool: no rules apply
    ]);
    const [l1, l2] = await insertRecords(env, t(), 'lead', [
      { ownerId: org.rep2.userId, ownerSince: T0 }, // due day 10
      { ownerId: org.rep2.userId, ownerSince: T0, status: 'converted' }, // exempt
    ]);
    const ids = { c1: c1!, c2: c2!, c3: c3!, c4: c4!, c5: c5!, c7: c7!, l1: l1!, l2: l2! };
    const all = (state: string, except: Record<string, string> = {}) => Object.fromEntries(Object.keys(ids).map((k) => [k, except[k] ?? state]));

    expect((await run(6)).warned).toBe(0);
    expect(await poolState(ids)).toEqual(all('owned'));

    // first seen overdue on day 11: warned now, back on day 14 (three days' notice)
    expect(await run(11)).toMatchObject({ returned: 0, warned: 1, byType: { lead: { warned: { noFollowup: 1 } } } });
    expect(await poolState(ids)).toEqual(all('owned', { l1: 'warned' }));

    expect(await run(12)).toMatchObject({ returned: 0, warned: 1, byType: { customer: { warned: { noFollowup: 1 } } } });
    expect(await poolState(ids)).toEqual(all('owned', { l1: 'warned', c1: 'warned' }));

    expect(await run(14)).toMatchObject({ returned: 1, warned: 0 });
    expect(await run(14.5)).toMatchObject({ returned: 0, warned: 0 }); // runs again the same day: nothing twice
    expect(await run(15)).toMatchObject({ returned: 1, warned: 0, byType: { customer: { returned: { noFollowup: 1 } } } });
    expect(await poolState(ids)).toEqual(all('owned', { l1: 'pool', c1: 'pool' }));
    expect(await ownerOf(env, t(), 'customer', c1!)).toEqual({ owner_id: null, pool_id: pool.id, previous_owner_id: rep1 });

    expect(await run(40)).toMatchObject({ returned: 0, warned: 2 }); // c2 (day 30) and c5 (day 25), overdue but not yet told
    expect(await run(43)).toMatchObject({ returned: 2, warned: 0 });
    expect(await poolState(ids)).toEqual(all('pool', { c3: 'owned', c4: 'owned', c7: 'owned', l2: 'owned' }));

    // every return logged with its reason, in the pool log and the record's history
    const log = (await org.admin.client.get(`/api/v1/pools/${pool.id}/events?limit=200`)).json().items;
    expect(log.filter((e: { kind: string }) => e.kind === 'return').map((e: { recordId: string; reasonCode: string }) => [e.recordId, e.reasonCode]).sort())
      .toEqual([[c1, 'noFollowup'], [c2, 'noFollowup'], [c5, 'noFollowup'], [l1, 'noFollowup']].sort());
    const history = (await org.admin.client.get(`/api/v1/customers/${c1}/history`)).json().items;
    expect(history[0]).toMatchObject({ action: 'returnToPool', actorType: 'system', changes: { ownerId: { before: rep1, after: null } } });

    // the owner was told before (in-app and by mail) and after
    const notes = (await org.rep1.client.get('/api/v1/notifications?limit=50')).json().items.map((n: { title: string }) => n.title);
    expect(notes).toEqual(expect.arrayContaining(['1 个客户即将退回公海', '1 个客户已退回公海', '2 个客户即将退回公海', '2 个客户已退回公海']));
    const outbox = (await org.admin.client.get('/api/v1/admin/outbox')).json().items;
    expect(outbox.filter((m: { subject: string }) => m.subject.includes('即将退回公海')).length).toBeGreaterThanOrEqual(3);
  });

  it('the daily schedule runs each organization once per local day, from 02:00 their time', async () => {
    // 2030-01-10 17:30 UTC = 01:30 on the 11th in Shanghai
    const early = await runDueTenants(env.app.ctx, new Date('2030-01-10T17:30:00Z'));
    expect(early).not.toContain(t());
    expect(await runDueTenants(env.app.ctx, new Date('2030-01-10T18:30:00Z'))).toContain(t());
    expect(await runDueTenants(env.app.ctx, new Date('2030-01-10T23:30:00Z'))).not.toContain(t());
    expect(await runDueTenants(env.app.ctx, new Date('2030-01-11T18:10:00Z'))).toContain(t());
  });

  it('admins run it now and see the last runs', async () => {
    expect((await org.rep1.client.post('/api/v1/pools/recycle-run')).statusCode).toBe(403);
    const res = await org.admin.client.post('/api/v1/pools/recycle-run');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ returned: expect.any(Number), warned: expect.any(Number), byType: { customer: {}, lead: {} } });
    const runs = (await org.admin.client.get('/api/v1/pools/recycle-runs')).json().items;
    expect(runs[0]).toMatchObject({ id: res.json().runId, trigger: 'manual', actorId: org.admin.userId });
  });

  it('lists my records about to return in the to-do centre', async () => {
    const now = Date.now();
    const [soon] = await insertRecords(env, t(), 'customer', [
      { ownerId: org.rep2.userId, grade: 'B', ownerSince: new Date(now - 13 * DAY_MS), name: '快退回的客户' },
      { ownerId: org.rep2.userId, grade: 'B', ownerSince: new Date(now - 2 * DAY_MS), name: '还早的客户' },
    ]);
    const todo = (await org.rep2.client.get('/api/v1/todo')).json().groups.find((g: { key: string }) => g.key === 'poolReturns');
    expect(todo).toMatchObject({ title: '即将退回公海', titleEn: 'About to return to the pool' });
    const item = todo.items.find((i: { title: string }) => i.title === '快退回的客户');
    expect(item).toMatchObject({ link: `/customers/${soon}` });
    expect(new Date(item.dueAt).getTime()).toBeGreaterThan(now);
    expect(todo.items.some((i: { title: string }) => i.title === '还早的客户')).toBe(false);
    expect((await org.rep1.client.get('/api/v1/todo')).json().groups.find((g: { key: string }) => g.key === 'poolReturns')?.items ?? []).not.toContainEqual(item);
  });
});
