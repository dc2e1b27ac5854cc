import './messages.ts';
import { lazy, Suspense } from 'react';
import { Skeleton, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { displayMoney, parseMoney } from '@loopline/shared';
import i18n from '../../lib/i18n.ts';
import { approvalDetailExtra, approvalDetailTab } from '../approvals/extras.tsx';
import { automationDetailTab } from '../flowRuns/extras.tsx';
import type { LineItemDto } from '../products/lineItemModel.ts';
import type { RecordLike, RecordTypeConfig } from '../records/types.ts';
import { STATUS_COLOR, type QuoteStatus } from './quoteModel.ts';

type ApprovalState = 'none' | 'pending' | 'approved' | 'rejected' | 'withdrawn';

const QuoteActions = lazy(() => import('./QuoteActions.tsx'));
const QuoteLines = lazy(() => import('./QuoteLines.tsx'));
const QuoteSummary = lazy(() => import('./QuoteSummary.tsx'));

/** A quote as the API returns it; every field but id may be absent when the role hides it. */
export interface Quote extends RecordLike {
  number?: string | null;
  title?: string;
  status?: string;
  approvalStatus?: string;
  customerId?: string;
  customerName?: string | null;
  opportunityId?: string | null;
  opportunityName?: string | null;
  contactId?: string | null;
  contactName?: string | null;
  quoteDate?: string;
  validUntil?: string | null;
  discountKind?: 'percent' | 'amount';
  discountValue?: string;
  grossAmount?: string;
  discountAmount?: string;
  taxAmount?: string;
  totalAmount?: string;
  maxDiscountPct?: string;
  overLimit?: boolean;
  priceBookId?: string | null;
  contractId?: string | null;
  rejectedReason?: string | null;
  ownerId?: string | null;
  ownerName?: string | null;
  lines?: LineItemDto[];
  myDiscountLimitPct?: string | null;
  needsDiscountApproval?: boolean;
}

export const yuan = (v: string | null | undefined) => (v === null || v === undefined ? '—' : displayMoney(parseMoney(v)));

export function QuoteStatusTag({ status }: { status?: string }) {
  if (!status) return null;
  return <Tag color={STATUS_COLOR[status]} data-testid="quote-status">{i18n.t(`quotes.status.${status as QuoteStatus}`)}</Tag>;
}

const text = (max: number, extra: object = {}) => ({ widget: 'text' as const, max, ...extra });
const system = { editable: false } as const;

/** Quotes in the record framework; rules mirror the server's input schema (modules/quotes/input.ts). */
export const quoteConfig: RecordTypeConfig<Quote> = {
  recordType: 'quote',
  apiPath: '/quotes',
  routePath: '/quotes',
  title: () => i18n.t('quotes.title'),
  singular: () => i18n.t('quotes.singular'),
  standardFields: {
    number: { widget: 'text', ...system },
    title: text(200, { required: true }),
    customerId: { widget: 'customer', required: true },
    opportunityId: { widget: 'text', ...system },
    contactId: { widget: 'text', ...system },
    quoteDate: { widget: 'date' },
    validUntil: { widget: 'date' },
    status: { widget: 'singleSelect', ...system },
    approvalStatus: { widget: 'singleSelect', ...system },
    grossAmount: { widget: 'money', ...system },
    discountAmount: { widget: 'money', ...system },
    taxAmount: { widget: 'money', ...system },
    totalAmount: { widget: 'money', ...system },
    maxDiscountPct: { widget: 'percent', ...system },
    overLimit: { widget: 'boolean', ...system },
    terms: { widget: 'longText', max: 5000 },
    remark: { widget: 'longText', max: 2000 },
    rejectedReason: { widget: 'text', ...system },
    contractId: { widget: 'text', ...system },
    tags: { widget: 'tags' },
    ownerId: { widget: 'user', ...system },
    sentAt: { widget: 'datetime', ...system },
    acceptedAt: { widget: 'datetime', ...system },
    createdAt: { widget: 'datetime', ...system },
    updatedAt: { widget: 'datetime', ...system },
  },
  defaultColumns: ['number', 'title', 'customerId', 'totalAmount', 'status', 'validUntil', 'ownerId', 'createdAt'],
  keyFields: ['customerId', 'opportunityId', 'quoteDate', 'validUntil', 'totalAmount', 'maxDiscountPct', 'ownerId'],
  titleOf: (q) => q.title ?? q.number ?? '—',
  statusTags: (q) => (
    <>
      <QuoteStatusTag status={q.status} />
      {q.overLimit && <Tag color="orange" data-testid="quote-over-limit">{i18n.t('quotes.overLimit')}</Tag>}
    </>
  ),
  render: {
    customerId: (q) => (q.customerId ? <Link to={`/customers/${q.customerId}`}>{q.customerName ?? q.customerId.slice(0, 8)}</Link> : '—'),
    opportunityId: (q) => (q.opportunityId ? <Link to={`/opportunities/${q.opportunityId}`}>{q.opportunityName ?? q.opportunityId.slice(0, 8)}</Link> : '—'),
    contactId: (q) => (q.contactId ? <Link to={`/contacts/${q.contactId}`}>{q.contactName ?? q.contactId.slice(0, 8)}</Link> : '—'),
    contractId: (q) => (q.contractId ? <Link to={`/contracts/${q.contractId}`}>{i18n.t('quotes.acceptDialog.openContract')}</Link> : '—'),
    status: (q) => <QuoteStatusTag status={q.status} />,
    approvalStatus: (q) => (q.approvalStatus ? i18n.t(`quotes.approval.${q.approvalStatus as ApprovalState}`) : '—'),
    grossAmount: (q) => yuan(q.grossAmount),
    discountAmount: (q) => yuan(q.discountAmount),
    taxAmount: (q) => yuan(q.taxAmount),
    totalAmount: (q) => yuan(q.totalAmount),
    maxDiscountPct: (q) => (q.maxDiscountPct === undefined ? '—' : `${q.maxDiscountPct}%`),
    ownerId: (q) => q.ownerName ?? '—',
  },
  recycleBin: true,
  // the server edits a quote only as a draft (a rejected or expired one goes back to draft)
  editable: (q) => q.status === 'draft' || q.status === 'rejected' || q.status === 'expired',
  detailExtras: [
    (q, ctx) => (
      <Suspense fallback={null}>
        <QuoteActions quote={q} canEdit={ctx.can('edit')} onChanged={ctx.refresh} />
      </Suspense>
    ),
    approvalDetailExtra('quote'),
  ],
  detailSummary: [
    (q) => (
      <Suspense fallback={null}>
        <QuoteSummary quote={q} />
      </Suspense>
    ),
  ],
  detailTabs: [
    (q) => ({
      key: 'lines',
      label: i18n.t('quotes.linesTab'),
      children: (
        <Suspense fallback={<Skeleton active />}>
          <QuoteLines quote={q} />
        </Suspense>
      ),
    }),
    approvalDetailTab('quote'),
    automationDetailTab('quote'),
  ],
};
