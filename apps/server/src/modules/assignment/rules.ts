// Reading assignment rules, settings and availability, and checking an admin's input against the
// lead fields and the organization's people. Writes are in store.ts; deciding owners in apply.ts.
import { sql } from 'drizzle-orm';
import { FilterError, parseFilter, resolveFilter, type FieldCatalog, type FilterNode } from '@loopline/shared';
import type { Db } from '../../platform/db/client.ts';
import { one, rows } from '../../platform/db/query.ts';
import { AppError } from '../../platform/http/errors.ts';
import { CUSTOM_KIND } from '../../platform/records/catalog.ts';
import { loadCustomFieldDefs } from '../../platform/records/customFields.ts';
import { leadType } from '../leads/fields.ts';
import type { AssignmentRule, AssignmentTarget } from './engine.ts';
import type { Fallback } from './schema.ts';
import type { TargetInput } from './input.ts';

export interface StoredRule extends AssignmentRule {
  position: number;
  createdAt: Date;
  updatedAt: Date;
}
export interface Settings { fallback: Fallback; defaultOwnerId: string | null; poolId: string | null }
export interface Person { id: string; name: string; email: string | null; status: string; departmentId: string | null; locale: string | null; onLeave: boolean; until: string | null; available: boolean }

interface RuleRow {
  id: string; name: string; enabled: boolean; position: number; condition: FilterNode | null; target_kind: AssignmentTarget['kind'];
  members: { userId: string; weight: number; cap: number | null }[] | string; created_at: Date | string; updated_at: Date | string;
}

function toTarget(kind: AssignmentTarget['kind'], members: { userId: string; weight: number; cap: number | null }[]): AssignmentTarget {
  if (kind === 'user') return { kind, userId: members[0]?.userId ?? '' };
  if (kind === 'roundRobin') return { kind, userIds: members.map((m) => m.userId) };
  return { kind, members: members.map((m) => ({ userId: m.userId, weight: Number(m.weight), cap: m.cap === null ? null : Number(m.cap), onLeave: false })) };
}

/** The tenant's rules in order with their people (one query); `enabledOnly` for assignment. */
export async function loadRules(db: Db, tenantId: string, opts: { enabledOnly?: boolean; id?: string } = {}): Promise<StoredRule[]> {
  const found = await rows<RuleRow>(db, sql`
    SELECT r.id, r.name, r.enabled, r.position, r.condition, r.target_kind, r.created_at, r.updated_at,
      coalesce(json_agg(json_build_object('userId', m.user_id, 'weight', m.weight, 'cap', m.cap) ORDER BY m.position)
        FILTER (WHERE m.user_id IS NOT NULL), '[]') AS members
    FROM assignment_rules r LEFT JOIN assignment_rule_members m ON m.rule_id = r.id AND m.tenant_id = r.tenant_id
    WHERE r.tenant_id = ${tenantId} ${opts.enabledOnly ? sql`AND r.enabled` : sql``} ${opts.id ? sql`AND r.id = ${opts.id}` : sql``}
    GROUP BY r.id ORDER BY r.position, r.id`);
  return found.map((r) => ({
    id: r.id, name: r.name, enabled: r.enabled, position: Number(r.position), condition: r.condition,
    target: toTarget(r.target_kind, typeof r.members === 'string' ? JSON.parse(r.members) : r.members),
    createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
  }));
}

export const NO_SETTINGS: Settings = { fallback: 'none', defaultOwnerId: null, poolId: null };

/**
 * The tenant's fallback (and time zone). A pool that was deleted or no longer takes leads reads as
 * no pool, so new leads are never parked in a pool nobody can open.
 */
export async function loadSettings(db: Db, tenantId: string): Promise<Settings & { timeZone: string; poolName: string | null }> {
  const r = await one<{ fallback: Fallback | null; default_owner_id: string | null; pool_id: string | null; pool_name: string | null; time_zone: string }>(db, sql`
    SELECT s.fallback, s.default_owner_id, p.id AS pool_id, p.name AS pool_name, t.time_zone
    FROM tenants t LEFT JOIN assignment_settings s ON s.tenant_id = t.id
      LEFT JOIN pools p ON p.tenant_id = t.id AND p.id = s.pool_id AND 'lead' = ANY (p.record_types)
    WHERE t.id = ${tenantId}`);
  return {
    fallback: r?.fallback ?? 'none', defaultOwnerId: r?.default_owner_id ?? null, poolId: r?.pool_id ?? null, poolName: r?.pool_name ?? null,
    timeZone: r?.time_zone ?? 'Asia/Shanghai',
  };
}

/**
 * People with their availability: active and not on leave today (tenant time zone; `until` is the
 * last day of leave). `ids` limits the look-up; without it every user who is not deactivated.
 */
export async function loadPeople(db: Db, tenantId: string, timeZone: string, ids?: string[]): Promise<Map<string, Person>> {
  if (ids && !ids.length) return new Map();
  const which = ids ? sql`AND u.id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})` : sql`AND u.status <> 'inactive'`;
  const found = await rows<{ id: string; name: string; email: string | null; status: string; department_id: string | null; locale: string | null; on_leave: boolean | null; until: string | null; away: boolean }>(db, sql`
    SELECT u.id, u.name, u.email, u.status, u.department_id, u.locale, a.on_leave, a.until::text AS until,
      coalesce(a.on_leave AND (a.until IS NULL OR a.until >= (now() AT TIME ZONE ${timeZone})::date), false) AS away
    FROM users u LEFT JOIN assignment_availability a ON a.tenant_id = u.tenant_id AND a.user_id = u.id
    WHERE u.tenant_id = ${tenantId} ${which} ORDER BY u.name, u.id`);
  return new Map(found.map((u) => [u.id, {
    id: u.id, name: u.name, email: u.email, status: u.status, departmentId: u.department_id, locale: u.locale, onLeave: Boolean(u.on_leave), until: u.until,
    available: u.status === 'active' && !u.away,
  }]));
}

/** Everyone a rule names, in order of appearance. */
export function targetUserIds(t: AssignmentTarget | TargetInput): string[] {
  if (t.kind === 'user') return [t.userId];
  if (t.kind === 'roundRobin') return t.userIds;
  return t.members.map((m) => m.userId);
}

/**
 * The lead fields a condition may use, as the in-memory filter sees them: every filterable standard
 * field and custom field of the lead record type (rules run as the system, not as a role).
 */
export async function leadFieldCatalog(db: Db, tenantId: string): Promise<FieldCatalog> {
  const catalog: FieldCatalog = {};
  for (const f of leadType.standardFields) if (f.kind && f.filterable !== false) catalog[f.key] = { kind: f.kind };
  for (const c of await loadCustomFieldDefs(db, tenantId, 'lead')) {
    const kind = CUSTOM_KIND[c.type];
    if (kind) catalog[`custom.${c.key}`] = { kind };
  }
  return catalog;
}

/** Why a stored condition no longer works (null when it does). */
export function conditionProblem(condition: FilterNode | null, catalog: FieldCatalog): string | null {
  if (condition === null) return null;
  try {
    resolveFilter(condition, catalog);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** An admin's condition, parsed and checked against the lead fields; a 400 naming `condition` otherwise. */
export function checkCondition(input: unknown, catalog: FieldCatalog): FilterNode | null {
  if (input === null || input === undefined) return null;
  try {
    const node = parseFilter(input);
    resolveFilter(node, catalog);
    return node;
  } catch (e) {
    if (!(e instanceof FilterError)) throw e;
    const message = e.field && e.code === 'unknown_field' ? `lead field "${e.field}" does not exist` : e.message;
    throw new AppError(400, 'VALIDATION_FAILED', `condition: ${message}`, { fields: [{ field: 'condition', message }], filterField: e.field, path: e.path });
  }
}

/** Every person a target names must exist here and not be deactivated; a team names each person once. */
export async function checkTarget(db: Db, tenantId: string, target: TargetInput): Promise<void> {
  const ids = targetUserIds(target);
  const path = (i: number) => (target.kind === 'user' ? 'target.userId' : target.kind === 'roundRobin' ? `target.userIds.${i}` : `target.members.${i}.userId`);
  const issues: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) issues.push({ field: path(i), message: 'this person is already in the team' });
    seen.add(id);
  });
  const found = await rows<{ id: string; status: string }>(db, sql`SELECT id, status FROM users WHERE tenant_id = ${tenantId} AND id IN (${sql.join([...seen].map((id) => sql`${id}`), sql`, `)})`);
  const status = new Map(found.map((u) => [u.id, u.status]));
  ids.forEach((id, i) => {
    if (!status.has(id)) issues.push({ field: path(i), message: 'no such user' });
    else if (status.get(id) === 'inactive') issues.push({ field: path(i), message: 'this user is deactivated' });
  });
  if (issues.length) throw new AppError(400, 'VALIDATION_FAILED', issues.map((i) => `${i.field}: ${i.message}`).join('; '), { fields: issues });
}
