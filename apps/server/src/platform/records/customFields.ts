import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/client.ts';
import { rows } from '../db/query.ts';
import { customFields } from '../db/schema.ts';
import { AppError, conflict } from '../http/errors.ts';
import { buildCatalog, type RecordCatalog } from './catalog.ts';
import { validateCustomValues, type CustomFieldDef, type FieldIssue } from './customValues.ts';
import type { RecordTypeDef } from './registry.ts';

export type CustomFieldRow = typeof customFields.$inferSelect;

/** The tenant's custom-field definitions of one record type, in display order. */
export async function loadCustomFieldDefs(db: Db, tenantId: string, recordType: string): Promise<CustomFieldRow[]> {
  return db
    .select()
    .from(customFields)
    .where(and(eq(customFields.tenantId, tenantId), eq(customFields.recordType, recordType)))
    .orderBy(asc(customFields.sort), asc(customFields.createdAt));
}

/** Standard + custom fields of a record type as this actor may see them (one small query). */
export async function loadCatalog(db: Db, actor: Actor, def: RecordTypeDef): Promise<RecordCatalog> {
  return buildCatalog(actor, def, await loadCustomFieldDefs(db, actor.tenantId, def.recordType));
}

export const validationFailed = (issues: FieldIssue[]) =>
  new AppError(400, 'VALIDATION_FAILED', issues.map((i) => `${i.field}: ${i.message}`).join('; '), { fields: issues });

const inList = (ids: string[]) => sql.join(ids.map((id) => sql`${id}`), sql`, `);

async function missing(db: Db, table: 'users' | 'departments' | 'files', tenantId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const found = await rows<{ id: string }>(db, sql`SELECT id::text AS id FROM ${sql.identifier(table)} WHERE tenant_id = ${tenantId} AND id IN (${inList([...new Set(ids)])})`);
  const have = new Set(found.map((r) => r.id));
  return new Set(ids.filter((id) => !have.has(id)));
}

/**
 * Validates a record's custom values (types, options, required, references, uniqueness) and returns
 * them normalised (null = remove the key). Call inside the write transaction: uniqueness takes a
 * transaction-scoped advisory lock per value so two concurrent writes cannot both pass the check.
 */
export async function checkCustomInput(
  db: Db,
  tenantId: string,
  def: RecordTypeDef,
  defs: CustomFieldDef[],
  input: unknown,
  mode: 'create' | 'update',
  recordId?: string,
): Promise<Record<string, unknown>> {
  const check = validateCustomValues(defs, input, mode);
  if (check.issues.length) throw validationFailed(check.issues);
  const issues: FieldIssue[] = [];
  const byKey = (type: string) => Object.entries(check.values).filter(([k]) => defs.find((d) => d.key === k)?.type === type);
  const refIssues = async (type: 'user' | 'department' | 'attachment', table: 'users' | 'departments' | 'files', ids: string[]) => {
    const absent = await missing(db, table, tenantId, ids);
    if (!absent.size) return;
    for (const [k, v] of byKey(type)) {
      const vals = Array.isArray(v) ? v : [v];
      if (vals.some((x) => absent.has(x as string))) issues.push({ field: `custom.${k}`, message: `refers to a ${type === 'attachment' ? 'file' : type} that does not exist` });
    }
  };
  await refIssues('user', 'users', check.refs.users);
  await refIssues('department', 'departments', check.refs.departments);
  await refIssues('attachment', 'files', check.refs.files);
  if (issues.length) throw validationFailed(issues);
  for (const { def: f, value } of check.unique) {
    const json = JSON.stringify(value);
    await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`${tenantId}:${def.recordType}:${f.key}:${json}`}))`);
    const dup = await rows(db, sql`SELECT 1 AS x FROM ${def.table} WHERE ${def.table.tenantId} = ${tenantId} AND ${def.table.deletedAt} IS NULL
      AND ${def.table.custom}->${f.key} = ${json}::jsonb ${recordId ? sql`AND ${def.table.id} <> ${recordId}` : sql``} LIMIT 1`);
    if (dup.length) throw conflict('DUPLICATE', `${f.label} must be unique: another record has this value`, { field: `custom.${f.key}`, fields: [{ field: `custom.${f.key}`, message: 'already used by another record' }] });
  }
  return check.values;
}

/** How many live records have a value for each custom key — one pass over the tenant's records. */
export async function customValueCounts(db: Db, tenantId: string, def: RecordTypeDef): Promise<Map<string, number>> {
  const t = def.table;
  const result = await rows<{ key: string; n: number }>(db, sql`SELECT k.key, count(*)::int AS n
    FROM ${t}, jsonb_object_keys(${t.custom}) AS k(key)
    WHERE ${t.tenantId} = ${tenantId} AND ${t.deletedAt} IS NULL GROUP BY k.key`);
  return new Map(result.map((r) => [r.key, Number(r.n)]));
}

/** True when two live records share a value of `key` (blocks turning on "unique"). */
export async function hasDuplicateValues(db: Db, tenantId: string, def: RecordTypeDef, key: string): Promise<boolean> {
  const t = def.table;
  const v: SQL = sql`${t.custom}->${key}`;
  const r = await rows(db, sql`SELECT 1 AS x FROM ${t} WHERE ${t.tenantId} = ${tenantId} AND ${t.deletedAt} IS NULL AND ${v} IS NOT NULL
    GROUP BY ${v} HAVING count(*) > 1 LIMIT 1`);
  return r.length > 0;
}

/** Removes a deleted field's values from every record of the tenant, so they cannot resurface. */
export async function purgeCustomValues(db: Db, tenantId: string, def: RecordTypeDef, key: string): Promise<void> {
  const t = def.table;
  await db.execute(sql`UPDATE ${t} SET custom = ${t.custom} - ${key} WHERE ${t.tenantId} = ${tenantId} AND ${t.custom} ? ${key}`);
}
