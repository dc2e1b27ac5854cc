// What the merge dialog shows: both records side by side, field by field, as the actor may see
// them (hidden fields left out, masked values masked), with the default choice and what moves.
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { one, rows } from '../../platform/db/query.ts';
import { can, fieldAccess } from '../../platform/permissions/effective.ts';
import { projectRecord } from '../../platform/permissions/recordAccess.ts';
import { loadCustomFieldDefs } from '../../platform/records/customFields.ts';
import { findRecordType } from '../../platform/records/registry.ts';
import { loadPair, type StoredRow } from './mergeAccess.ts';
import { isEmptyValue, MERGE_SPECS, sameValue, unionTags, type Choice } from './mergeFields.ts';
import { resolveChoices } from './merge.ts';
import type { DedupeRecordType } from './service.ts';

export interface MergeFieldPreview {
  key: string;
  label: string;
  labelEn: string;
  survivor: unknown;
  merged: unknown;
  /** display text for references (owner, customer) */
  survivorText?: string | null;
  mergedText?: string | null;
  same: boolean;
  /** the actor may pick the merged record's value */
  choosable: boolean;
  default: Choice;
}

export interface MergePreview {
  recordType: DedupeRecordType;
  survivor: { id: string; title: string | null; number: string | null; ownerName: string | null };
  merged: { id: string; title: string | null; number: string | null; ownerName: string | null };
  fields: MergeFieldPreview[];
  tags: string[];
  /** what the survivor takes over, by kind (contacts, files, shares, history entries …) */
  related: Record<string, number>;
}

const api = (v: unknown) => (v instanceof Date ? v.toISOString() : v === undefined ? null : v);

/** Stored row → API-shaped object for projectRecord: choosable fields + custom + ownerId. */
function apiShape(recordType: DedupeRecordType, r: StoredRow): Record<string, unknown> {
  const out: Record<string, unknown> = { id: r.id, number: r.number ?? null, ownerId: r.ownerId, custom: r.custom ?? {} };
  for (const key of Object.keys(MERGE_SPECS[recordType].fields)) out[key] = api(r[key]);
  if (recordType === 'lead' && typeof out.budget === 'string') out.budget = Number(out.budget);
  return out;
}

async function names(db: Db, tenantId: string, table: 'users' | 'customers', ids: unknown[]): Promise<Map<string, string>> {
  const list = [...new Set(ids.filter((x): x is string => typeof x === 'string'))];
  if (!list.length) return new Map();
  const found = await rows<{ id: string; name: string }>(db, sql`SELECT id::text AS id, name FROM ${sql.identifier(table)} WHERE tenant_id = ${tenantId} AND id = ANY(${sql.param(list)}::uuid[])`);
  return new Map(found.map((r) => [r.id, r.name]));
}

async function relatedCounts(db: Db, tenantId: string, recordType: DedupeRecordType, id: string): Promise<Record<string, number>> {
  const n = async (q: ReturnType<typeof sql>) => (await one<{ n: number }>(db, sql`SELECT (${q})::int AS n`))?.n ?? 0;
  const out: Record<string, number> = {};
  for (const ref of MERGE_SPECS[recordType].references) {
    out[ref.table === 'contacts' ? 'contacts' : 'leads'] = await n(sql`SELECT count(*) FROM ${sql.identifier(ref.table)} WHERE tenant_id = ${tenantId} AND ${sql.identifier(ref.column)} = ${id} AND deleted_at IS NULL`);
  }
  out.files = await n(sql`SELECT count(*) FROM files WHERE tenant_id = ${tenantId} AND record_type = ${recordType} AND record_id = ${id}`);
  out.shares = await n(sql`SELECT count(*) FROM record_shares WHERE tenant_id = ${tenantId} AND record_type = ${recordType} AND record_id = ${id}`);
  out.history = await n(sql`SELECT count(*) FROM audit_logs WHERE tenant_id = ${tenantId} AND record_type = ${recordType} AND record_id = ${id}::text`);
  return out;
}

export async function mergePreview(db: Db, actor: Actor, recordType: DedupeRecordType, survivorId: string, mergedId: string): Promise<MergePreview> {
  const pair = await loadPair(db, actor, recordType, survivorId, mergedId, false);
  const defs = await loadCustomFieldDefs(db, actor.tenantId, recordType);
  const defaults = resolveChoices(actor, recordType, pair, defs.map((d) => d.key), {});
  const [s, m] = [pair.survivor, pair.merged].map((r) => projectRecord(actor, recordType, apiShape(recordType, r), 'detail'));
  const users = await names(db, actor.tenantId, 'users', [pair.survivor.ownerId, pair.merged.ownerId]);
  const custs = recordType === 'contact' ? await names(db, actor.tenantId, 'customers', [pair.survivor.customerId, pair.merged.customerId]) : new Map<string, string>();
  const standard = new Map((findRecordType(recordType)?.standardFields ?? []).map((f) => [f.key, f]));
  const fields: MergeFieldPreview[] = [];
  const add = (key: string, label: string, labelEn: string, a: unknown, b: unknown, refs?: Map<string, string>) => {
    const choosable = fieldAccess(actor.perms, recordType, key) === 'editable' && (key !== 'ownerId' || can(actor.perms, recordType, 'transfer'));
    const text = refs ? { survivorText: refs.get(a as string) ?? null, mergedText: refs.get(b as string) ?? null } : {};
    fields.push({ key, label, labelEn, survivor: a ?? null, merged: b ?? null, ...text, same: sameValue(a, b), choosable, default: defaults[key] ?? 'survivor' });
  };
  for (const key of Object.keys(MERGE_SPECS[recordType].fields)) {
    if (!(key in s)) continue; // hidden for this role
    const def = standard.get(key);
    add(key, def?.label ?? key, def?.labelEn ?? key, s[key], m[key], key === 'ownerId' ? users : key === 'customerId' ? custs : undefined);
  }
  const [sc, mc] = [s.custom, m.custom] as Record<string, unknown>[];
  for (const d of defs) {
    if (fieldAccess(actor.perms, recordType, `custom.${d.key}`) === 'hidden') continue;
    if (isEmptyValue(sc?.[d.key]) && isEmptyValue(mc?.[d.key])) continue;
    add(`custom.${d.key}`, d.label, d.labelEn ?? d.label, sc?.[d.key], mc?.[d.key]);
  }
  const head = (r: StoredRow, shown: Record<string, unknown>) => ({
    id: r.id, title: (shown.name as string | undefined) ?? null, number: (shown.number as string | null | undefined) ?? null,
    ownerName: 'ownerId' in shown && r.ownerId ? (users.get(r.ownerId) ?? null) : null,
  });
  return {
    recordType, survivor: head(pair.survivor, s), merged: head(pair.merged, m), fields,
    tags: fieldAccess(actor.perms, recordType, 'tags') === 'hidden' ? [] : unionTags(pair.survivor.tags, pair.merged.tags),
    related: await relatedCounts(db, actor.tenantId, recordType, mergedId),
  };
}
