import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { conflict, forbidden, notFound } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { assertWritableFields } from '../../platform/permissions/recordAccess.ts';
import type { NewOwnership } from '../../platform/records/batch.ts';
import { loadCustomFieldDefs } from '../../platform/records/customFields.ts';
import { findDuplicates } from '../dedupe/service.ts';
import { assertActiveUser } from '../customers/persist.ts';
import { customers as c } from '../customers/schema.ts';
import { batchContext, duplicateError, singleRowError } from '../customers/writes.ts';
import { createContactBatch } from './create.ts';
import type { CreateContactInput, UpdateContactInput } from './input.ts';
import { applyContactUpdate, lockWritableContact, reloadContact } from './persist.ts';
import { contacts as k } from './schema.ts';
import { contactSelect, present, reachable, type ContactDto, type ContactSelected } from './service.ts';

/** POST /contacts: one row through createContacts; 查重 matches are a 409 unless the policy is 'create'. */
export async function createContact(db: Db, actor: Actor, src: AuditSource, input: CreateContactInput): Promise<{ contact: ContactDto; assignments: NewOwnership[] }> {
  const { duplicatePolicy = 'reject', ...row } = input;
  assertWritableFields(actor, 'contact', row);
  const done = await inTransaction(db, async (tx) => {
    const res = await createContactBatch(tx, batchContext(actor, src, duplicatePolicy), [row]);
    const outcome = res.outcomes[0]!;
    if (outcome.status !== 'created') throw singleRowError(actor, res);
    return { created: await reloadContact(tx, outcome.id!), assignments: res.assignments };
  }, actor.tenantId);
  return { contact: present(actor, done.created, 'detail'), assignments: done.assignments };
}

export async function updateContact(db: Db, actor: Actor, src: AuditSource, id: string, input: UpdateContactInput): Promise<ContactDto> {
  const { confirmDuplicate, ...change } = input;
  const row = await inTransaction(db, async (tx) => {
    const before = await lockWritableContact(tx, actor, id, 'edit');
    assertWritableFields(actor, 'contact', change);
    const changed = (key: 'mobile' | 'phone' | 'email') => change[key] !== undefined && change[key] !== '' && change[key] !== null && change[key] !== before[key];
    if (!confirmDuplicate && (changed('mobile') || changed('phone') || changed('email'))) {
      const probe = { mobile: changed('mobile') ? change.mobile : null, phone: changed('phone') ? change.phone : null, email: changed('email') ? change.email : null };
      const [found = []] = await findDuplicates(tx, actor.tenantId, [probe], { recordTypes: ['contact'], excludeIds: [id], viewer: actor });
      if (found.length) throw duplicateError(actor, found[0]!.matchedOn.includes('email') && !probe.mobile && !probe.phone ? 'email' : 'mobile', found, 'matches an existing contact');
    }
    const defs = await loadCustomFieldDefs(tx, actor.tenantId, 'contact');
    return applyContactUpdate(tx, actor, src, actor.tenantId, before, change, defs);
  }, actor.tenantId);
  return present(actor, row, 'detail');
}

/** Soft delete into the recycle bin. */
export async function deleteContact(db: Db, actor: Actor, src: AuditSource, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await lockWritableContact(tx, actor, id, 'delete');
    await tx.update(k).set({ deletedAt: new Date(), deletedBy: actor.userId, updatedAt: new Date() }).where(eq(k.id, id));
    await recordAudit(tx, src, { action: 'delete', recordType: 'contact', recordId: id, data: { name: before.name, number: before.number } });
  }, actor.tenantId);
}

export async function transferContact(db: Db, actor: Actor, src: AuditSource, id: string, ownerId: string, reason?: string): Promise<ContactDto> {
  const row = await inTransaction(db, async (tx) => {
    const before = await lockWritableContact(tx, actor, id, 'transfer');
    await assertActiveUser(tx, actor.tenantId, ownerId, 'ownerId');
    if (before.ownerId === ownerId) return before;
    await tx.update(k).set({ ownerId, updatedAt: new Date() }).where(eq(k.id, id));
    await recordAudit(tx, src, { action: 'ownerChange', recordType: 'contact', recordId: id, before: { ownerId: before.ownerId }, after: { ownerId }, ...(reason ? { data: { reason } } : {}) });
    return reloadContact(tx, id);
  }, actor.tenantId);
  return present(actor, row, 'detail');
}

/** Restores a locked, deleted contact, or throws naming why not (its customer is deleted). */
export async function restoreLockedContact(tx: Db, src: AuditSource, before: Pick<ContactSelected, 'id' | 'name' | 'number' | 'customerId' | 'isPrimary'>): Promise<void> {
  let isPrimary = before.isPrimary;
  if (before.customerId) {
    const [customer] = await tx.select({ deletedAt: c.deletedAt }).from(c).where(eq(c.id, before.customerId));
    if (!customer || customer.deletedAt) throw conflict('CUSTOMER_DELETED', 'its customer is in the recycle bin: restore the customer first', { field: 'customerId' });
    const other = isPrimary ? await tx.select({ id: k.id }).from(k).where(and(eq(k.customerId, before.customerId), eq(k.isPrimary, true), isNull(k.deletedAt))).limit(1) : [];
    if (other.length) isPrimary = false;
  }
  await tx.update(k).set({ deletedAt: null, deletedBy: null, isPrimary, updatedAt: new Date() }).where(eq(k.id, before.id));
  await recordAudit(tx, src, { action: 'restore', recordType: 'contact', recordId: before.id, data: { name: before.name, number: before.number } });
}

/**
 * Back from the recycle bin. Its customer must still be live (restore the customer first); if the
 * customer has meanwhile got another primary contact, this one comes back as an ordinary contact.
 */
export async function restoreContact(db: Db, actor: Actor, src: AuditSource, id: string): Promise<ContactDto> {
  if (!can(actor.perms, 'contact', 'delete')) throw forbidden('no permission to restore contacts');
  const row = await inTransaction(db, async (tx) => {
    const [found] = await tx.select(contactSelect).from(k).where(and(eq(k.id, id), isNotNull(k.deletedAt), reachable(actor, 'delete'))).for('update', { of: k });
    if (!found) {
      const [seen] = await tx.select({ deletedAt: k.deletedAt }).from(k).where(and(eq(k.id, id), reachable(actor, 'view')));
      if (!seen) throw notFound('contact');
      if (!seen.deletedAt) throw conflict('NOT_DELETED', 'this contact is not in the recycle bin');
      throw forbidden('no permission to restore this contact');
    }
    await restoreLockedContact(tx, src, found as ContactSelected);
    return reloadContact(tx, id);
  }, actor.tenantId);
  return present(actor, row, 'detail');
}
