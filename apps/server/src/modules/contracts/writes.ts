/** Contract changes people make through the API: create, edit, delete, restore, transfer, void. */
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { conflict, fieldError, forbidden, notFound } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { assertWritableFields } from '../../platform/permissions/recordAccess.ts';
import { assertNotLocked } from '../approvals/lock.ts';
import { assertActiveUser } from '../customers/persist.ts';
import { contractFromOpportunity, contractFromQuote } from './fromDocuments.ts';
import type { CreateContractInput, UpdateContractInput } from './input.ts';
import { applyContractChange, hasConfirmedPayments, insertContract, setContractStatus } from './persist.ts';
import { contracts as k, EDITABLE_STATUSES, type ContractStatus } from './schema.ts';
import { contractSelect, getContract, lockWritableContract, reachable, reloadContract, type ContractDto, type ContractSelected } from './service.ts';

const STATUS_LABEL: Record<ContractStatus, string> = { draft: '草稿', inReview: '审批中', approved: '已通过', rejected: '已驳回', withdrawn: '已撤回', void: '已作废' };

function assertEditable(before: ContractSelected, what = 'edited'): void {
  if (!EDITABLE_STATUSES.includes(before.status)) {
    throw conflict('CONTRACT_NOT_EDITABLE', `a contract that is ${before.status} (${STATUS_LABEL[before.status]}) cannot be ${what}: only drafts, rejected and withdrawn contracts`, { field: 'status', status: before.status });
  }
}

/** POST /contracts: from a quote, from an opportunity, or standalone. */
export async function createContract(db: Db, actor: Actor, src: AuditSource, input: CreateContractInput): Promise<ContractDto> {
  const { quoteId, lines: _l, ...fields } = input;
  assertWritableFields(actor, 'contract', fields);
  const created = await inTransaction(db, async (tx) => {
    if (quoteId) {
      const { quoteId: _q, ...overrides } = input;
      return contractFromQuote(tx, actor, src, quoteId, overrides);
    }
    if (input.opportunityId && !input.customerId) return contractFromOpportunity(tx, actor, src, { ...input, opportunityId: input.opportunityId });
    if (!input.customerId) throw fieldError('customerId', 'is required (or give quoteId / opportunityId)');
    if (!input.name) throw fieldError('name', 'is required');
    if (input.amount === undefined && !input.lines) throw fieldError('amount', 'is required (or give line items)');
    const { lines, custom, ...values } = input;
    return insertContract(tx, actor, src, { values: { ...values, name: input.name, customerId: input.customerId }, custom, lines });
  }, actor.tenantId);
  return getContract(db, actor, created.id);
}

/** PATCH /contracts/:id: drafts, rejected and withdrawn contracts only; never while under approval. */
export async function updateContract(db: Db, actor: Actor, src: AuditSource, id: string, input: UpdateContractInput): Promise<ContractDto> {
  await inTransaction(db, async (tx) => {
    const before = await lockWritableContract(tx, actor, id, 'edit');
    const { lines: _l, ...fields } = input;
    assertWritableFields(actor, 'contract', fields);
    await assertNotLocked(tx, actor, 'contract', id, Object.keys(input));
    assertEditable(before);
    await applyContractChange(tx, actor, src, before, input);
  }, actor.tenantId);
  return getContract(db, actor, id);
}

/** Soft delete into the recycle bin: not while approved or under approval, nor with money received. */
export async function deleteContract(db: Db, actor: Actor, src: AuditSource, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await lockWritableContract(tx, actor, id, 'delete');
    await assertNotLocked(tx, actor, 'contract', id);
    if (before.status !== 'void') assertEditable(before, 'deleted');
    if (await hasConfirmedPayments(tx, actor.tenantId, id)) throw conflict('CONTRACT_HAS_PAYMENTS', 'the contract has confirmed payment records', { field: 'id' });
    await tx.update(k).set({ deletedAt: new Date(), deletedBy: actor.userId, updatedAt: new Date() }).where(eq(k.id, id));
    await recordAudit(tx, src, { action: 'delete', recordType: 'contract', recordId: id, data: { name: before.name, number: before.number } });
  }, actor.tenantId);
}

export async function restoreContract(db: Db, actor: Actor, src: AuditSource, id: string): Promise<ContractDto> {
  if (!can(actor.perms, 'contract', 'delete')) throw forbidden('no permission to restore contracts');
  await inTransaction(db, async (tx) => {
    const [found] = await tx.select(contractSelect).from(k).where(and(eq(k.id, id), isNotNull(k.deletedAt), reachable(actor, 'delete'))).for('update', { of: k });
    if (!found) {
      const [seen] = await tx.select({ deletedAt: k.deletedAt }).from(k).where(and(eq(k.id, id), reachable(actor, 'view')));
      if (!seen) throw notFound('contract');
      if (!seen.deletedAt) throw conflict('NOT_DELETED', 'this contract is not in the recycle bin');
      throw forbidden('no permission to restore this contract');
    }
    await tx.update(k).set({ deletedAt: null, deletedBy: null, updatedAt: new Date() }).where(eq(k.id, id));
    await recordAudit(tx, src, { action: 'restore', recordType: 'contract', recordId: id, data: { name: found.name, number: found.number } });
  }, actor.tenantId);
  return getContract(db, actor, id);
}

export async function transferContract(db: Db, actor: Actor, src: AuditSource, id: string, ownerId: string, reason?: string): Promise<ContractDto> {
  await inTransaction(db, async (tx) => {
    const before = await lockWritableContract(tx, actor, id, 'transfer');
    await assertNotLocked(tx, actor, 'contract', id);
    await assertActiveUser(tx, actor.tenantId, ownerId, 'ownerId');
    if (before.ownerId === ownerId) return;
    await tx.update(k).set({ ownerId, updatedAt: new Date() }).where(eq(k.id, id));
    await recordAudit(tx, src, { action: 'ownerChange', recordType: 'contract', recordId: id, before: { ownerId: before.ownerId }, after: { ownerId }, ...(reason ? { data: { reason } } : {}) });
  }, actor.tenantId);
  return getContract(db, actor, id);
}

/** POST /contracts/:id/void: 作废, with a reason; refused under approval or once money has been received. */
export async function voidContract(db: Db, actor: Actor, src: AuditSource, id: string, reason: string): Promise<ContractDto> {
  await inTransaction(db, async (tx) => {
    const before = await lockWritableContract(tx, actor, id, 'edit');
    await assertNotLocked(tx, actor, 'contract', id);
    if (before.status === 'void') throw conflict('CONTRACT_VOID', 'the contract is already void', { field: 'status' });
    if (before.status === 'inReview') throw conflict('CONTRACT_NOT_EDITABLE', 'withdraw the approval before voiding the contract', { field: 'status', status: before.status });
    if (await hasConfirmedPayments(tx, actor.tenantId, id)) {
      throw conflict('CONTRACT_HAS_PAYMENTS', 'a contract with confirmed payment records cannot be voided', { field: 'status' });
    }
    await setContractStatus(tx, src, before, 'void', {}, { reason });
  }, actor.tenantId);
  return getContract(db, actor, id);
}

export { reloadContract };
