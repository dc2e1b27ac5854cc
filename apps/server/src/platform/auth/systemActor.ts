/**
 * The actor flows act as: administrator rights in one tenant, so a flow's "assign owner" or "return
 * to pool" goes through the same module functions (caps, audit, announcements) as a person's would,
 * while the audit entries say 'system' and carry the flow execution (depth-limited chains).
 */
import { sql } from 'drizzle-orm';
import type { AuditSource } from '../audit/audit.ts';
import type { Db } from '../db/client.ts';
import { one } from '../db/query.ts';
import { mergeRoles } from '../permissions/effective.ts';
import type { Actor } from './actor.ts';

export const SYSTEM_ACTOR_NAME = '自动化流程';

interface Row { time_zone: string; locale: string; user_id: string | null }

/**
 * Module code writes the acting user into columns such as created_by / deleted_by (foreign keys to
 * users), so the actor needs a real user id: `userId` if given (e.g. the flow's publisher), else the
 * tenant's earliest administrator. Audit entries use systemSource(), whose actorId is null.
 */
export async function systemActor(db: Db, tenantId: string, opts: { userId?: string | null; name?: string } = {}): Promise<Actor> {
  const row = await one<Row>(db, sql`SELECT t.time_zone, t.locale,
      coalesce(
        (SELECT u.id FROM users u WHERE u.tenant_id = t.id AND u.id = ${opts.userId ?? null}::uuid),
        (SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
          WHERE u.tenant_id = t.id AND (r.permissions->>'admin')::boolean IS TRUE ORDER BY u.created_at, u.id LIMIT 1),
        (SELECT u.id FROM users u WHERE u.tenant_id = t.id ORDER BY u.created_at, u.id LIMIT 1)
      )::text AS user_id
    FROM tenants t WHERE t.id = ${tenantId}`);
  if (!row) throw new Error(`tenant ${tenantId} not found`);
  const perms = mergeRoles([{ admin: true, dataScope: 'all', objects: {} }]);
  return {
    kind: 'user',
    tenantId,
    userId: row.user_id ?? '00000000-0000-0000-0000-000000000000',
    userName: opts.name ?? SYSTEM_ACTOR_NAME,
    departmentId: null,
    roleIds: [],
    perms,
    timeZone: row.time_zone,
    locale: row.locale,
  };
}

/** Audit source of a change made by a flow: no person, actorType 'system', the execution and its depth. */
export function systemSource(tenantId: string, flow?: { executionId: string; depth: number }): AuditSource {
  return { tenantId, actorId: null, actorType: 'system', ...(flow ? { flow } : {}) };
}
