import './messages.ts';
import { lazy, Suspense } from 'react';
import { Tag } from 'antd';
import { Link } from 'react-router-dom';
import i18n from '../../lib/i18n.ts';
import { approvalDetailExtra, approvalDetailTab } from '../approvals/extras.tsx';
import { automationDetailTab } from '../flowRuns/extras.tsx';
import type { RecordTypeConfig } from '../records/types.ts';
import { INVOICE_COLOR, PAYMENT_COLOR, PLAN_COLOR, yuan, type Invoice, type Payment, type PaymentPlan } from './model.ts';

const Forms = () => import('./Forms.tsx');
const NewPaymentButton = lazy(() => Forms().then((m) => ({ default: m.NewPaymentButton })));
const NewPlanButton = lazy(() => Forms().then((m) => ({ default: m.NewPlanButton })));
const NewInvoiceButton = lazy(() => Forms().then((m) => ({ default: m.NewInvoiceButton })));
const Actions = () => import('./Actions.tsx');
const PaymentActions = lazy(() => Actions().then((m) => ({ default: m.PaymentActions })));
const PlanActions = lazy(() => Actions().then((m) => ({ default: m.PlanActions })));
const InvoiceActions = lazy(() => Actions().then((m) => ({ default: m.InvoiceActions })));

const system = { editable: false } as const;
const text = (max: number) => ({ widget: 'text' as const, max });
const link = (path: string, id: string | null | undefined, label: string | null | undefined) => (id ? <Link to={`${path}/${id}`}>{label ?? id.slice(0, 8)}</Link> : '—');
const contractLink = (r: { contractId?: string; contractNumber?: string | null; contractName?: string | null }) =>
  link('/contracts', r.contractId, [r.contractNumber, r.contractName].filter(Boolean).join(' · ') || null);

export const PaymentStatusTag = ({ status }: { status?: string }) => (status ? <Tag color={PAYMENT_COLOR[status]} data-testid="payment-status">{i18n.t(`payments.status.${status as 'draft'}`)}</Tag> : null);
export const PlanStatusTag = ({ status }: { status?: string }) => (status ? <Tag color={PLAN_COLOR[status]} data-testid="plan-status">{i18n.t(`payments.planStatus.${status as 'pending'}`)}</Tag> : null);
export const InvoiceStatusTag = ({ status }: { status?: string }) => (status ? <Tag color={INVOICE_COLOR[status]} data-testid="invoice-status">{i18n.t(`payments.invoiceStatus.${status as 'draft'}`)}</Tag> : null);

const common = {
  number: { widget: 'text' as const, ...system },
  contractId: { widget: 'text' as const, ...system },
  contractNumber: { widget: 'text' as const, ...system },
  contractName: { widget: 'text' as const, ...system },
  customerId: { widget: 'text' as const, ...system },
  customerName: { widget: 'text' as const, ...system },
  status: { widget: 'singleSelect' as const, ...system },
  ownerId: { widget: 'user' as const, ...system },
  remark: { widget: 'longText' as const, max: 2000 },
  createdAt: { widget: 'datetime' as const, ...system },
  updatedAt: { widget: 'datetime' as const, ...system },
};

/** Payment records (回款); registering one takes the contract picker form (登记回款), edits use the framework's form. */
export const paymentConfig: RecordTypeConfig<Payment> = {
  recordType: 'payment',
  apiPath: '/payments',
  routePath: '/payments',
  title: () => i18n.t('payments.title'),
  singular: () => i18n.t('payments.singular'),
  standardFields: {
    ...common,
    planId: { widget: 'text', ...system },
    planInstalment: { widget: 'number', ...system },
    paidOn: { widget: 'date', required: true },
    amount: { widget: 'money', required: true, min: 0.01 },
    method: { widget: 'singleSelect', required: true },
    payerName: text(200),
    payerAccount: text(100),
    confirmedAt: { widget: 'datetime', ...system },
    tags: { widget: 'tags' },
  },
  defaultColumns: ['number', 'customerId', 'contractId', 'amount', 'paidOn', 'method', 'status', 'ownerId'],
  keyFields: ['customerId', 'contractId', 'amount', 'paidOn', 'method', 'payerName'],
  titleOf: (p) => `${p.number ?? ''} ${yuan(p.amount)}`.trim(),
  statusTags: (p) => <PaymentStatusTag status={p.status} />,
  render: {
    contractId: contractLink,
    customerId: (p) => link('/customers', p.customerId, p.customerName),
    planId: (p) => (p.planId ? link('/payment-plans', p.planId, i18n.t('payments.instalment', { n: p.planInstalment ?? '?' })) : '—'),
    amount: (p) => yuan(p.amount),
    status: (p) => <PaymentStatusTag status={p.status} />,
    method: (p) => (p.method ? i18n.t(`payments.method.${p.method as 'cash'}`) : '—'),
    ownerId: (p) => p.ownerName ?? '—',
  },
  listExtras: [(ctx) => <Suspense fallback={null}><NewPaymentButton onCreated={ctx.refresh} /></Suspense>],
  detailExtras: [
    approvalDetailExtra('payment'),
    (p, ctx) => <Suspense fallback={null}><PaymentActions payment={p} onChanged={ctx.refresh} /></Suspense>,
  ],
  detailTabs: [approvalDetailTab('payment'), automationDetailTab('payment')],
};

/** Payment plans (回款计划). */
export const paymentPlanConfig: RecordTypeConfig<PaymentPlan> = {
  recordType: 'paymentPlan',
  apiPath: '/payment-plans',
  routePath: '/payment-plans',
  title: () => i18n.t('payments.plansTitle'),
  singular: () => i18n.t('payments.planSingular'),
  standardFields: {
    ...common,
    instalment: { widget: 'number', ...system },
    amount: { widget: 'money', required: true, min: 0.01 },
    dueDate: { widget: 'date', required: true },
    remindDaysBefore: { widget: 'number', integer: true, min: 0, max: 365 },
    receivedAmount: { widget: 'money', ...system },
    outstanding: { widget: 'money', ...system },
  },
  defaultColumns: ['number', 'customerId', 'contractId', 'instalment', 'amount', 'dueDate', 'receivedAmount', 'status', 'ownerId'],
  keyFields: ['customerId', 'contractId', 'amount', 'dueDate', 'receivedAmount', 'outstanding'],
  titleOf: (p) => `${p.contractName ?? p.number ?? ''} · ${i18n.t('payments.instalment', { n: p.instalment ?? '?' })}`,
  statusTags: (p) => <PlanStatusTag status={p.status} />,
  render: {
    contractId: contractLink,
    customerId: (p) => link('/customers', p.customerId, p.customerName),
    amount: (p) => yuan(p.amount),
    receivedAmount: (p) => yuan(p.receivedAmount),
    outstanding: (p) => yuan(p.outstanding),
    status: (p) => <PlanStatusTag status={p.status} />,
    ownerId: (p) => p.ownerName ?? '—',
  },
  listExtras: [(ctx) => <Suspense fallback={null}><NewPlanButton onCreated={ctx.refresh} /></Suspense>],
  detailExtras: [(p, ctx) => <Suspense fallback={null}><PlanActions plan={p} onChanged={ctx.refresh} /></Suspense>],
};

/** Invoices (发票): applications, approval, issuing. */
export const invoiceConfig: RecordTypeConfig<Invoice> = {
  recordType: 'invoice',
  apiPath: '/invoices',
  routePath: '/invoices',
  title: () => i18n.t('payments.invoicesTitle'),
  singular: () => i18n.t('payments.invoiceSingular'),
  standardFields: {
    ...common,
    amount: { widget: 'money', required: true, min: 0.01 },
    invoiceType: { widget: 'singleSelect', required: true },
    titleType: { widget: 'singleSelect', required: true },
    title: { widget: 'text', required: true, max: 200 },
    taxNumber: text(30),
    bankName: text(100),
    bankAccount: text(50),
    address: text(200),
    phone: { widget: 'phone', max: 30 },
    mailRecipient: text(50),
    mailPhone: { widget: 'phone', max: 30 },
    mailAddress: text(200),
    email: { widget: 'email', max: 254 },
    invoiceNo: { widget: 'text', ...system },
    invoicedOn: { widget: 'date', ...system },
    tags: { widget: 'tags' },
  },
  defaultColumns: ['number', 'customerId', 'contractId', 'invoiceType', 'amount', 'title', 'status', 'invoiceNo', 'invoicedOn'],
  keyFields: ['customerId', 'contractId', 'invoiceType', 'amount', 'title', 'taxNumber', 'invoiceNo', 'invoicedOn'],
  titleOf: (v) => `${v.number ?? ''} ${yuan(v.amount)}`.trim(),
  statusTags: (v) => <InvoiceStatusTag status={v.status} />,
  render: {
    contractId: contractLink,
    customerId: (v) => link('/customers', v.customerId, v.customerName),
    amount: (v) => yuan(v.amount),
    status: (v) => <InvoiceStatusTag status={v.status} />,
    invoiceType: (v) => (v.invoiceType ? i18n.t(`payments.invoiceType.${v.invoiceType as 'receipt'}`) : '—'),
    titleType: (v) => (v.titleType ? i18n.t(`payments.titleType.${v.titleType as 'company'}`) : '—'),
    ownerId: (v) => v.ownerName ?? '—',
  },
  listExtras: [(ctx) => <Suspense fallback={null}><NewInvoiceButton onCreated={ctx.refresh} /></Suspense>],
  detailExtras: [
    approvalDetailExtra('invoice'),
    (v, ctx) => <Suspense fallback={null}><InvoiceActions invoice={v} onChanged={ctx.refresh} /></Suspense>,
  ],
  detailTabs: [approvalDetailTab('invoice'), automationDetailTab('invoice')],
};
