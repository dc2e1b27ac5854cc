/**
 * What the trigger matcher reads, loaded in bulk for a batch of events or a schedule tick: records
 * as plain camelCase objects (the keys the filter catalog uses) and the field labels the "why not"
 * reasons print. The field catalog itself is flowFields (checkContext.ts), shared with publish.
 */
import type { Db } from '../../../platform/db/client.ts';
import { sql } from 'drizzle-orm';
import { rows } from '../../../platform/db/query.ts';
import { loadCustomFieldDefs } from '../../../platform/records/customFields.ts';
import { findRecordType } from '../../../platform/records/registry.ts';
import { flowFields, type FlowFields } from '../checkContext.ts';
import type { MatchContext } from './match.ts';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Live (not deleted) records of one type by id, shaped exactly like the runtime's
 * loadRecordSnapshot (runtime/context.ts) — standard fields through their catalog SQL, `custom` and
 * `custom.<key>` — so a trigger condition and a condition node judge the same record the same way.
 * One query per 1,000 ids: a batch of events costs one round trip per record type.
 */
export async function loadRecords(db: Db, tenantId: string, recordType: string, ids: string[]): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  const def = findRecordType(recordType);
  const wanted = [...new Set(ids.filter((id) => UUID_RE.test(id)))];
  if (!def || wanted.length === 0) return out;
  const t = def.table;
  const cols = def.standardFields.map((f) => sql`${f.sql} AS ${sql.identifier(f.key)}`);
  for (let i = 0; i < wanted.length; i += 1000) {
    const found = await rows<Record<string, unknown>>(db, sql`SELECT ${t.id}::text AS "id", ${sql.join(cols, sql`, `)}, ${t.custom} AS "$custom"
      FROM ${t} WHERE ${t.tenantId} = ${tenantId} AND ${t.id} = ANY(${`{${wanted.slice(i, i + 1000).join(',')}}`}::uuid[]) AND ${t.deletedAt} IS NULL`);
    for (const row of found) {
      const record: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) if (k !== '$custom') record[k] = v instanceof Date ? v.toISOString() : v;
      const raw = row.$custom;
      const custom = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? {})) as Record<string, unknown>;
      record.custom = custom;
      for (const [k, v] of Object.entries(custom)) record[`custom.${k}`] = v;
      out.set(String(row.id), record);
    }
  }
  return out;
}

export interface RecordTypeFields extends FlowFields {
  labels: NonNullable<MatchContext['labels']>;
}

/** Catalog (system view: every field) and labels of a record type in this tenant. */
export async function loadFields(db: Db, tenantId: string, recordType: string): Promise<RecordTypeFields> {
  const fields = await flowFields(db, tenantId, recordType);
  const labels: RecordTypeFields['labels'] = {};
  const options = (os?: { value: string; label: string }[]) => (os?.length ? Object.fromEntries(os.map((o) => [o.value, o.label])) : undefined);
  const def = findRecordType(recordType);
  if (def) {
    for (const f of def.standardFields) labels[f.key] = { label: f.label, options: options(f.options) };
    for (const c of await loadCustomFieldDefs(db, tenantId, recordType)) labels[`custom.${c.key}`] = { label: c.label, options: options(c.options as never) };
  }
  return { ...fields, labels };
}

/** Per-batch memo of loadFields. */
export function fieldsCache(db: Db, tenantId: string) {
  const memo = new Map<string, Promise<RecordTypeFields>>();
  return (recordType: string) => {
    let p = memo.get(recordType);
    if (!p) memo.set(recordType, (p = loadFields(db, tenantId, recordType)));
    return p;
  };
}

/** cached per tenant by the runtime */
export { tenantTimeZone } from '../runtime/context.ts';
