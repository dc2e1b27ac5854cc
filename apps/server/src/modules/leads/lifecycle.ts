// A lead's life after creation: owner changes, status changes, the recycle bin.
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { conflict, forbidden, notFound } from '../../platform/http/errors.ts';
import { visibleRecords, writableRecords } from '../../platform/permissions/recordAccess.ts';
import type { NewOwnership } from '../../platform/records/batch.ts';
import { leads as l, type LeadStatus } from './schema.ts';
import { deletedLeadSelect, present, reloadLead, type LeadDto, type LeadSelected } from './service.ts';
import { assertActiveUser, assertNotConverted, lockWritable } from './writes.ts';

const titleOf = (r: Pick<LeadSelected, 'name' | 'company'>) => (r.company ? `${r.name} · ${r.company}` : r.name);

/** The columns of giving a lead to someone: they own it from now, the previous owner is kept. */
export function ownerChange(before: Pick<LeadSelected, 'ownerId'>, ownerId: string, now: Date) {
  return { ownerId, previousOwnerId: before.ownerId, ownerSince: now, assignedAt: now, assignmentRuleId: null, poolId: null, poolEnteredAt: null, updatedAt: now };
}

/** PATCH /leads/:id/owner. Returns the lead and, when it went to someone else, what to announce. */
export async function transferLead(db: Db, actor: Actor, src: AuditSource, id: string, ownerId: string, reason?: string): Promise<{ lead: LeadDto; announce: NewOwnership[] }> {
  const { row, moved } = await inTransaction(db, async (tx) => {
    const before = await lockWritable(tx, actor, id, 'transfer');
    assertNotConverted(actor, before);
    await assertActiveUser(tx, actor.tenantId, ownerId, 'ownerId');
    if (before.ownerId === ownerId) return { row: before, moved: false };
    await tx.update(l).set(ownerChange(before, ownerId, new Date())).where(eq(l.id, id));
    await recordAudit(tx, src, { action: 'ownerChange', recordType: 'lead', recordId: id, before: { ownerId: before.ownerId }, after: { ownerId }, data: reason ? { reason } : {} });
    return { row: await reloadLead(tx, id), moved: true };
  }, actor.tenantId);
  const announce: NewOwnership[] = moved && ownerId !== actor.userId ? [{ recordType: 'lead', recordId: id, ownerId, title: titleOf(row) }] : [];
  return { lead: present(actor, row, 'detail'), announce };
}

/** The columns of a status change; the first move past "new" is the first contact. */
export function statusChange(before: Pick<LeadSelected, 'firstContactedAt'>, status: Exclude<LeadStatus, 'converted'>, reason: string | undefined, now: Date) {
  const contacted = (status === 'contacting' || status === 'qualified') && !before.firstContactedAt;
  return { status, invalidReason: status === 'invalid' ? (reason ?? null) : null, ...(contacted ? { firstContactedAt: now } : {}), updatedAt: now };
}

/** POST /leads/:id/status: new / contacting / qualified / invalid (with a reason); converting has its own path. */
export async function changeStatus(tx: Db, actor: Actor, src: AuditSource, before: LeadSelected, status: Exclude<LeadStatus, 'converted'>, reason?: string): Promise<void> {
  if (before.status === 'converted') throw conflict('LEAD_CONVERTED', 'a converted lead keeps its status', { field: 'status' });
  if (before.status === status && (status !== 'invalid' || before.invalidReason === reason)) return;
  const set = statusChange(before, status, reason, new Date());
  await tx.update(l).set(set).where(eq(l.id, before.id));
  await recordAudit(tx, src, {
    action: 'statusChange', recordType: 'lead', recordId: before.id,
    before: { status: before.status, invalidReason: before.invalidReason }, after: { status, invalidReason: set.invalidReason },
    data: reason ? { reason } : {},
  });
}

export async function setLeadStatus(db: Db, actor: Actor, src: AuditSource, id: string, status: Exclude<LeadStatus, 'converted'>, reason?: string): Promise<LeadDto> {
  const row = await inTransaction(db, async (tx) => {
    const before = await lockWritable(tx, actor, id, 'edit');
    await changeStatus(tx, actor, src, before, status, reason);
    return reloadLead(tx, id);
  }, actor.tenantId);
  return present(actor, row, 'detail');
}

/** Soft delete: the lead moves to the recycle bin, with who and when. */
export async function softDelete(tx: Db, src: AuditSource, lead: Pick<LeadSelected, 'id' | 'name' | 'number'>, userId: string, bulk = false): Promise<void> {
  const now = new Date();
  await tx.update(l).set({ deletedAt: now, deletedBy: userId, updatedAt: now }).where(eq(l.id, lead.id));
  await recordAudit(tx, src, { action: 'delete', recordType: 'lead', recordId: lead.id, data: { name: lead.name, number: lead.number, ...(bulk ? { bulk } : {}) } });
}

export async function deleteLead(db: Db, actor: Actor, src: AuditSource, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await lockWritable(tx, actor, id, 'delete');
    assertNotConverted(actor, before);
    await softDelete(tx, src, before, actor.userId);
  }, actor.tenantId);
}

/** A deleted lead the actor may restore (delete permission, in scope), locked; 403/404 otherwise. */
export async function lockDeleted(tx: Db, actor: Actor, id: string): Promise<LeadSelected> {
  const [row] = await tx.select(deletedLeadSelect).from(l).where(and(eq(l.id, id), isNotNull(l.deletedAt), writableRecords(actor, 'lead', l, 'delete'))).for('update', { of: l });
  if (row) return row as LeadSelected;
  const [seen] = await tx.select({ id: l.id }).from(l).where(and(eq(l.id, id), isNotNull(l.deletedAt), visibleRecords(actor, 'lead', l)));
  if (seen) throw forbidden('no permission to restore this lead');
  throw notFound('lead');
}

export async function restore(tx: Db, src: AuditSource, lead: Pick<LeadSelected, 'id' | 'name' | 'number'>, bulk = false): Promise<void> {
  await tx.update(l).set({ deletedAt: null, deletedBy: null, updatedAt: new Date() }).where(eq(l.id, lead.id));
  await recordAudit(tx, src, { action: 'restore', recordType: 'lead', recordId: lead.id, data: { name: lead.name, number: lead.number, ...(bulk ? { bulk } : {}) } });
}

export async function restoreLead(db: Db, actor: Actor, src: AuditSource, id: string): Promise<LeadDto> {
  const row = await inTransaction(db, async (tx) => {
    const before = await lockDeleted(tx, actor, id);
    await restore(tx, src, before);
    return reloadLead(tx, id);
  }, actor.tenantId);
  return present(actor, row, 'detail');
}
