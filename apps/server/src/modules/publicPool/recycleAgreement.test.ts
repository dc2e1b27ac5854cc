/**
 * The set-based recycle query (recycleSql.ts) must decide exactly like the pure evaluator
 * (recycleRules.ts), which is the specification: a few hundred varied records, three runs on a
 * controlled clock, every decision compared.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db/query.ts';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { setupOrg, type Org } from '../customers/testOrg.ts';
import { runRecycle } from './recycle.ts';
import { DAY_MS, evaluateRecycle, type RecycleCandidate, type RecycleReason, type RecycleRules } from './recycleRules.ts';
import { listRules, toRecycleRules } from './rules.ts';
import { pools, type PoolRecordType } from './schema.ts';
import { insertRecords, newPool, setRules, type RecordSeed } from './testPool.ts';

let env: TestEnv;
let org: Org;
let p1: Record<string, any>;
let p2: Record<string, any>;
const T0 = new Date('2026-06-01T03:00:00.000Z');

/** Deterministic pseudo-random numbers, so a failure can be reproduced. */
function prng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
  p1 = await newPool(org.admin.client, { name: '一号公海', recordTypes: ['customer', 'lead'], memberDepartmentIds: [org.deptEast], warnDaysBefore: 3, exemptClosedDeals: false });
  p2 = await newPool(org.admin.client, { name: '二号公海', memberUserIds: [org.rep3.userId], warnDaysBefore: 0 });
  await setRules(org.admin.client, p1.id, [
    { recordType: 'customer', grade: '*', noFollowupDays: 20, noOpportunityDays: 40, notClosedDays: 60 },
    { recordType: 'customer', grade: 'A', noFollowupDays: 30, notClosedDays: 90 },
    { recordType: 'customer', grade: 'B', notClosedDays: 50 }, // a closed B customer has no condition left
    { recordType: 'customer', grade: 'C', noOpportunityDays: 10 },
    { recordType: 'lead', grade: '*', noFollowupDays: 10, notClosedDays: 30 },
    { recordType: 'lead', grade: 'B', noFollowupDays: 5 },
  ]);
  await setRules(org.admin.client, p2.id, [{ recordType: 'customer', grade: '*', noFollowupDays: 7, notClosedDays: 14 }]);

  const rnd = prng(42);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const owners = [org.rep1.userId, org.rep2.userId, org.manager.userId, org.rep3.userId];
  const when = (maxDays: number) => new Date(T0.getTime() - Math.floor(rnd() * maxDays * 24) * 3_600_000);
  const seed = (type: PoolRecordType): RecordSeed => {
    const ownerSince = when(90);
    const after = (d: Date) => new Date(d.getTime() + Math.floor(rnd() * 40 * 24) * 3_600_000);
    return {
      ownerId: pick(owners), grade: pick(['A', 'B', 'C', null] as const), ownerSince,
      // a few records already belong to the other pool than their owner's
      poolId: rnd() < 0.15 ? pick([p1.id, p2.id]) : null,
      lastFollowupAt: rnd() < 0.4 ? null : rnd() < 0.2 ? when(200) : after(ownerSince),
      ...(type === 'customer'
        ? { lastOpportunityAt: rnd() < 0.5 ? null : after(ownerSince), dealStatus: pick(['none', 'none', 'won', 'repeat'] as const), locked: rnd() < 0.1 }
        : { status: pick(['new', 'contacting', 'qualified', 'converted', 'invalid']) }),
    };
  };
  const customerIds = await insertRecords(env, org.admin.tenantId, 'customer', Array.from({ length: 160 }, () => seed('customer')));
  const leadIds = await insertRecords(env, org.admin.tenantId, 'lead', Array.from({ length: 80 }, () => seed('lead')));
  // earlier warnings of every kind: this owner or another, this reason or another, before or after activity
  await env.db.forTenant(org.admin.tenantId, async (db) => {
    for (const [type, ids] of [['customer', customerIds], ['lead', leadIds]] as const) {
      for (const id of ids.filter(() => rnd() < 0.3)) {
        const warnedAt = when(30);
        await db.execute(sql`INSERT INTO pool_recycle_warnings (tenant_id, record_type, record_id, owner_id, reason, due_at, return_at, warned_at)
          VALUES (${org.admin.tenantId}, ${type}, ${id}, ${rnd() < 0.8 ? sql`(SELECT owner_id FROM ${sql.raw(type === 'customer' ? 'customers' : 'leads')} WHERE id = ${id})` : org.rep2.userId},
            ${pick(['noFollowup', 'noFollowup', 'noOpportunity', 'notClosed'])}, ${warnedAt.toISOString()}, ${warnedAt.toISOString()}, ${warnedAt.toISOString()})`);
      }
    }
  });
});
afterAll(async () => {
  await env?.close();
});

interface Row {
  id: string; owner_id: string; pool_id: string | null; grade: 'A' | 'B' | 'C' | null; since: Date; last_followup_at: Date | null; last_opportunity_at: Date | null;
  closed: boolean; locked: boolean; w_owner: string | null; w_reason: RecycleReason | null; w_at: Date | null;
}

/** What the evaluator decides for every owned record of a type, from the database as it is now. */
async function expected(type: PoolRecordType, now: Date) {
  const tenantId = org.admin.tenantId;
  return env.db.forTenant(tenantId, async (db) => {
    const rulesOf = new Map<string, RecycleRules>();
    for (const p of [p1, p2]) {
      const [row] = await db.select().from(pools).where(eq(pools.id, p.id));
      rulesOf.set(p.id, toRecycleRules(row!, await listRules(db, tenantId, p.id), type));
    }
    const home = (owner: string) => (owner === org.rep3.userId ? p2.id : p1.id);
    const found = await rows<Row>(db, sql`SELECT r.id::text AS id, r.owner_id::text AS owner_id, r.pool_id::text AS pool_id, r.grade,
        coalesce(r.owner_since, r.created_at) AS since, r.last_followup_at,
        ${type === 'customer' ? sql`r.last_opportunity_at, r.deal_status IN ('won', 'repeat') AS closed, r.locked` : sql`NULL::timestamptz AS last_opportunity_at, r.status = 'converted' AS closed, false AS locked`},
        w.owner_id::text AS w_owner, w.reason AS w_reason, w.warned_at AS w_at
      FROM ${sql.raw(type === 'customer' ? 'customers' : 'leads')} r LEFT JOIN pool_recycle_warnings w ON w.record_id = r.id AND w.record_type = ${type}
      WHERE r.tenant_id = ${tenantId} AND r.owner_id IS NOT NULL AND r.deleted_at IS NULL`);
    const d = (v: Date | string | null) => (v === null ? null : new Date(v));
    const out = new Map<string, ReturnType<typeof evaluateRecycle>>();
    for (const r of found) {
      const pool = r.pool_id ?? home(r.owner_id);
      const rules = rulesOf.get(pool);
      if (!rules || !(pool === p1.id || type === 'customer')) continue; // p2 holds no leads: nothing applies
      const rec: RecycleCandidate = {
        recordType: type, ownerId: r.owner_id, grade: r.grade, ownerSince: d(r.since)!, lastFollowupAt: d(r.last_followup_at), lastOpportunityAt: d(r.last_opportunity_at),
        closed: r.closed, locked: r.locked, openOpportunities: 0,
        warning: r.w_reason ? { ownerId: r.w_owner!, reason: r.w_reason, warnedAt: d(r.w_at)! } : null,
      };
      out.set(r.id, evaluateRecycle(rules, rec, now));
    }
    return out;
  });
}

async function actual(runId: string) {
  return env.db.forTenant(org.admin.tenantId, async (db) => ({
    returned: await rows<{ id: string; reason: string }>(db, sql`SELECT record_id::text AS id, reason_code AS reason FROM pool_events WHERE run_id = ${runId}`),
    warned: await rows<{ id: string; reason: string; return_at: Date }>(db, sql`SELECT record_id::text AS id, reason, return_at FROM pool_recycle_warnings WHERE run_id = ${runId}`),
  }));
}

describe('set-based recycle agrees with the evaluator', () => {
  it('on every record, over three runs', async () => {
    let decisions = 0;
    for (const offset of [0, 2.5, 6]) {
      const now = new Date(T0.getTime() + offset * DAY_MS);
      const want = { returned: [] as string[], warned: [] as string[] };
      const byId = new Map<string, ReturnType<typeof evaluateRecycle>>();
      for (const type of ['customer', 'lead'] as const) {
        for (const [id, dec] of await expected(type, now)) {
          byId.set(id, dec);
          if (dec.action === 'return') want.returned.push(`${id}:${dec.reason}`);
          if (dec.action === 'warn') want.warned.push(`${id}:${dec.reason}:${dec.returnAt.toISOString()}`);
        }
      }
      decisions += byId.size;
      const result = await runRecycle(env.app.ctx, org.admin.tenantId, { now, trigger: 'manual' });
      const got = await actual(result.runId);
      expect(got.returned.map((r) => `${r.id}:${r.reason}`).sort()).toEqual(want.returned.sort());
      expect(got.warned.map((w) => `${w.id}:${w.reason}:${new Date(w.return_at).toISOString()}`).sort()).toEqual(want.warned.sort());
      expect(result.returned).toBe(want.returned.length);
      expect(result.warned).toBe(want.warned.length);
      // the grid exercises every outcome
      if (offset === 0) {
        const kinds = new Set([...byId.values()].map((d) => `${d.action}:${d.reason}`));
        for (const k of ['return:noFollowup', 'warn:noFollowup', 'keep:locked', 'keep:closedDeal', 'keep:notDue', 'keep:noRule']) expect(kinds).toContain(k);
      }
    }
    expect(decisions).toBeGreaterThan(300);
  });
});
