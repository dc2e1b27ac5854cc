/**
 * Demo organization: a customer pool for the two sales teams and a lead pool, with recycle rules,
 * claim limits and ownership caps, some records already waiting in them (their previous owner kept),
 * and a few customers about to go back so the to-do centre has something to say.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import type { DemoOrg } from '../demo/seed.ts';
import { ownershipCaps, poolAdmins, poolMembers, poolRecycleRules, pools, type PoolRecordType } from './schema.ts';

const DAY = 86_400_000;
const REPS = ['rep1', 'rep2', 'rep3', 'rep4'];

async function createDemoPool(tx: Db, org: DemoOrg, name: string, recordType: PoolRecordType, position: number): Promise<string> {
  const [p] = await tx.insert(pools).values({
    tenantId: org.tenantId, name, recordTypes: [recordType], position, hideContacts: recordType === 'customer',
    dailyClaimLimit: 10, reclaimCooldownDays: 7, warnDaysBefore: 3, createdBy: org.usersByKey.admin,
  }).returning({ id: pools.id });
  const poolId = p!.id;
  const depts = recordType === 'customer' ? ['销售一部', '销售二部'] : ['销售部']; // 销售部 includes both teams
  await tx.insert(poolMembers).values(depts.map((d) => ({ tenantId: org.tenantId, poolId, departmentId: org.departmentsByName[d]! })));
  await tx.insert(poolAdmins).values(['manager1', 'manager2'].map((k) => ({ tenantId: org.tenantId, poolId, userId: org.usersByKey[k]! })));
  // no follow-up for 30 days (A) or 15 days (B, C and ungraded)
  await tx.insert(poolRecycleRules).values([
    { tenantId: org.tenantId, poolId, recordType, grade: 'A' as const, noFollowupDays: 30 },
    { tenantId: org.tenantId, poolId, recordType, grade: '*' as const, noFollowupDays: 15 },
  ]);
  return poolId;
}

/**
 * Moves some of the reps' records into a pool as the recycle run would have: owner cleared,
 * previous owner kept, one return in the pool log. At most `share` of what the reps own, so
 * each keeps most of their book.
 */
async function fillPool(tx: Db, org: DemoOrg, table: 'customers' | 'leads', recordType: PoolRecordType, poolId: string, want: number, share: number): Promise<number> {
  const t = sql.raw(table);
  const reps = sql`${sql.param(REPS.map((k) => org.usersByKey[k]!))}::uuid[]`;
  const open = table === 'customers' ? sql`AND NOT locked AND deal_status = 'none'` : sql`AND status IN ('new', 'contacting')`;
  const [{ n } = { n: 0 }] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM ${t} WHERE tenant_id = ${org.tenantId} AND owner_id = ANY(${reps}) AND deleted_at IS NULL`);
  const take = Math.min(want, Math.floor(Number(n) * share));
  if (take <= 0) return 0;
  const moved = await rows<{ id: string; from: string; at: Date }>(tx, sql`
    WITH picked AS (
      SELECT id, owner_id, row_number() OVER (ORDER BY created_at, id) AS i FROM ${t}
      WHERE tenant_id = ${org.tenantId} AND owner_id = ANY(${reps}) AND deleted_at IS NULL ${open}
      ORDER BY created_at, id LIMIT ${take})
    UPDATE ${t} r SET previous_owner_id = picked.owner_id, owner_id = NULL, owner_since = NULL, pool_id = ${poolId},
      pool_entered_at = now() - (picked.i % 20) * interval '1 day' - (picked.i % 7) * interval '1 hour', updated_at = now()
    FROM picked WHERE r.id = picked.id
    RETURNING r.id, picked.owner_id AS from, r.pool_entered_at AS at`);
  for (const m of moved) {
    await tx.execute(sql`INSERT INTO pool_events (tenant_id, pool_id, record_type, record_id, kind, from_owner_id, reason_code, created_at)
      VALUES (${org.tenantId}, ${poolId}, ${recordType}, ${m.id}, 'return', ${m.from}, 'noFollowup', ${m.at})`);
  }
  return moved.length;
}

export async function seedDemoPools(tx: Db, org: DemoOrg): Promise<void> {
  const customerPool = await createDemoPool(tx, org, '华东公海', 'customer', 0);
  const leadPool = await createDemoPool(tx, org, '线索公海', 'lead', 1);
  await tx.insert(ownershipCaps).values(REPS.map((k) => ({
    tenantId: org.tenantId, subjectType: 'user' as const, userId: org.usersByKey[k]!, maxOwned: 60, maxLocked: 10, countClosed: false,
  })));
  await fillPool(tx, org, 'customers', 'customer', customerPool, 30, 0.15);
  await fillPool(tx, org, 'leads', 'lead', leadPool, 50, 0.15);
  // two B/C customers per rep last followed up 13 days ago: back to the pool in two days unless someone calls
  const since = new Date(Date.now() - 13 * DAY);
  for (const rep of REPS) {
    await tx.execute(sql`UPDATE customers SET last_followup_at = ${since.toISOString()}::timestamptz, owner_since = LEAST(coalesce(owner_since, created_at), ${since.toISOString()}::timestamptz)
      WHERE id IN (SELECT id FROM customers WHERE tenant_id = ${org.tenantId} AND owner_id = ${org.usersByKey[rep]!} AND deleted_at IS NULL
        AND grade IN ('B', 'C') AND NOT locked AND deal_status = 'none' ORDER BY created_at DESC, id LIMIT 2)`);
  }
}
