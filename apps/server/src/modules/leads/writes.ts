import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { conflict, fieldError, forbidden, notFound } from '../../platform/http/errors.ts';
import { assertWritableFields, writableRecords } from '../../platform/permissions/recordAccess.ts';
import type { BatchContext } from '../../platform/records/batch.ts';
import { checkCustomInput, loadCustomFieldDefs } from '../../platform/records/customFields.ts';
import { mergeCustom } from '../../platform/records/customValues.ts';
import { dedupeKeys, findDuplicates, presentDuplicates } from '../dedupe/service.ts';
import { countsForLead } from './duplicates.ts';
import { leadType } from './fields.ts';
import type { LeadUpdateInput } from './input.ts';
import type { AcceptedRow } from './rows.ts';
import { leads as l } from './schema.ts';
import { findVisible, leadSelect, present, reloadLead, toDto, type LeadDto, type LeadSelected } from './service.ts';

/** The audited state of a lead: stored fields only (no display names, no timestamps). */
export function snapshot(r: LeadSelected): Record<string, unknown> {
  const { ownerName: _n, previousOwnerName: _p, convertedCustomerName: _c, createdAt: _ca, updatedAt: _u, id: _i, sourceDetail: _s, ownerSince: _o, ...rest } = toDto(r);
  return rest;
}

/** The lead locked for change, or 403 (visible but not writable) / 404 (not visible). */
export async function lockWritable(tx: Db, actor: Actor, id: string, action: 'edit' | 'delete' | 'transfer'): Promise<LeadSelected> {
  const [row] = await tx.select(leadSelect).from(l).where(and(eq(l.id, id), isNull(l.deletedAt), writableRecords(actor, 'lead', l, action))).for('update', { of: l });
  if (row) return row as LeadSelected;
  if (await findVisible(tx, actor, id)) throw forbidden(`no permission to ${action} this lead`);
  throw notFound('lead');
}

/** A converted lead is the customer's history now: only an administrator may still change it. */
export function assertNotConverted(actor: Actor | null, lead: Pick<LeadSelected, 'status'>): void {
  if (lead.status === 'converted' && !actor?.perms.admin) throw conflict('LEAD_CONVERTED', 'a converted lead is read-only', { field: 'status' });
}

export async function assertActiveUser(tx: Db, tenantId: string, userId: string, field: string): Promise<void> {
  const ok = await one(tx, sql`SELECT 1 AS ok FROM users WHERE tenant_id = ${tenantId} AND id = ${userId} AND status = 'active'`);
  if (!ok) throw fieldError(field, 'no such active user');
}

type FieldValues = Omit<LeadUpdateInput, 'custom' | 'confirmDuplicate'>;

/** Columns of an edit; the dedupe keys follow the merged record so 查重 keeps finding it. */
function changeColumns(before: LeadSelected, fields: FieldValues): Partial<typeof l.$inferInsert> {
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) set[k] = k === 'budget' && v !== null ? String(v) : v;
  const merged = { ...before, ...set };
  return { ...set, ...dedupeKeys(merged), updatedAt: new Date() } as Partial<typeof l.$inferInsert>;
}

/** Writes an edit with its audit entry (field diff) and returns the reloaded lead. */
async function applyChanges(tx: Db, src: AuditSource, before: LeadSelected, fields: FieldValues, custom?: Record<string, unknown>): Promise<LeadSelected> {
  const set = changeColumns(before, fields);
  if (custom) set.custom = mergeCustom(before.custom ?? {}, custom);
  await tx.update(l).set(set).where(eq(l.id, before.id));
  const after = await reloadLead(tx, before.id);
  await recordAudit(tx, src, { action: 'update', recordType: 'lead', recordId: before.id, before: snapshot(before), after: snapshot(after) });
  return after;
}

const KEY_FIELDS = ['mobile', 'phone', 'email', 'company'] as const;

export async function updateLead(db: Db, actor: Actor, src: AuditSource, id: string, input: LeadUpdateInput): Promise<LeadDto> {
  const row = await inTransaction(db, async (tx) => {
    const before = await lockWritable(tx, actor, id, 'edit');
    assertNotConverted(actor, before);
    const { confirmDuplicate, custom: customIn, ...fields } = input;
    assertWritableFields(actor, 'lead', Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && k !== 'confirmDuplicate')));
    const changed = KEY_FIELDS.filter((k) => fields[k] !== undefined && fields[k] !== null && fields[k] !== before[k]);
    if (changed.length && !confirmDuplicate) {
      const probe = Object.fromEntries(changed.map((k) => [k, fields[k]]));
      const [all] = await findDuplicates(tx, actor.tenantId, [probe], { recordTypes: ['lead', 'customer', 'contact'], excludeIds: [id], fuzzy: true, viewer: actor });
      const found = (all ?? []).filter(countsForLead);
      if (found.length) {
        const fields = [...new Set(found.flatMap((m) => m.matchedOn).map((k) => (k === 'similarName' ? 'company' : k)))].filter((f) => (changed as readonly string[]).includes(f));
        throw conflict('DUPLICATE', 'the changed values match existing records', { duplicates: presentDuplicates(actor, found), fields: (fields.length ? fields : changed).map((field) => ({ field, message: 'matches an existing record' })) });
      }
    }
    let custom: Record<string, unknown> | undefined;
    if (customIn !== undefined) {
      const defs = await loadCustomFieldDefs(tx, actor.tenantId, 'lead');
      custom = await checkCustomInput(tx, actor.tenantId, leadType, defs, customIn, 'update', id);
    }
    return applyChanges(tx, src, before, fields, custom);
  }, actor.tenantId);
  return present(actor, row, 'detail');
}

/**
 * Duplicate policy "update": a batch row's given values go onto the matching lead, if the actor
 * may edit it (anonymous capture may: it is the tenant's own form). Owner and status stay.
 */
export async function updateFromRow(tx: Db, ctx: BatchContext, leadId: string, row: AcceptedRow): Promise<{ ok: true } | { ok: false; message: string }> {
  const scope = ctx.actor ? writableRecords(ctx.actor, 'lead', l, 'edit') : eq(l.tenantId, ctx.tenantId);
  const [before] = (await tx.select(leadSelect).from(l).where(and(eq(l.id, leadId), isNull(l.deletedAt), scope)).for('update', { of: l })) as LeadSelected[];
  if (!before) return { ok: false, message: 'duplicate of a lead you may not edit' };
  if (before.status === 'converted') return { ok: false, message: 'duplicate of a converted lead' };
  const { ownerId: _o, custom: _c, status: _s, invalidReason: _r, ...given } = row.values;
  const fields = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined && v !== null)) as FieldValues;
  if (before.source) delete fields.source; // where a lead first came from stays its source
  const custom = Object.keys(row.custom.values).length ? row.custom.values : undefined;
  await applyChanges(tx, ctx.src, before, fields, custom);
  return { ok: true };
}
