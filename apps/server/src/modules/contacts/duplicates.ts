import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { AppError } from '../../platform/http/errors.ts';
import type { BatchContext, RowOutcome } from '../../platform/records/batch.ts';
import type { CustomFieldRow } from '../../platform/records/customFields.ts';
import { findDuplicates, type DuplicateMatch } from '../dedupe/service.ts';
import { issuesOf, rejected } from '../customers/batchRows.ts';
import { toRowDuplicate, type RowPlan } from '../customers/duplicates.ts';
import type { PlacedContact } from './create.ts';
import { applyContactUpdate } from './persist.ts';
import { contacts as k } from './schema.ts';
import { contactSelect, reachable, type ContactSelected } from './service.ts';

/** Contacts are the same person by mobile, phone or email; two people called 张伟 are not duplicates. */
const samePerson = (m: DuplicateMatch) => m.recordType === 'contact' && m.matchedOn.some((key) => key === 'mobile' || key === 'phone' || key === 'email');
const fieldOf = (m: DuplicateMatch) => (m.matchedOn.includes('email') && !m.matchedOn.some((key) => key === 'mobile' || key === 'phone') ? 'email' : 'mobile');

/** Per duplicate policy: create, update the matched contact, skip or reject (see customers/duplicates.ts). */
export async function planContactDuplicates(tx: Db, ctx: BatchContext, rows: PlacedContact[], outcomes: RowOutcome[], matches: Map<number, DuplicateMatch[]>): Promise<Map<number, RowPlan>> {
  const plans = new Map<number, RowPlan>();
  const policy = ctx.duplicatePolicy;
  const probed = policy === 'create' ? [] : rows.filter((r) => r.value.mobile || r.value.phone || r.value.email);
  const found = probed.length
    ? await findDuplicates(tx, ctx.tenantId, probed.map((r) => ({ name: r.value.name, mobile: r.value.mobile || null, phone: r.value.phone || null, email: r.value.email || null })), { recordTypes: ['contact'] })
    : [];
  const byIndex = new Map(probed.map((r, i) => [r.index, (found[i] ?? []).filter(samePerson)]));
  for (const row of rows) {
    const same = byIndex.get(row.index) ?? [];
    if (!same.length) { plans.set(row.index, { kind: 'create' }); continue; }
    matches.set(row.index, same);
    const duplicates = same.map(toRowDuplicate);
    if (policy === 'update') { plans.set(row.index, { kind: 'update', targetId: same[0]!.id }); continue; }
    plans.set(row.index, { kind: 'done' });
    if (policy === 'skip') outcomes.push({ index: row.index, status: 'skipped', duplicates });
    else outcomes.push(rejected(row.index, [{ field: fieldOf(same[0]!), message: 'matches an existing contact' }], { duplicates }));
  }
  return plans;
}

/** 'update' policy: the matched contact takes the row's values (not its customer or owner), if the actor may edit it. */
export async function updateMatchedContact(tx: Db, ctx: BatchContext, defs: CustomFieldRow[], row: PlacedContact, targetId: string, found: DuplicateMatch[], failures: Map<number, AppError>): Promise<RowOutcome> {
  const duplicates = found.map(toRowDuplicate);
  const scope = ctx.actor ? reachable(ctx.actor, 'edit') : eq(k.tenantId, ctx.tenantId);
  const [target] = await tx.select(contactSelect).from(k).where(and(eq(k.id, targetId), isNull(k.deletedAt), scope)).for('update', { of: k });
  if (!target) return rejected(row.index, [{ field: 'mobile', message: 'matches a contact you may not edit' }], { duplicates });
  const { ownerId: _o, customerId: _c, custom, ...fields } = row.value;
  try {
    await applyContactUpdate(tx, ctx.actor, ctx.src, ctx.tenantId, target as ContactSelected, { ...fields, ...(custom && Object.keys(custom).length ? { custom } : {}) }, defs);
  } catch (err) {
    const errors = issuesOf(err);
    failures.set(row.index, err as AppError);
    return rejected(row.index, errors, { duplicates });
  }
  return { index: row.index, status: 'updated', id: targetId, duplicates };
}
