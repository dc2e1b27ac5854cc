/**
 * 报价折扣审批: a quote whose discount is beyond the sender's limit is submitted for approval (the
 * approvals module picks the tenant's approval flow for 'quote'; its condition can route on the
 * standard field `overLimit`). The approval drives the quote's status: pending → inApproval; approved →
 * draft with approval_status approved (now sendable); rejected → draft with approval_status rejected;
 * withdrawn / returned / cancelled → draft, to be changed and resubmitted.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { conflict, fieldError, notFound } from '../../platform/http/errors.ts';
import { updateQuoteInput } from './input.ts';
import { registerApprovable, type ApprovableDef } from '../approvals/registry.ts';
import { quotes as q, type QuoteApprovalStatus, type QuoteStatus } from './schema.ts';
import { quoteSelect, reloadQuote, snapshot, toDto, type QuoteSelected } from './service.ts';
import { invalidTransition } from './writes.ts';

const NEXT: Record<string, { status: QuoteStatus; approvalStatus: QuoteApprovalStatus }> = {
  pending: { status: 'inApproval', approvalStatus: 'pending' },
  approved: { status: 'draft', approvalStatus: 'approved' },
  rejected: { status: 'draft', approvalStatus: 'rejected' },
  withdrawn: { status: 'draft', approvalStatus: 'withdrawn' },
  returned: { status: 'draft', approvalStatus: 'none' },
  cancelled: { status: 'draft', approvalStatus: 'none' },
};

const approverEditsInput = updateQuoteInput.pick({ title: true, quoteDate: true, validUntil: true, terms: true, remark: true }).strict();

export const quoteApprovable: ApprovableDef = {
  recordType: 'quote',
  async describe(tx, tenantId, recordId) {
    const [r] = await tx.select(quoteSelect).from(q).where(and(eq(q.id, recordId), eq(q.tenantId, tenantId), isNull(q.deletedAt)));
    if (!r) return null;
    const d = toDto(r as QuoteSelected);
    return {
      title: `${d.number ?? ''} ${d.title}`.trim(),
      // keys the approval inbox labels (金额 / 客户 / 折扣 / 编号)
      summary: { amount: d.totalAmount, customerName: d.customerName, discount: `${d.maxDiscountPct}%`, number: d.number },
      ownerId: r.ownerId,
    };
  },
  async assertSubmittable(tx, _actor, recordId) {
    const r = await reloadQuote(tx, recordId);
    if (!r) throw notFound('quote');
    if (r.status !== 'draft') throw invalidTransition('提交审批', r.status, ['draft']);
    const n = await one<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM line_items WHERE parent_type = 'quote' AND parent_id = ${recordId}`);
    if (!Number(n?.n)) throw conflict('QUOTE_EMPTY', '报价没有明细，不能提交审批（a quote without line items cannot be submitted）', { field: 'lines' });
  },
  /** Approvers may change the validity, terms and remark (the nodes' editableFields decide which); prices change only by resubmitting. */
  async applyApproverEdits(tx, _actor, src, recordId, fields) {
    const input = approverEditsInput.parse(fields);
    const [before] = await tx.select(quoteSelect).from(q).where(and(eq(q.id, recordId), isNull(q.deletedAt))).for('update', { of: q });
    if (!before) throw notFound('quote');
    const quoteDate = input.quoteDate ?? String(before.quoteDate).slice(0, 10);
    const validUntil = input.validUntil === undefined ? (before.validUntil ? String(before.validUntil).slice(0, 10) : null) : input.validUntil;
    if (validUntil !== null && validUntil < quoteDate) throw fieldError('validUntil', `must not be before the quote date ${quoteDate}`);
    await tx.update(q).set({ ...input, updatedAt: new Date() }).where(eq(q.id, recordId));
    const after = await reloadQuote(tx, recordId);
    await recordAudit(tx, src, { action: 'update', recordType: 'quote', recordId, before: snapshot(before as QuoteSelected), after: snapshot(after), data: { event: 'approverEdit' } });
  },
  async onStatus(tx, tenantId, recordId, status, change) {
    const next = NEXT[status];
    if (!next) return;
    const before = await reloadQuote(tx, recordId);
    if (!before) return;
    await tx.update(q).set({ ...next, updatedAt: new Date() }).where(eq(q.id, recordId));
    const after = await reloadQuote(tx, recordId);
    await recordAudit(tx, { ...change.src, tenantId }, {
      action: 'update', recordType: 'quote', recordId, before: snapshot(before), after: snapshot(after), data: { event: `approval.${status}`, approvalId: change.instanceId },
    });
  },
};

export function registerQuoteApprovable(): void {
  registerApprovable(quoteApprovable);
}
