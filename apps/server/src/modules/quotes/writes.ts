/**
 * Every change to a quote: create (standalone or from an opportunity), edit (drafts only), delete /
 * restore, transfer, and the status actions send / accept / reject. Each runs in one transaction
 * with its audit entry; a quote under approval is locked (assertNotLocked).
 *
 * Status machine: draft → (submit) inApproval → draft (approval_status approved / rejected) →
 * (send) sent → accepted | rejected | expired (daily job). Editing a rejected or expired quote
 * takes it back to draft. Anything else is a 409 INVALID_TRANSITION naming the current status.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { zonedDate } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { conflict, fieldError, forbidden } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { assertWritableFields, visibleRecords } from '../../platform/permissions/recordAccess.ts';
import { checkCustomInput, loadCustomFieldDefs } from '../../platform/records/customFields.ts';
import { nextNumber } from '../../platform/records/numbering.ts';
import { assertNotLocked } from '../approvals/lock.ts';
import { usableCustomer } from '../contacts/persist.ts';
import { createContractFromQuote } from '../contracts/fromDocuments.ts';
import { activeUserIds } from '../customers/batchRows.ts';
import { opportunities } from '../opportunities/schema.ts';
import { copyLineItems, loadLineItems, saveLineItems } from '../products/lineItems.ts';
import { QUOTE_STATUS_OPTIONS, quoteType } from './fields.ts';
import type { CreateQuoteInput, UpdateQuoteInput } from './input.ts';
import { quotes as q, type QuoteStatus } from './schema.ts';
import {
  checkDiscount, lineAsInput, lockWritableQuote, needsApproval, present, reloadQuote, snapshot, totalsFromLines, totalsFromPriced, userDiscountLimit,
  ZERO_TOTALS, type QuoteDto, type QuoteSelected, type QuoteTotals,
} from './service.ts';

const DAY = 86_400_000;
const statusLabel = (s: string) => QUOTE_STATUS_OPTIONS.find((o) => o.value === s)?.label ?? s;

/** 409 INVALID_TRANSITION: what cannot be done to a quote in its current status. */
export function invalidTransition(action: string, status: QuoteStatus, allowed: QuoteStatus[]) {
  return conflict('INVALID_TRANSITION', `状态为「${statusLabel(status)}」的报价不能${action}（a ${status} quote cannot be ${actionEn[action] ?? action}; allowed from: ${allowed.join(', ')}）`, {
    field: 'status', status, allowed,
  });
}
const actionEn: Record<string, string> = { 发送: 'sent', 接受: 'accepted', 拒绝: 'rejected', 修改: 'edited', 删除: 'deleted', 提交审批: 'submitted for approval' };

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

function checkDates(quoteDate: string, validUntil: string | null): void {
  if (validUntil !== null && validUntil < quoteDate) throw fieldError('validUntil', `must not be before the quote date ${quoteDate}（有效期不能早于报价日期）`);
}

async function checkContact(tx: Db, tenantId: string, customerId: string, contactId: string | null | undefined): Promise<void> {
  if (!contactId) return;
  const found = await one(tx, sql`SELECT 1 AS ok FROM contacts WHERE id = ${contactId} AND tenant_id = ${tenantId} AND customer_id = ${customerId} AND deleted_at IS NULL`);
  if (!found) throw fieldError('contactId', "no such contact of the quote's customer");
}

async function checkPriceBook(tx: Db, tenantId: string, priceBookId: string | null | undefined): Promise<void> {
  if (!priceBookId) return;
  const found = await one(tx, sql`SELECT 1 AS ok FROM price_books WHERE id = ${priceBookId} AND tenant_id = ${tenantId}`);
  if (!found) throw fieldError('priceBookId', 'no such price book');
}

async function writeTotals(tx: Db, id: string, t: QuoteTotals): Promise<void> {
  await tx.update(q).set({ ...t, updatedAt: new Date() }).where(eq(q.id, id));
}

/** POST /quotes. */
export async function createQuote(db: Db, actor: Actor, src: AuditSource, input: CreateQuoteInput, now = new Date()): Promise<QuoteDto> {
  const tenantId = actor.tenantId;
  const { custom: customIn, lines, discount: discountIn, opportunityId, ownerId: ownerIn, ...rest } = input;
  assertWritableFields(actor, 'quote', rest);
  const row = await inTransaction(db, async (tx) => {
    let customerId = rest.customerId;
    let title = rest.title;
    if (opportunityId) {
      const [opp] = await tx.select({ id: opportunities.id, name: opportunities.name, customerId: opportunities.customerId }).from(opportunities)
        .where(and(eq(opportunities.id, opportunityId), isNull(opportunities.deletedAt), visibleRecords(actor, 'opportunity', opportunities)));
      if (!opp) throw fieldError('opportunityId', 'no such opportunity');
      if (customerId && customerId !== opp.customerId) throw fieldError('customerId', "must be the opportunity's customer");
      customerId = opp.customerId;
      title ??= `${opp.name} 报价`.slice(0, 200);
    }
    if (!customerId) throw fieldError('customerId', 'is required');
    if (!title) throw fieldError('title', 'is required');
    if (!(await usableCustomer(tx, actor, tenantId, customerId))) throw fieldError('customerId', 'no such customer');
    await checkContact(tx, tenantId, customerId, rest.contactId);
    await checkPriceBook(tx, tenantId, rest.priceBookId);
    const quoteDate = rest.quoteDate ?? zonedDate(now, actor.timeZone);
    const validUntil = rest.validUntil === undefined ? addDays(quoteDate, 30) : rest.validUntil;
    checkDates(quoteDate, validUntil);
    const ownerId = ownerIn ?? actor.userId;
    if (ownerId !== actor.userId) {
      if (!can(actor.perms, 'quote', 'transfer')) throw forbidden('no permission to create quotes for someone else', { field: 'ownerId' });
      if (!(await activeUserIds(tx, tenantId, [ownerId])).has(ownerId)) throw fieldError('ownerId', 'no such active user');
    }
    const discount = discountIn ? checkDiscount(discountIn) : { kind: 'amount' as const, value: '0.00' };
    const defs = await loadCustomFieldDefs(tx, tenantId, 'quote');
    const custom = await checkCustomInput(tx, tenantId, quoteType, defs, customIn ?? {}, 'create');
    const number = await nextNumber(tx, tenantId, 'quote', now, actor.timeZone);
    const [inserted] = await tx.insert(q).values({
      tenantId, number, title, customerId, opportunityId: opportunityId ?? null, contactId: rest.contactId ?? null, priceBookId: rest.priceBookId ?? null,
      quoteDate, validUntil, discountKind: discount.kind, discountValue: discount.value, terms: rest.terms ?? null, remark: rest.remark ?? null,
      tags: rest.tags ?? [], custom: Object.fromEntries(Object.entries(custom).filter(([, v]) => v !== null)), ownerId, createdBy: actor.userId, createdAt: now, updatedAt: now,
    }).returning({ id: q.id });
    const id = inserted!.id;
    let totals = ZERO_TOTALS;
    const opts = { discount, priceBookId: rest.priceBookId ?? null };
    if (lines) {
      totals = totalsFromPriced((await saveLineItems(tx, tenantId, 'quote', id, lines, opts)).priced);
    } else if (opportunityId) {
      const copied = await copyLineItems(tx, tenantId, { type: 'opportunity', id: opportunityId }, { type: 'quote', id });
      totals = copied.length && Number(discount.value) !== 0
        ? totalsFromPriced((await saveLineItems(tx, tenantId, 'quote', id, copied.map(lineAsInput), opts)).priced)
        : totalsFromLines(copied);
    }
    await writeTotals(tx, id, totals);
    const after = await reloadQuote(tx, id);
    await recordAudit(tx, src, { action: 'create', recordType: 'quote', recordId: id, before: null, after: snapshot(after) });
    return after;
  }, tenantId);
  return present(actor, row, 'detail');
}

const EDITABLE: QuoteStatus[] = ['draft', 'rejected', 'expired'];

/** PATCH /quotes/:id: drafts (a rejected or expired quote goes back to draft); new lines or discount re-price it. */
export async function updateQuote(db: Db, actor: Actor, src: AuditSource, id: string, input: UpdateQuoteInput): Promise<QuoteDto> {
  const tenantId = actor.tenantId;
  const { custom: customIn, lines, discount: discountIn, ...rest } = input;
  assertWritableFields(actor, 'quote', rest);
  const row = await inTransaction(db, async (tx) => {
    const before = await lockWritableQuote(tx, actor, id, 'edit');
    await assertNotLocked(tx, actor, 'quote', id, Object.keys(input));
    if (!EDITABLE.includes(before.status)) throw invalidTransition('修改', before.status, EDITABLE);
    const customerId = rest.customerId ?? before.customerId;
    if (rest.customerId && rest.customerId !== before.customerId) {
      if (before.opportunityId) throw fieldError('customerId', "must be the opportunity's customer");
      if (!(await usableCustomer(tx, actor, tenantId, rest.customerId))) throw fieldError('customerId', 'no such customer');
    }
    const contactId = rest.contactId === undefined ? before.contactId : rest.contactId;
    if (rest.contactId !== undefined || customerId !== before.customerId) await checkContact(tx, tenantId, customerId, contactId);
    if (rest.priceBookId) await checkPriceBook(tx, tenantId, rest.priceBookId);
    const quoteDate = rest.quoteDate ?? String(before.quoteDate).slice(0, 10);
    const validUntil = rest.validUntil === undefined ? (before.validUntil ? String(before.validUntil).slice(0, 10) : null) : rest.validUntil;
    checkDates(quoteDate, validUntil);
    const set: Partial<typeof q.$inferInsert> = { updatedAt: new Date() };
    for (const key of ['title', 'customerId', 'contactId', 'priceBookId', 'quoteDate', 'validUntil', 'terms', 'remark', 'tags'] as const) {
      if (rest[key] !== undefined) (set as Record<string, unknown>)[key] = rest[key];
    }
    if (customIn !== undefined) {
      const defs = await loadCustomFieldDefs(tx, tenantId, 'quote');
      const checked = await checkCustomInput(tx, tenantId, quoteType, defs, customIn, 'update', id);
      const merged: Record<string, unknown> = { ...(before.custom ?? {}) };
      for (const [k, v] of Object.entries(checked)) if (v === null) delete merged[k]; else merged[k] = v;
      set.custom = merged;
    }
    if (before.status !== 'draft') Object.assign(set, { status: 'draft', rejectedAt: null, rejectedReason: null, sentAt: null });
    const discount = discountIn ? checkDiscount(discountIn) : { kind: before.discountKind, value: String(before.discountValue) };
    if (discountIn) Object.assign(set, { discountKind: discount.kind, discountValue: discount.value });
    await tx.update(q).set(set).where(eq(q.id, id));
    if (lines !== undefined || discountIn !== undefined || rest.priceBookId !== undefined) {
      const current = lines ?? (await loadLineItems(tx, tenantId, 'quote', id)).map(lineAsInput);
      const priceBookId = rest.priceBookId === undefined ? before.priceBookId : rest.priceBookId;
      const saved = await saveLineItems(tx, tenantId, 'quote', id, current, { discount, priceBookId });
      await writeTotals(tx, id, totalsFromPriced(saved.priced));
      // a granted (or refused) discount approval was for the old prices
      if (before.approvalStatus !== 'none' && before.approvalStatus !== 'pending') await tx.update(q).set({ approvalStatus: 'none' }).where(eq(q.id, id));
    }
    const after = await reloadQuote(tx, id);
    await recordAudit(tx, src, { action: 'update', recordType: 'quote', recordId: id, before: snapshot(before), after: snapshot(after), ...(lines ? { data: { lines: lines.length } } : {}) });
    return after;
  }, tenantId);
  return present(actor, row, 'detail');
}

/** DELETE /quotes/:id: into the recycle bin; an accepted quote (a deal) stays. */
export async function deleteQuote(db: Db, actor: Actor, src: AuditSource, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await lockWritableQuote(tx, actor, id, 'delete');
    await assertNotLocked(tx, actor, 'quote', id, []);
    if (before.status === 'accepted' || before.status === 'inApproval') throw invalidTransition('删除', before.status, ['draft', 'sent', 'rejected', 'expired']);
    await tx.update(q).set({ deletedAt: new Date(), deletedBy: actor.userId, updatedAt: new Date() }).where(eq(q.id, id));
    await recordAudit(tx, src, { action: 'delete', recordType: 'quote', recordId: id, before: snapshot(before), data: { number: before.number, title: before.title } });
  }, actor.tenantId);
}

/** POST /quotes/:id/restore. */
export async function restoreQuote(db: Db, actor: Actor, src: AuditSource, id: string): Promise<QuoteDto> {
  const row = await inTransaction(db, async (tx) => {
    const before = await lockWritableQuote(tx, actor, id, 'delete', true);
    await tx.update(q).set({ deletedAt: null, deletedBy: null, updatedAt: new Date() }).where(eq(q.id, id));
    await recordAudit(tx, src, { action: 'restore', recordType: 'quote', recordId: id, data: { number: before.number, title: before.title } });
    return reloadQuote(tx, id);
  }, actor.tenantId);
  return present(actor, row, 'detail');
}

/** PATCH /quotes/:id/owner. */
export async function transferQuote(db: Db, actor: Actor, src: AuditSource, id: string, ownerId: string, reason?: string): Promise<QuoteDto> {
  const row = await inTransaction(db, async (tx) => {
    const before = await lockWritableQuote(tx, actor, id, 'transfer');
    await assertNotLocked(tx, actor, 'quote', id, ['ownerId']);
    if (before.ownerId === ownerId) return before;
    if (!(await activeUserIds(tx, actor.tenantId, [ownerId])).has(ownerId)) throw fieldError('ownerId', 'no such active user');
    await tx.update(q).set({ ownerId, updatedAt: new Date() }).where(eq(q.id, id));
    await recordAudit(tx, src, { action: 'ownerChange', recordType: 'quote', recordId: id, before: { ownerId: before.ownerId }, after: { ownerId }, ...(reason ? { data: { reason } } : {}) });
    return reloadQuote(tx, id);
  }, actor.tenantId);
  return present(actor, row, 'detail');
}

async function statusChange(tx: Db, src: AuditSource, before: QuoteSelected, set: Partial<typeof q.$inferInsert>, event: string, data: Record<string, unknown> = {}): Promise<QuoteSelected> {
  await tx.update(q).set({ ...set, updatedAt: new Date() }).where(eq(q.id, before.id));
  const after = await reloadQuote(tx, before.id);
  await recordAudit(tx, src, { action: 'update', recordType: 'quote', recordId: before.id, before: snapshot(before), after: snapshot(after), data: { event, ...data } });
  return after;
}

/**
 * Checks that a draft may go out: it has lines, its validity has not passed (in the actor's zone),
 * and its discount is within the sender's limit or approved (409 DISCOUNT_APPROVAL_REQUIRED).
 */
async function assertSendable(tx: Db, actor: Actor, before: QuoteSelected, now: Date): Promise<void> {
  const count = await one<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM line_items WHERE tenant_id = ${actor.tenantId} AND parent_type = 'quote' AND parent_id = ${before.id}`);
  if (!Number(count?.n)) throw conflict('QUOTE_EMPTY', '报价没有明细，不能发送（a quote without line items cannot be sent）', { field: 'lines' });
  const today = zonedDate(now, actor.timeZone);
  const validUntil = before.validUntil ? String(before.validUntil).slice(0, 10) : null;
  if (validUntil && validUntil < today) throw conflict('QUOTE_VALIDITY_PASSED', `有效期 ${validUntil} 已过，请修改有效期后再发送（the quote was valid until ${validUntil}）`, { field: 'validUntil' });
  const limit = await userDiscountLimit(tx, actor.userId);
  if (needsApproval(before, limit)) {
    throw conflict('DISCOUNT_APPROVAL_REQUIRED', `报价最大折扣 ${Number(before.maxDiscountPct)}% 超出您的折扣权限 ${limit! / 10_000}%，需先通过折扣审批（the discount exceeds your limit: submit it for approval first）`, {
      field: 'maxDiscountPct', maxDiscountPct: String(before.maxDiscountPct), limitPct: String(limit! / 10_000), approvalStatus: before.approvalStatus,
    });
  }
}

/** POST /quotes/:id/send (and the email route): draft → sent. A sent quote may be sent again (a reminder). */
export async function markQuoteSent(tx: Db, actor: Actor, src: AuditSource, id: string, now = new Date(), extra: Record<string, unknown> = {}): Promise<QuoteSelected> {
  const before = await lockWritableQuote(tx, actor, id, 'edit');
  await assertNotLocked(tx, actor, 'quote', id, []);
  if (before.status === 'sent' && Object.keys(extra).length) return statusChange(tx, src, before, {}, 'resend', extra);
  if (before.status !== 'draft') throw invalidTransition('发送', before.status, ['draft']);
  await assertSendable(tx, actor, before, now);
  return statusChange(tx, src, before, { status: 'sent', sentAt: now }, 'send', extra);
}

export async function sendQuote(db: Db, actor: Actor, src: AuditSource, id: string, now = new Date()): Promise<QuoteDto> {
  const row = await inTransaction(db, (tx) => markQuoteSent(tx, actor, src, id, now), actor.tenantId);
  return present(actor, row, 'detail');
}

/** POST /quotes/:id/accept: sent → accepted; with createContract, the draft contract in the same transaction. */
export async function acceptQuote(db: Db, actor: Actor, src: AuditSource, id: string, opts: { createContract?: boolean }, now = new Date()): Promise<{ quote: QuoteDto; contractId: string | null }> {
  const { row, contractId } = await inTransaction(db, async (tx) => {
    const before = await lockWritableQuote(tx, actor, id, 'edit');
    await assertNotLocked(tx, actor, 'quote', id, []);
    if (before.status !== 'sent') throw invalidTransition('接受', before.status, ['sent']);
    const validUntil = before.validUntil ? String(before.validUntil).slice(0, 10) : null;
    if (validUntil && validUntil < zonedDate(now, actor.timeZone)) throw conflict('QUOTE_EXPIRED', `报价已于 ${validUntil} 过期（the quote expired）`, { field: 'validUntil' });
    let accepted = await statusChange(tx, src, before, { status: 'accepted', acceptedAt: now }, 'accept');
    let contractId: string | null = null;
    if (opts.createContract) {
      if (!can(actor.perms, 'contract', 'create')) throw forbidden('no permission to create contracts', { field: 'createContract' });
      contractId = (await createContractFromQuote(tx, actor, src, id)).contractId;
      await tx.update(q).set({ contractId }).where(eq(q.id, id));
      accepted = await reloadQuote(tx, id);
    }
    return { row: accepted, contractId };
  }, actor.tenantId);
  return { quote: present(actor, row, 'detail'), contractId };
}

/** POST /quotes/:id/reject {reason}: the customer declined; sent → rejected. */
export async function rejectQuote(db: Db, actor: Actor, src: AuditSource, id: string, reason: string, now = new Date()): Promise<QuoteDto> {
  const row = await inTransaction(db, async (tx) => {
    const before = await lockWritableQuote(tx, actor, id, 'edit');
    await assertNotLocked(tx, actor, 'quote', id, []);
    if (before.status !== 'sent') throw invalidTransition('拒绝', before.status, ['sent']);
    return statusChange(tx, src, before, { status: 'rejected', rejectedAt: now, rejectedReason: reason }, 'reject', { reason });
  }, actor.tenantId);
  return present(actor, row, 'detail');
}
