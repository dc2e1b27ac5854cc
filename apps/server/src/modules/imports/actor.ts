/**
 * The person an import acts for, rebuilt inside the background job from their user id: the job runs
 * after the request that started it, so their roles are read again then (a person deactivated or
 * stripped of the import right in between no longer imports).
 */
import { sql } from 'drizzle-orm';
import type { RolePermissions } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { mergeRoles } from '../../platform/permissions/effective.ts';

interface Row {
  id: string;
  name: string;
  department_id: string | null;
  locale: string | null;
  status: string;
  tenant_locale: string;
  time_zone: string;
  roles: { id: string; p: RolePermissions }[] | string;
}

/** null when the user no longer exists or is not active. */
export async function importActor(db: Db, tenantId: string, userId: string): Promise<Actor | null> {
  const row = await one<Row>(db, sql`SELECT u.id::text AS id, u.name, u.department_id::text AS department_id, u.locale, u.status,
      t.locale AS tenant_locale, t.time_zone,
      coalesce((SELECT json_agg(json_build_object('id', r.id, 'p', r.permissions)) FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                 WHERE ur.user_id = u.id), '[]'::json) AS roles
    FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.id = ${userId} AND u.tenant_id = ${tenantId}`);
  if (!row || row.status !== 'active') return null;
  const roles = typeof row.roles === 'string' ? (JSON.parse(row.roles) as { id: string; p: RolePermissions }[]) : row.roles;
  return {
    kind: 'user',
    tenantId,
    userId: row.id,
    userName: row.name,
    departmentId: row.department_id,
    roleIds: roles.map((r) => r.id),
    perms: mergeRoles(roles.map((r) => r.p)),
    timeZone: row.time_zone,
    locale: row.locale ?? row.tenant_locale,
  };
}
