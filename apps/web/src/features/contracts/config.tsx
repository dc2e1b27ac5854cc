import './messages.ts';
import { lazy, Suspense } from 'react';
import { Skeleton, Tag } from 'antd';
import { Link } from 'react-router-dom';
import i18n from '../../lib/i18n.ts';
import { approvalDetailExtra, approvalDetailTab } from '../approvals/extras.tsx';
import { automationDetailTab } from '../flowRuns/extras.tsx';
import { paymentContractTabs } from '../payments/extras.tsx';
import type { RecordLike, RecordTypeConfig } from '../records/types.ts';
import { EDITABLE, STATUS_COLOR, yuan, type Contract, type ContractStatus } from './model.ts';

export type { Contract } from './model.ts';

const ContractActions = lazy(() => import('./ContractActions.tsx'));
const ContractSummary = lazy(() => import('./ContractSummary.tsx'));
const ContractLines = lazy(() => import('./ContractLines.tsx'));
const RelatedOrders = lazy(() => import('./RelatedOrders.tsx'));
const NewContractButton = lazy(() => import('./ContractForm.tsx'));

export function ContractStatusTag({ status }: { status?: string }) {
  if (!status) return null;
  return <Tag color={STATUS_COLOR[status as ContractStatus]} data-testid="contract-status">{i18n.t(`contracts.status.${status as ContractStatus}`)}</Tag>;
}

const text = (max: number, extra: object = {}) => ({ widget: 'text' as const, max, ...extra });
const system = { editable: false } as const;
const link = (path: string, id: string | null | undefined, label: string | null | undefined) => (id ? <Link to={`${path}/${id}`}>{label ?? id.slice(0, 8)}</Link> : '—');

/**
 * Tabs of the contract page. Other modules (payments, invoices) may append theirs here with a
 * targeted edit: `contractDetailTabs.push(...)` or a new entry in this array.
 */
export const contractDetailTabs: ((record: Contract) => { key: string; label: React.ReactNode; children: React.ReactNode } | null)[] = [
  (c) => ({
    key: 'lines',
    label: i18n.t('contracts.linesTab'),
    children: <Suspense fallback={<Skeleton active />}><ContractLines contract={c} /></Suspense>,
  }),
  (c) => ({
    key: 'orders',
    label: i18n.t('contracts.ordersTab'),
    children: <Suspense fallback={<Skeleton active />}><RelatedOrders field="contractId" id={c.id} contract={c} /></Suspense>,
  }),
  ...(paymentContractTabs as unknown as ((record: Contract) => { key: string; label: React.ReactNode; children: React.ReactNode } | null)[]),
  approvalDetailTab('contract') as (record: Contract) => { key: string; label: React.ReactNode; children: React.ReactNode },
  automationDetailTab('contract') as (record: Contract) => { key: string; label: React.ReactNode; children: React.ReactNode } | null,
];

/** Contracts in the record framework; rules mirror the server's input schema (modules/contracts/input.ts). */
export const contractConfig: RecordTypeConfig<Contract> = {
  recordType: 'contract',
  apiPath: '/contracts',
  routePath: '/contracts',
  title: () => i18n.t('contracts.title'),
  singular: () => i18n.t('contracts.singular'),
  standardFields: {
    number: { widget: 'text', ...system },
    name: text(200, { required: true }),
    customerId: { widget: 'customer', required: true },
    customerName: { widget: 'text', ...system },
    opportunityId: { widget: 'text', ...system },
    quoteId: { widget: 'text', ...system },
    contractType: { widget: 'singleSelect' },
    status: { widget: 'singleSelect', ...system },
    amount: { widget: 'money', required: true, min: 0 },
    discountAmount: { widget: 'money', min: 0 },
    receivedAmount: { widget: 'money', ...system },
    outstandingAmount: { widget: 'money', ...system },
    invoicedAmount: { widget: 'money', ...system },
    orderDate: { widget: 'date' },
    startDate: { widget: 'date' },
    endDate: { widget: 'date' },
    signedDate: { widget: 'date' },
    paymentTerms: { widget: 'longText', max: 2000 },
    customerSignerId: { widget: 'text', ...system },
    customerSignerName: text(50),
    companySignerId: { widget: 'user' },
    remindDaysBefore: { widget: 'number', integer: true, min: 0, max: 365 },
    ownerId: { widget: 'user', ...system },
    tags: { widget: 'tags' },
    remark: { widget: 'longText', max: 2000 },
    createdAt: { widget: 'datetime', ...system },
    updatedAt: { widget: 'datetime', ...system },
  },
  defaultColumns: ['number', 'name', 'customerId', 'amount', 'receivedAmount', 'status', 'endDate', 'ownerId'],
  keyFields: ['customerId', 'contractType', 'amount', 'startDate', 'endDate', 'signedDate', 'ownerId'],
  titleOf: (c) => c.name ?? c.number ?? '—',
  statusTags: (c) => <ContractStatusTag status={c.status} />,
  render: {
    customerId: (c) => link('/customers', c.customerId, c.customerName),
    opportunityId: (c) => link('/opportunities', c.opportunityId, c.opportunityName),
    quoteId: (c) => link('/quotes', c.quoteId, c.quoteNumber),
    status: (c) => <ContractStatusTag status={c.status} />,
    contractType: (c) => (c.contractType ? i18n.t(`contracts.type.${c.contractType}`) : '—'),
    amount: (c) => yuan(c.amount),
    discountAmount: (c) => yuan(c.discountAmount),
    receivedAmount: (c) => yuan(c.receivedAmount),
    outstandingAmount: (c) => yuan(c.outstandingAmount),
    invoicedAmount: (c) => yuan(c.invoicedAmount),
    companySignerId: (c) => c.companySignerName ?? '—',
    ownerId: (c) => c.ownerName ?? '—',
  },
  recycleBin: true,
  // the server edits a contract only while it is a draft, rejected or withdrawn
  editable: (c) => !!c.status && EDITABLE.includes(c.status as ContractStatus),
  listExtras: [(ctx) => <Suspense fallback={null}><NewContractButton onCreated={ctx.refresh} /></Suspense>],
  detailExtras: [
    approvalDetailExtra('contract'),
    (c, ctx) => <Suspense fallback={null}><ContractActions contract={c} canEdit={ctx.can('edit')} onChanged={ctx.refresh} /></Suspense>,
  ],
  detailSummary: [(c) => <Suspense fallback={null}><ContractSummary contract={c} /></Suspense>],
  detailTabs: contractDetailTabs as RecordTypeConfig<Contract>['detailTabs'],
};

/** For other record pages' configs (customer 360): the contracts of a record. */
export type ContractRecord = Contract & RecordLike;
