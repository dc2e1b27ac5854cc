import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { maskValue, type RecordType } from '@loopline/shared';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/client.ts';
import { one } from '../db/query.ts';
import { forbidden, notFound } from '../http/errors.ts';
import { can, fieldAccess } from './effective.ts';

/** The columns a record table needs for row-level permissions. */
export interface OwnedTable {
  id: AnyPgColumn;
  tenantId: AnyPgColumn;
  ownerId: AnyPgColumn;
}

/** SQL for "owners whose records this actor sees by data scope"; null means no restriction. */
export function ownerScope(actor: Actor, ownerCol: AnyPgColumn): SQL | null {
  const scope = actor.perms.admin ? 'all' : actor.perms.dataScope;
  const t = actor.tenantId;
  switch (scope) {
    case 'all':
      return null;
    case 'self':
      return sql`${ownerCol} = ${actor.userId}`;
    case 'subordinates':
      return sql`${ownerCol} IN (WITH RECURSIVE team AS (
          SELECT id FROM users WHERE tenant_id = ${t} AND id = ${actor.userId}
          UNION SELECT u.id FROM users u JOIN team ON u.manager_id = team.id WHERE u.tenant_id = ${t})
        SELECT id FROM team)`;
    case 'department':
      if (!actor.departmentId) return sql`${ownerCol} = ${actor.userId}`;
      return sql`${ownerCol} IN (SELECT id FROM users WHERE tenant_id = ${t} AND department_id = ${actor.departmentId})`;
    case 'departmentTree':
      if (!actor.departmentId) return sql`${ownerCol} = ${actor.userId}`;
      return sql`${ownerCol} IN (SELECT u.id FROM users u WHERE u.tenant_id = ${t} AND u.department_id IN (
          WITH RECURSIVE sub AS (
            SELECT id FROM departments WHERE tenant_id = ${t} AND id = ${actor.departmentId}
            UNION SELECT d.id FROM departments d JOIN sub ON d.parent_id = sub.id WHERE d.tenant_id = ${t})
          SELECT id FROM sub))`;
  }
}

function sharedWith(actor: Actor, recordType: RecordType, idCol: AnyPgColumn, access: 'read' | 'write'): SQL {
  // An array of ids (not a correlated EXISTS) lets PostgreSQL OR the owner index with the primary key.
  return sql`${idCol} = ANY(ARRAY(SELECT s.record_id FROM record_shares s WHERE s.tenant_id = ${actor.tenantId} AND s.record_type = ${recordType}
    AND s.user_id = ${actor.userId} AND (s.expires_at IS NULL OR s.expires_at > now())
    ${access === 'write' ? sql`AND s.access = 'write'` : sql``}))`;
}

/**
 * The WHERE condition every read path (list, detail, search, export, reports) adds for a record type:
 * the tenant, the role's data scope, and records shared with the actor. Throws if the actor may not
 * view the type at all.
 */
export function visibleRecords(actor: Actor, recordType: RecordType, table: OwnedTable): SQL {
  if (!can(actor.perms, recordType, 'view')) throw forbidden(`no permission to view ${recordType}`, { object: recordType, action: 'view' });
  const tenant = sql`${table.tenantId} = ${actor.tenantId}`;
  const scope = ownerScope(actor, table.ownerId);
  if (!scope) return tenant;
  return sql`${tenant} AND (${scope} OR ${sharedWith(actor, recordType, table.id, 'read')})`;
}

/** Same for changes: edit/delete/transfer need the action and the record in scope or shared read-write. */
export function writableRecords(actor: Actor, recordType: RecordType, table: OwnedTable, action: 'edit' | 'delete' | 'transfer' = 'edit'): SQL {
  if (!can(actor.perms, recordType, action)) throw forbidden(`no permission to ${action} ${recordType}`, { object: recordType, action });
  const tenant = sql`${table.tenantId} = ${actor.tenantId}`;
  const scope = ownerScope(actor, table.ownerId);
  if (!scope) return tenant;
  return sql`${tenant} AND (${scope} OR ${sharedWith(actor, recordType, table.id, 'write')})`;
}

/** 404 when the record is outside what the actor may see: existence is not revealed. */
export async function assertVisible(db: Db, actor: Actor, recordType: RecordType, table: OwnedTable & { _: { name: string } } & object, id: string): Promise<void> {
  const row = await one(db, sql`SELECT 1 AS ok FROM ${table} WHERE ${table.id} = ${id} AND ${visibleRecords(actor, recordType, table)}`);
  if (!row) throw notFound(recordType);
}

/**
 * What the actor may see of one record: hidden fields removed, phone/email masked per role — in
 * lists only, or everywhere unless the actor owns the record.
 */
export function projectRecord<T extends Record<string, unknown>>(actor: Actor, recordType: RecordType, record: T, context: 'list' | 'detail'): T {
  const perms = actor.perms;
  if (perms.admin) return record;
  const hidden = perms.fields.get(recordType);
  const masks = perms.masks.get(recordType);
  if (!hidden && !masks) return record;
  const out: Record<string, unknown> = { ...record };
  const custom = out.custom && typeof out.custom === 'object' ? { ...(out.custom as Record<string, unknown>) } : undefined;
  for (const [field, access] of hidden ?? []) {
    if (access !== 'hidden') continue;
    if (field.startsWith('custom.') && custom) delete custom[field.slice(7)];
    else delete out[field];
  }
  const owns = out.ownerId === actor.userId;
  for (const [field, mode] of masks ?? []) {
    if (mode === 'list' && context !== 'list') continue;
    if (mode === 'always' && owns && context !== 'list') continue;
    const target = field.startsWith('custom.') ? custom : out;
    const key = field.startsWith('custom.') ? field.slice(7) : field;
    if (!target || typeof target[key] !== 'string') continue;
    target[key] = maskValue(/mail/i.test(key) ? 'email' : 'phone', target[key] as string);
  }
  if (custom) out.custom = custom;
  return out as T;
}

/** Refuses a change that touches a field the actor may only read (or not see), naming the field. */
export function assertWritableFields(actor: Actor, recordType: RecordType, input: Record<string, unknown>): void {
  const keys = Object.keys(input).flatMap((k) =>
    k === 'custom' && input.custom && typeof input.custom === 'object' ? Object.keys(input.custom).map((c) => `custom.${c}`) : [k],
  );
  const blocked = keys.filter((k) => fieldAccess(actor.perms, recordType, k) !== 'editable');
  if (blocked.length) {
    throw forbidden(`no permission to change ${blocked.join(', ')}`, { fields: blocked.map((field) => ({ field, message: 'read-only for your role' })) });
  }
}
