// Merging two duplicates (合并): the survivor takes the chosen values and everything attached to
// the merged record; the merged record is soft-deleted and linked under the survivor, so the
// survivor's timeline shows both histories. One transaction: all of it happens, or none.
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { fieldError, forbidden } from '../../platform/http/errors.ts';
import { can, fieldAccess } from '../../platform/permissions/effective.ts';
import { loadCustomFieldDefs } from '../../platform/records/customFields.ts';
import { linkRecords } from '../../platform/records/links.ts';
import { loadPair, type StoredRow } from './mergeAccess.ts';
import { defaultChoice, later, MERGE_SPECS, sameValue, unionTags, type Choice } from './mergeFields.ts';
import { dedupeKeys, type DedupeRecordType } from './service.ts';

export interface MergeInput {
  recordType: DedupeRecordType;
  survivorId: string;
  mergedId: string;
  /** field (or custom.<key>) → whose value the survivor keeps; unlisted: survivor's, or merged's when the survivor's is empty */
  choices: Record<string, Choice>;
}

export interface MergeResult {
  survivorId: string;
  mergedId: string;
  /** what moved from the merged record to the survivor, by kind */
  moved: Record<string, number>;
}

/** The choice for every field the merge decides, validated against the actor's field rights. */
export function resolveChoices(actor: Actor, recordType: DedupeRecordType, pair: { survivor: StoredRow; merged: StoredRow }, customKeys: string[], choices: Record<string, Choice>): Record<string, Choice> {
  const spec = MERGE_SPECS[recordType];
  const known = new Set([...Object.keys(spec.fields), ...customKeys.map((k) => `custom.${k}`)]);
  for (const key of Object.keys(choices)) if (!known.has(key)) throw fieldError(`choices.${key}`, 'not a field that can be merged');
  const valueOf = (row: StoredRow, key: string) => (key.startsWith('custom.') ? row.custom?.[key.slice(7)] : row[key]);
  const out: Record<string, Choice> = {};
  for (const key of known) {
    const [a, b] = [valueOf(pair.survivor, key), valueOf(pair.merged, key)];
    const editable = fieldAccess(actor.perms, recordType, key) === 'editable';
    const asked = choices[key];
    if (asked === 'merged' && !sameValue(a, b)) {
      if (!editable) throw forbidden(`no permission to change ${key}`, { fields: [{ field: key, message: 'read-only for your role' }] });
      if (key === 'ownerId' && !can(actor.perms, recordType, 'transfer')) throw forbidden(`no permission to transfer ${recordType}`, { fields: [{ field: key, message: 'needs transfer permission' }] });
    }
    const fallback = editable && (key !== 'ownerId' || can(actor.perms, recordType, 'transfer')) ? defaultChoice(a, b) : 'survivor';
    out[key] = asked ?? fallback;
  }
  return out;
}

/** The survivor's new column values: chosen fields, tags of both, latest activity, fresh dedupe keys. */
function survivorUpdate(recordType: DedupeRecordType, s: StoredRow, m: StoredRow, choice: Record<string, Choice>): Record<string, unknown> {
  const spec = MERGE_SPECS[recordType];
  const set: Record<string, unknown> = { tags: unionTags(s.tags, m.tags), custom: { ...s.custom }, updatedAt: new Date() };
  for (const [field, cols] of Object.entries(spec.fields)) if (choice[field] === 'merged') for (const c of cols) set[c] = m[c];
  for (const [key, pick] of Object.entries(choice)) {
    if (!key.startsWith('custom.') || pick !== 'merged') continue;
    const k = key.slice(7);
    if (m.custom?.[k] === undefined) delete (set.custom as Record<string, unknown>)[k];
    else (set.custom as Record<string, unknown>)[k] = m.custom[k];
  }
  for (const [ts, ...rest] of spec.latest) if (later(s[ts] as Date | null, m[ts] as Date | null) === 'merged') for (const c of [ts, ...rest]) set[c] = m[c];
  for (const ts of spec.earliest) if (m[ts] && (!s[ts] || (m[ts] as Date) < (s[ts] as Date))) set[ts] = m[ts];
  const v = { ...s, ...set };
  const k = dedupeKeys(recordType === 'customer' ? { phone: v.phone, email: v.email, company: v.name } : { mobile: v.mobile, phone: v.phone, email: v.email, company: v.company });
  if (recordType === 'customer') Object.assign(set, { phoneNorm: k.mobileNorm, emailNorm: k.emailNorm, nameNorm: k.companyNorm });
  else Object.assign(set, { mobileNorm: k.mobileNorm, emailNorm: k.emailNorm, ...(recordType === 'lead' ? { companyNorm: k.companyNorm } : {}) });
  return set;
}

/** The audited state: the choosable fields, tags and custom values, as the API names them. */
function snapshot(recordType: DedupeRecordType, r: StoredRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(MERGE_SPECS[recordType].fields)) out[key] = r[key] instanceof Date ? (r[key] as Date).toISOString() : (r[key] ?? null);
  return { ...out, tags: r.tags ?? [], custom: r.custom ?? {} };
}

const count = async (tx: Db, q: ReturnType<typeof sql>) => (await rows<{ n: number }>(tx, sql`WITH moved AS (${q} RETURNING 1) SELECT count(*)::int AS n FROM moved`))[0]?.n ?? 0;

/** Everything that hangs off the merged record moves to the survivor. */
async function moveRelated(tx: Db, tenantId: string, recordType: DedupeRecordType, survivorId: string, mergedId: string): Promise<Record<string, number>> {
  const moved: Record<string, number> = {};
  for (const ref of MERGE_SPECS[recordType].references) {
    moved[`${ref.table}.${ref.column}`] = await count(tx, sql`UPDATE ${sql.identifier(ref.table)} SET ${sql.identifier(ref.column)} = ${survivorId}
      WHERE tenant_id = ${tenantId} AND ${sql.identifier(ref.column)} = ${mergedId}`);
  }
  moved.files = await count(tx, sql`UPDATE files SET record_id = ${survivorId} WHERE tenant_id = ${tenantId} AND record_type = ${recordType} AND record_id = ${mergedId}`);
  // a colleague shared on both keeps the wider access and the later expiry
  moved.shares = await count(tx, sql`INSERT INTO record_shares (tenant_id, record_type, record_id, user_id, access, expires_at, created_by)
    SELECT tenant_id, record_type, ${survivorId}::uuid, user_id, access, expires_at, created_by FROM record_shares
     WHERE tenant_id = ${tenantId} AND record_type = ${recordType} AND record_id = ${mergedId}
    ON CONFLICT (tenant_id, record_type, record_id, user_id) DO UPDATE SET
      access = CASE WHEN record_shares.access = 'write' OR excluded.access = 'write' THEN 'write' ELSE 'read' END,
      expires_at = CASE WHEN record_shares.expires_at IS NULL OR excluded.expires_at IS NULL THEN NULL
                        ELSE greatest(record_shares.expires_at, excluded.expires_at) END`);
  await tx.execute(sql`DELETE FROM record_shares WHERE tenant_id = ${tenantId} AND record_type = ${recordType} AND record_id = ${mergedId}`);
  // records linked under the merged one (the lead a merged customer was converted from) now sit under the survivor
  moved.links = await count(tx, sql`INSERT INTO record_links (tenant_id, record_type, record_id, linked_type, linked_id, reason, created_by, created_at)
    SELECT tenant_id, record_type, ${survivorId}::uuid, linked_type, linked_id, reason, created_by, created_at FROM record_links
     WHERE tenant_id = ${tenantId} AND record_type = ${recordType} AND record_id = ${mergedId}
       AND NOT (linked_type = ${recordType} AND linked_id = ${survivorId}::uuid)
    ON CONFLICT DO NOTHING`);
  await tx.execute(sql`DELETE FROM record_links WHERE tenant_id = ${tenantId} AND record_type = ${recordType} AND record_id = ${mergedId}`);
  return moved;
}

export async function mergeRecords(db: Db, actor: Actor, src: AuditSource, input: MergeInput): Promise<MergeResult> {
  const { recordType, survivorId, mergedId } = input;
  const t = MERGE_SPECS[recordType].table;
  return inTransaction(db, async (tx) => {
    const pair = await loadPair(tx, actor, recordType, survivorId, mergedId, true);
    const defs = await loadCustomFieldDefs(tx, actor.tenantId, recordType);
    const choices = resolveChoices(actor, recordType, pair, defs.map((d) => d.key), input.choices);
    const now = new Date();
    // the merged record goes first: a customer's unique name may be the one the survivor takes
    await tx.update(t).set({ deletedAt: now, deletedBy: actor.userId, updatedAt: now }).where(eq(t.id, mergedId));
    await tx.update(t).set(survivorUpdate(recordType, pair.survivor, pair.merged, choices)).where(eq(t.id, survivorId));
    const moved = await moveRelated(tx, actor.tenantId, recordType, survivorId, mergedId);
    await linkRecords(tx, actor.tenantId, { recordType, recordId: survivorId }, { recordType, recordId: mergedId }, 'merged', actor.userId);
    const [after] = (await tx.select().from(t).where(eq(t.id, survivorId))) as unknown as StoredRow[];
    const label = (r: StoredRow) => ({ id: r.id, number: r.number ?? null, name: r.name ?? null });
    const picked = Object.fromEntries(Object.entries(choices).filter(([, c]) => c === 'merged'));
    await recordAudit(tx, src, {
      action: 'merge', recordType, recordId: survivorId, before: snapshot(recordType, pair.survivor), after: snapshot(recordType, after!),
      data: { merged: label(pair.merged), choices: picked, moved },
    });
    await recordAudit(tx, src, { action: 'merge', recordType, recordId: mergedId, data: { mergedInto: label(pair.survivor), choices: picked } });
    return { survivorId, mergedId, moved };
  }, actor.tenantId);
}
