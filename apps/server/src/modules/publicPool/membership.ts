/**
 * Who belongs to a pool: users named as members, everyone in a member department or any of its
 * sub-departments, and the pool's admins. Tenant administrators may act on every pool.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';

/** The actor's department and every department above it: a member department covers its subtree. */
function actorDepartmentsSql(actor: Actor): SQL {
  if (!actor.departmentId) return sql`SELECT NULL::uuid AS id WHERE false`;
  return sql`WITH RECURSIVE up AS (
      SELECT id, parent_id FROM departments WHERE tenant_id = ${actor.tenantId} AND id = ${actor.departmentId}
      UNION SELECT d.id, d.parent_id FROM departments d JOIN up ON d.id = up.parent_id WHERE d.tenant_id = ${actor.tenantId})
    SELECT id FROM up`;
}

/** Ids of the pools the actor is a member or admin of (SQL subquery). */
export function myPoolIdsSql(actor: Actor): SQL {
  return sql`(SELECT m.pool_id FROM pool_members m WHERE m.tenant_id = ${actor.tenantId}
      AND (m.user_id = ${actor.userId} OR m.department_id IN (${actorDepartmentsSql(actor)}))
    UNION SELECT a.pool_id FROM pool_admins a WHERE a.tenant_id = ${actor.tenantId} AND a.user_id = ${actor.userId})`;
}

/** Every (pool_id, user_id) membership of a tenant, admins included (SQL subquery). */
export function poolUsersSql(tenantId: string): SQL {
  return sql`(WITH RECURSIVE sub(root, id) AS (
      SELECT id, id FROM departments WHERE tenant_id = ${tenantId}
      UNION ALL SELECT sub.root, d.id FROM departments d JOIN sub ON d.parent_id = sub.id WHERE d.tenant_id = ${tenantId})
    SELECT m.pool_id, m.user_id FROM pool_members m WHERE m.tenant_id = ${tenantId} AND m.user_id IS NOT NULL
    UNION SELECT m.pool_id, u.id FROM pool_members m JOIN sub ON sub.root = m.department_id
      JOIN users u ON u.tenant_id = ${tenantId} AND u.department_id = sub.id WHERE m.tenant_id = ${tenantId}
    UNION SELECT a.pool_id, a.user_id FROM pool_admins a WHERE a.tenant_id = ${tenantId})`;
}

/**
 * Each user's home pool for a record type: the first pool (by position) they belong to. Records
 * that never were in a pool follow their owner's home pool when the rules return them.
 */
export function homePoolsSql(tenantId: string, recordType: string): SQL {
  return sql`(SELECT DISTINCT ON (pu.user_id) pu.user_id, p.id AS pool_id
    FROM ${poolUsersSql(tenantId)} pu JOIN pools p ON p.id = pu.pool_id
    WHERE p.tenant_id = ${tenantId} AND ${recordType} = ANY(p.record_types)
    ORDER BY pu.user_id, p.position, p.created_at, p.id)`;
}

export interface PoolRole {
  member: boolean;
  /** may assign from the pool and sees contact details: tenant admin or pool admin */
  admin: boolean;
}

export async function poolRole(db: Db, actor: Actor, poolId: string): Promise<PoolRole> {
  if (actor.perms.admin) return { member: true, admin: true };
  const row = await one<{ member: boolean; admin: boolean }>(db, sql`SELECT
      ${poolId}::uuid IN ${myPoolIdsSql(actor)} AS member,
      EXISTS (SELECT 1 FROM pool_admins WHERE tenant_id = ${actor.tenantId} AND pool_id = ${poolId} AND user_id = ${actor.userId}) AS admin`);
  return { member: Boolean(row?.member), admin: Boolean(row?.admin) };
}
