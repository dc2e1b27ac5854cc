import { sql } from 'drizzle-orm';
import type { RolePermissions } from '@loopline/shared';
import type { Database } from '../db/client.ts';
import { one } from '../db/query.ts';
import { mergeRoles } from '../permissions/effective.ts';
import type { Actor } from './actor.ts';
import { sha256 } from './tokens.ts';

interface Row {
  session_id: string | null;
  csrf_token: string | null;
  last_seen_at: Date | string | null;
  api_key_id: string | null;
  tenant_id: string;
  user_id: string;
  user_name: string;
  department_id: string | null;
  locale: string | null;
  tenant_locale: string;
  time_zone: string;
  roles: { id: string; p: RolePermissions }[] | string;
}

const roleJson = (userCol: string) => sql.raw(`coalesce((SELECT json_agg(json_build_object('id', r.id, 'p', r.permissions))
   FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = ${userCol}), '[]'::json)`);

function toActor(row: Row, kind: Actor['kind']): Actor {
  const roles = typeof row.roles === 'string' ? (JSON.parse(row.roles) as Row['roles'] & object[]) : row.roles;
  return {
    kind,
    tenantId: row.tenant_id,
    userId: row.user_id,
    userName: row.user_name,
    departmentId: row.department_id,
    roleIds: (roles as { id: string }[]).map((r) => r.id),
    perms: mergeRoles((roles as { p: RolePermissions }[]).map((r) => r.p)),
    timeZone: row.time_zone,
    locale: row.locale ?? row.tenant_locale,
    sessionId: row.session_id ?? undefined,
    csrfToken: row.csrf_token ?? undefined,
    apiKeyId: row.api_key_id ?? undefined,
  };
}

/**
 * One round trip: the session, its user (who must still be active — deactivation ends sessions at
 * once), the tenant and the user's roles.
 */
export async function actorFromSession(db: Database, token: string): Promise<Actor | null> {
  const id = sha256(token);
  const row = await db.asSystem((d) =>
    one<Row>(
      d,
      sql`SELECT s.id AS session_id, s.csrf_token, s.last_seen_at, NULL::uuid AS api_key_id,
                 u.tenant_id, u.id AS user_id, u.name AS user_name, u.department_id, u.locale,
                 t.locale AS tenant_locale, t.time_zone, ${roleJson('u.id')} AS roles
            FROM sessions s JOIN users u ON u.id = s.user_id JOIN tenants t ON t.id = s.tenant_id
           WHERE s.id = ${id} AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active'`,
    ),
  );
  if (!row) return null;
  const actor = toActor(row, 'user');
  const lastSeen = row.last_seen_at ? new Date(row.last_seen_at).getTime() : 0;
  if (Date.now() - lastSeen > 60_000) {
    // Touch at most once a minute so "my sessions" shows activity without a write per request.
    void db.asSystem((d) => d.execute(sql`UPDATE sessions SET last_seen_at = now() WHERE id = ${id}`)).catch(() => undefined);
  }
  return actor;
}

/** API keys act with their own role on behalf of the admin who created them. */
export async function actorFromApiKey(db: Database, key: string): Promise<Actor | null> {
  const hash = sha256(key);
  const row = await db.asSystem((d) =>
    one<Row & { last_used_at: Date | string | null }>(
      d,
      sql`SELECT NULL AS session_id, NULL AS csrf_token, NULL AS last_seen_at, k.id AS api_key_id, k.last_used_at,
                 u.tenant_id, u.id AS user_id, u.name AS user_name, u.department_id, u.locale,
                 t.locale AS tenant_locale, t.time_zone,
                 json_build_array(json_build_object('id', r.id, 'p', r.permissions)) AS roles
            FROM api_keys k JOIN users u ON u.id = k.created_by JOIN tenants t ON t.id = k.tenant_id
            JOIN roles r ON r.id = k.role_id
           WHERE k.key_hash = ${hash} AND k.revoked_at IS NULL AND u.status = 'active'`,
    ),
  );
  if (!row) return null;
  const lastUsed = row.last_used_at ? new Date(row.last_used_at).getTime() : 0;
  if (Date.now() - lastUsed > 60_000) {
    void db.asSystem((d) => d.execute(sql`UPDATE api_keys SET last_used_at = now() WHERE id = ${row.api_key_id}`)).catch(() => undefined);
  }
  return toActor(row, 'apiKey');
}
