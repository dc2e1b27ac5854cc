/** Pools as people see them (with members, counts and what is left to claim today) and as admins edit them. */
import { and, eq, sql } from 'drizzle-orm';
import type { PublicPool } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { AppError, conflict, notFound } from '../../platform/http/errors.ts';
import type { CreatePoolInput, UpdatePoolInput } from './input.ts';
import { myPoolIdsSql } from './membership.ts';
import { poolAdmins, poolMembers, pools, type PoolRecordType, type PoolRow } from './schema.ts';

export type PoolOut = PublicPool;

/** Start of the actor's local day, for "claims today". */
export const localDayStart = (now: Date, timeZone: string) =>
  sql`(date_trunc('day', ${now.toISOString()}::timestamptz AT TIME ZONE ${timeZone}) AT TIME ZONE ${timeZone})`;

export async function claimsToday(db: Db, actor: Actor, poolId: string, now: Date): Promise<number> {
  const [r] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM pool_events WHERE tenant_id = ${actor.tenantId}
    AND pool_id = ${poolId} AND actor_id = ${actor.userId} AND kind = 'claim' AND created_at >= ${localDayStart(now, actor.timeZone)}`);
  return Number(r?.n ?? 0);
}

/** Pools the actor may open (all of them for a tenant admin), in position order, fully described. */
export async function listPools(db: Db, actor: Actor, now = new Date(), onlyId?: string): Promise<PoolOut[]> {
  const t = actor.tenantId;
  const mine = myPoolIdsSql(actor);
  const found = await db.select().from(pools).where(and(eq(pools.tenantId, t), onlyId ? eq(pools.id, onlyId) : undefined,
    actor.perms.admin ? undefined : sql`${pools.id} IN ${mine}`)).orderBy(pools.position, pools.createdAt);
  if (!found.length) return [];
  const ids = sql`${sql.param(found.map((p) => p.id))}::uuid[]`;
  // one connection answers them in turn (a pooled client takes one query at a time)
  const members = await rows<{ pool_id: string; type: 'user' | 'department'; id: string; name: string }>(db, sql`
      SELECT m.pool_id, CASE WHEN m.user_id IS NULL THEN 'department' ELSE 'user' END AS type, coalesce(m.user_id, m.department_id) AS id, coalesce(u.name, d.name) AS name
      FROM pool_members m LEFT JOIN users u ON u.id = m.user_id LEFT JOIN departments d ON d.id = m.department_id
      WHERE m.tenant_id = ${t} AND m.pool_id = ANY(${ids}) ORDER BY 2 DESC, 4`);
  const admins = await rows<{ pool_id: string; id: string; name: string }>(db, sql`SELECT a.pool_id, u.id, u.name FROM pool_admins a JOIN users u ON u.id = a.user_id
      WHERE a.tenant_id = ${t} AND a.pool_id = ANY(${ids}) ORDER BY u.name`);
  const counts = await rows<{ pool_id: string; type: PoolRecordType; n: number }>(db, sql`
      SELECT pool_id, 'customer' AS type, count(*)::int AS n FROM customers WHERE tenant_id = ${t} AND pool_id = ANY(${ids}) AND owner_id IS NULL AND deleted_at IS NULL GROUP BY pool_id
      UNION ALL SELECT pool_id, 'lead', count(*)::int FROM leads WHERE tenant_id = ${t} AND pool_id = ANY(${ids}) AND owner_id IS NULL AND deleted_at IS NULL GROUP BY pool_id`);
  const myIds = await rows<{ pool_id: string }>(db, sql`SELECT pool_id FROM ${mine} x`);
  const adminOf = await rows<{ pool_id: string }>(db, sql`SELECT pool_id FROM pool_admins WHERE tenant_id = ${t} AND user_id = ${actor.userId}`);
  const claims = await rows<{ pool_id: string; n: number }>(db, sql`SELECT pool_id, count(*)::int AS n FROM pool_events WHERE tenant_id = ${t} AND pool_id = ANY(${ids})
      AND actor_id = ${actor.userId} AND kind = 'claim' AND created_at >= ${localDayStart(now, actor.timeZone)} GROUP BY pool_id`);
  const memberSet = new Set(myIds.map((r) => r.pool_id));
  const adminSet = new Set(adminOf.map((r) => r.pool_id));
  return found.map((p) => {
    const claimed = Number(claims.find((c) => c.pool_id === p.id)?.n ?? 0);
    const count = (type: PoolRecordType) => Number(counts.find((c) => c.pool_id === p.id && c.type === type)?.n ?? 0);
    return {
      id: p.id, name: p.name, recordTypes: p.recordTypes, position: p.position, hideContacts: p.hideContacts,
      dailyClaimLimit: p.dailyClaimLimit, reclaimCooldownDays: p.reclaimCooldownDays, recycleEnabled: p.recycleEnabled,
      warnDaysBefore: p.warnDaysBefore, exemptClosedDeals: p.exemptClosedDeals, exemptOpenOpportunities: p.exemptOpenOpportunities,
      members: members.filter((m) => m.pool_id === p.id).map(({ type, id, name }) => ({ type, id, name })),
      admins: admins.filter((a) => a.pool_id === p.id).map(({ id, name }) => ({ id, name })),
      counts: Object.fromEntries(p.recordTypes.map((type) => [type, count(type)])),
      me: {
        member: actor.perms.admin || memberSet.has(p.id), admin: actor.perms.admin || adminSet.has(p.id),
        claimedToday: claimed, claimsLeft: p.dailyClaimLimit === null ? null : Math.max(0, p.dailyClaimLimit - claimed),
      },
    };
  });
}

/** A pool the actor may open, or 404 (pools of others are not revealed). */
export async function getPool(db: Db, actor: Actor, id: string, now = new Date()): Promise<PoolOut> {
  const [p] = await listPools(db, actor, now, id);
  if (!p) throw notFound('pool');
  return p;
}

async function assertPeople(tx: Db, tenantId: string, input: Partial<CreatePoolInput>): Promise<void> {
  const issues: { field: string; message: string }[] = [];
  const check = async (field: string, table: 'users' | 'departments', list: string[] | undefined) => {
    if (!list?.length) return;
    const found = await rows<{ id: string }>(tx, sql`SELECT id::text AS id FROM ${sql.identifier(table)} WHERE tenant_id = ${tenantId} AND id = ANY(${sql.param(list)}::uuid[])`);
    const have = new Set(found.map((r) => r.id));
    list.forEach((id, i) => { if (!have.has(id)) issues.push({ field: `${field}.${i}`, message: `no such ${table === 'users' ? 'user' : 'department'}` }); });
  };
  await check('memberUserIds', 'users', input.memberUserIds);
  await check('memberDepartmentIds', 'departments', input.memberDepartmentIds);
  await check('adminIds', 'users', input.adminIds);
  if (issues.length) throw new AppError(400, 'VALIDATION_FAILED', issues.map((x) => `${x.field}: ${x.message}`).join('; '), { fields: issues });
}

async function writePeople(tx: Db, tenantId: string, poolId: string, input: Partial<CreatePoolInput>): Promise<void> {
  if (input.memberUserIds || input.memberDepartmentIds) {
    const keepUsers = !input.memberUserIds;
    const keepDepts = !input.memberDepartmentIds;
    await tx.delete(poolMembers).where(and(eq(poolMembers.poolId, poolId),
      keepUsers ? sql`${poolMembers.userId} IS NULL` : keepDepts ? sql`${poolMembers.departmentId} IS NULL` : undefined));
    const values = [
      ...(input.memberUserIds ?? []).map((userId) => ({ tenantId, poolId, userId })),
      ...(input.memberDepartmentIds ?? []).map((departmentId) => ({ tenantId, poolId, departmentId })),
    ];
    if (values.length) await tx.insert(poolMembers).values([...new Map(values.map((v) => [JSON.stringify(v), v])).values()]);
  }
  if (input.adminIds) {
    await tx.delete(poolAdmins).where(eq(poolAdmins.poolId, poolId));
    const unique = [...new Set(input.adminIds)];
    if (unique.length) await tx.insert(poolAdmins).values(unique.map((userId) => ({ tenantId, poolId, userId })));
  }
}

const duplicateName = () => conflict('DUPLICATE', 'a pool with this name already exists', { fields: [{ field: 'name', message: 'already exists' }] });
async function assertNameFree(tx: Db, tenantId: string, name: string, exceptId?: string) {
  const hit = await rows(tx, sql`SELECT 1 FROM pools WHERE tenant_id = ${tenantId} AND name = ${name} ${exceptId ? sql`AND id <> ${exceptId}` : sql``}`);
  if (hit.length) throw duplicateName();
}

/** Records still waiting in a pool, per type: a pool (or a type of it) that holds some cannot go. */
async function waiting(tx: Db, tenantId: string, poolId: string): Promise<Record<PoolRecordType, number>> {
  const [r] = await rows<{ customer: number; lead: number }>(tx, sql`SELECT
    (SELECT count(*)::int FROM customers WHERE tenant_id = ${tenantId} AND pool_id = ${poolId} AND owner_id IS NULL AND deleted_at IS NULL) AS customer,
    (SELECT count(*)::int FROM leads WHERE tenant_id = ${tenantId} AND pool_id = ${poolId} AND owner_id IS NULL AND deleted_at IS NULL) AS lead`);
  return { customer: Number(r?.customer ?? 0), lead: Number(r?.lead ?? 0) };
}

const settings = (p: PoolRow) => {
  const { tenantId: _t, createdAt: _c, updatedAt: _u, createdBy: _b, id: _i, ...rest } = p;
  return rest;
};

export async function createPool(db: Db, actor: Actor, src: AuditSource, input: CreatePoolInput): Promise<PoolOut> {
  const id = await inTransaction(db, async (tx) => {
    await assertNameFree(tx, actor.tenantId, input.name);
    await assertPeople(tx, actor.tenantId, input);
    const { memberUserIds: _m, memberDepartmentIds: _d, adminIds: _a, ...fields } = input;
    const [p] = await tx.insert(pools).values({ ...fields, tenantId: actor.tenantId, createdBy: actor.userId }).returning();
    await writePeople(tx, actor.tenantId, p!.id, input);
    await recordAudit(tx, src, { action: 'create', recordType: 'pool', recordId: p!.id, before: null, after: { ...settings(p!), memberUserIds: input.memberUserIds, memberDepartmentIds: input.memberDepartmentIds, adminIds: input.adminIds } });
    return p!.id;
  }, actor.tenantId);
  return getPool(db, actor, id);
}

export async function updatePool(db: Db, actor: Actor, src: AuditSource, id: string, input: UpdatePoolInput): Promise<PoolOut> {
  await inTransaction(db, async (tx) => {
    const [before] = await tx.select().from(pools).where(and(eq(pools.id, id), eq(pools.tenantId, actor.tenantId))).for('update');
    if (!before) throw notFound('pool');
    if (input.name !== undefined && input.name !== before.name) await assertNameFree(tx, actor.tenantId, input.name, id);
    if (input.recordTypes) {
      const left = await waiting(tx, actor.tenantId, id);
      const dropped = before.recordTypes.filter((t) => !input.recordTypes!.includes(t) && left[t] > 0);
      if (dropped.length) throw conflict('POOL_NOT_EMPTY', `the pool still holds ${dropped.join(', ')} records`, { fields: [{ field: 'recordTypes', message: `still holds ${dropped.join(', ')} records` }] });
    }
    await assertPeople(tx, actor.tenantId, input);
    const { memberUserIds: _m, memberDepartmentIds: _d, adminIds: _a, ...fields } = input;
    const [after] = await tx.update(pools).set({ ...fields, updatedAt: new Date() }).where(eq(pools.id, id)).returning();
    await writePeople(tx, actor.tenantId, id, input);
    const people = { memberUserIds: input.memberUserIds, memberDepartmentIds: input.memberDepartmentIds, adminIds: input.adminIds };
    await recordAudit(tx, src, { action: 'update', recordType: 'pool', recordId: id, before: settings(before), after: settings(after!), data: { people: Object.fromEntries(Object.entries(people).filter(([, v]) => v)) } });
  }, actor.tenantId);
  return getPool(db, actor, id);
}

export async function deletePool(db: Db, actor: Actor, src: AuditSource, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const [before] = await tx.select().from(pools).where(and(eq(pools.id, id), eq(pools.tenantId, actor.tenantId))).for('update');
    if (!before) throw notFound('pool');
    const left = await waiting(tx, actor.tenantId, id);
    if (left.customer + left.lead > 0) throw conflict('POOL_NOT_EMPTY', `the pool still holds ${left.customer} customers and ${left.lead} leads; assign or move them first`, left);
    await tx.delete(pools).where(eq(pools.id, id));
    await recordAudit(tx, src, { action: 'delete', recordType: 'pool', recordId: id, data: { name: before.name } });
  }, actor.tenantId);
}
