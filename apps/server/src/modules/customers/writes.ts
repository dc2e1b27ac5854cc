import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { conflict, forbidden, type AppError } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { assertWritableFields } from '../../platform/permissions/recordAccess.ts';
import type { BatchContext, NewOwnership, RowOutcome } from '../../platform/records/batch.ts';
import { loadCustomFieldDefs, validationFailed } from '../../platform/records/customFields.ts';
import { findDuplicates, presentDuplicates, type DuplicateMatch } from '../dedupe/service.ts';
import { assertOwnershipCaps } from '../publicPool/caps.ts';
import { createCustomerBatch } from './create.ts';
import { matchedField } from './duplicates.ts';
import type { CreateCustomerInput, UpdateCustomerInput } from './input.ts';
import { softDeleteCustomers } from './deletion.ts';
import { moveCustomers } from './ownership.ts';
import { applyUpdate, assertActiveUser, lockWritable, mapUniqueViolation, reload } from './persist.ts';
import { customers as c } from './schema.ts';
import { present, type CustomerDto } from './service.ts';

/** 409 DUPLICATE naming the field and listing the matches as the actor may see them. */
export function duplicateError(actor: Actor, field: string, found: DuplicateMatch[], message = 'matches an existing customer') {
  return conflict('DUPLICATE', message, { field, fields: [{ field, message }], duplicates: presentDuplicates(actor, found) });
}

/**
 * The error a single create answers with when its one row was not created: the row's own failure
 * (unique custom value, ownership cap) keeps its status, 查重 matches are a 409 DUPLICATE listing
 * them, anything else is a validation error naming the fields.
 */
export function singleRowError(actor: Actor, res: { outcomes: RowOutcome[]; failures: Map<number, AppError>; matches: Map<number, DuplicateMatch[]> }): AppError {
  const outcome = res.outcomes[0]!;
  const failure = res.failures.get(0);
  if (failure) return failure;
  const found = res.matches.get(0) ?? [];
  const first = outcome.errors?.[0];
  if (found.length && first) return duplicateError(actor, first.field, found, first.message);
  return validationFailed(outcome.errors ?? []);
}

export function batchContext(actor: Actor, src: AuditSource, duplicatePolicy: BatchContext['duplicatePolicy']): BatchContext {
  return { tenantId: actor.tenantId, actor, src, channel: actor.kind === 'apiKey' ? 'api' : 'manual', duplicatePolicy, timeZone: actor.timeZone };
}

/**
 * POST /customers: one row through createCustomers (the one way to create). Permission problems
 * stay 403s, an exact same name is always a 409, other 查重 matches are a 409 unless the policy
 * is 'create', and a rejected row's own error (unique custom value, ownership cap) keeps its status.
 */
export async function createCustomer(db: Db, actor: Actor, src: AuditSource, input: CreateCustomerInput): Promise<{ customer: CustomerDto; assignments: NewOwnership[] }> {
  const { duplicatePolicy = 'reject', ...row } = input;
  assertWritableFields(actor, 'customer', row);
  const ownerId = row.ownerId ?? actor.userId;
  if (ownerId !== actor.userId && !can(actor.perms, 'customer', 'transfer')) throw forbidden('no permission to create customers for someone else', { field: 'ownerId' });
  const done = await inTransaction(db, async (tx) => {
    const res = await createCustomerBatch(tx, batchContext(actor, src, duplicatePolicy), [row]);
    const outcome: RowOutcome = res.outcomes[0]!;
    if (outcome.status !== 'created') throw singleRowError(actor, res);
    return { created: await reload(tx, outcome.id!), assignments: res.assignments };
  }, actor.tenantId).catch(mapUniqueViolation);
  return { customer: present(actor, done.created, 'detail'), assignments: done.assignments };
}

/** The 查重 probe of an edit: only the keys it changes, so an unrelated edit never trips on old look-alikes. */
function editProbe(input: UpdateCustomerInput, before: { name: string; phone: string | null; email: string | null }) {
  const changed = <K extends 'name' | 'phone' | 'email'>(k: K) => input[k] !== undefined && input[k] !== '' && input[k] !== before[k];
  return {
    company: changed('name') ? input.name : null,
    phone: changed('phone') ? input.phone : null,
    email: changed('email') ? input.email : null,
  };
}

export async function updateCustomer(db: Db, actor: Actor, src: AuditSource, id: string, input: UpdateCustomerInput): Promise<CustomerDto> {
  const { confirmDuplicate, ...change } = input;
  const row = await inTransaction(db, async (tx) => {
    const before = await lockWritable(tx, actor, id, 'edit');
    assertWritableFields(actor, 'customer', change);
    const probe = editProbe(change, before);
    if (!confirmDuplicate && (probe.company || probe.phone || probe.email)) {
      const [found = []] = await findDuplicates(tx, actor.tenantId, [probe], { recordTypes: ['customer'], excludeIds: [id], fuzzy: Boolean(probe.company), viewer: actor });
      // the exact same name is refused below whatever the confirmation (the name is unique)
      const others = found.filter((m) => m.title !== change.name);
      if (others.length) throw duplicateError(actor, matchedField(others[0]!.matchedOn), others);
    }
    const defs = await loadCustomFieldDefs(tx, actor.tenantId, 'customer');
    return applyUpdate(tx, src, actor.tenantId, before, change, defs);
  }, actor.tenantId).catch(mapUniqueViolation);
  return present(actor, row, 'detail');
}

/** Soft delete (its contacts go with it): the row stays for history and the recycle bin; lists and the name index ignore it. */
export async function deleteCustomer(db: Db, actor: Actor, src: AuditSource, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await lockWritable(tx, actor, id, 'delete');
    await softDeleteCustomers(tx, src, [before], false);
  }, actor.tenantId);
}

/** PATCH /customers/:id/owner: previous owner kept, caps checked, the reason in the audit entry; contacts follow. */
export async function transferCustomer(db: Db, actor: Actor, src: AuditSource, id: string, ownerId: string, reason?: string): Promise<{ customer: CustomerDto; assignments: NewOwnership[] }> {
  const done = await inTransaction(db, async (tx) => {
    const before = await lockWritable(tx, actor, id, 'transfer');
    await assertActiveUser(tx, actor.tenantId, ownerId, 'ownerId');
    if (before.ownerId === ownerId) return { row: before, assignments: [] };
    await moveCustomers(tx, src, [before], ownerId, { reason: reason || null, withContacts: true });
    return { row: await reload(tx, id), assignments: [{ recordType: 'customer' as const, recordId: id, ownerId, title: before.name }] };
  }, actor.tenantId);
  return { customer: present(actor, done.row, 'detail'), assignments: done.assignments };
}

/** POST /customers/:id/lock: a locked customer is exempt from pool recycling; locks count against the owner's cap. */
export async function lockCustomer(db: Db, actor: Actor, src: AuditSource, id: string, locked: boolean): Promise<CustomerDto> {
  const row = await inTransaction(db, async (tx) => {
    const before = await lockWritable(tx, actor, id, 'edit');
    assertWritableFields(actor, 'customer', { locked });
    if (before.locked === locked) return before;
    if (locked && before.ownerId) await assertOwnershipCaps(tx, actor.tenantId, [{ userId: before.ownerId, locked: 1 }]);
    await tx.update(c).set({ locked, updatedAt: new Date() }).where(eq(c.id, id));
    await recordAudit(tx, src, { action: locked ? 'lock' : 'unlock', recordType: 'customer', recordId: id, before: { locked: before.locked }, after: { locked } });
    return reload(tx, id);
  }, actor.tenantId);
  return present(actor, row, 'detail');
}
