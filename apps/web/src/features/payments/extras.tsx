/**
 * Tabs other record pages add (all lazy): 回款 / 发票 / 开票信息 on the customer page, 回款计划 / 回款 /
 * 发票 on the contract page.
 */

import './messages.ts';
import { lazy, Suspense } from 'react';
import i18n from '../../lib/i18n.ts';
import { Loading } from '../../components/Loading.tsx';
import type { RecordLike } from '../records/types.ts';

const Related = lazy(() => import('./Related.tsx'));
const BillingProfiles = lazy(() => import('./BillingProfiles.tsx'));

type Tab = (record: RecordLike) => { key: string; label: React.ReactNode; children: React.ReactNode } | null;

const related = (kind: 'payment' | 'paymentPlan' | 'invoice', field: 'contractId' | 'customerId', key: string, label: () => string): Tab => (r) => ({
  key,
  label: label(),
  children: <Suspense fallback={<Loading />}><Related kind={kind} field={field} id={r.id} contractApproved={field === 'contractId' ? r.status === 'approved' : undefined} /></Suspense>,
});

/** Customer page: 回款, 发票, 开票信息. */
export const paymentCustomerTabs: Tab[] = [
  related('payment', 'customerId', 'payments', () => i18n.t('payments.tabs.payments')),
  related('invoice', 'customerId', 'invoices', () => i18n.t('payments.tabs.invoices')),
  (c) => ({ key: 'billing', label: i18n.t('payments.tabs.billing'), children: <Suspense fallback={<Loading />}><BillingProfiles customerId={c.id} /></Suspense> }),
];

/** Contract page: 回款计划, 回款, 发票. */
export const paymentContractTabs: Tab[] = [
  related('paymentPlan', 'contractId', 'paymentPlans', () => i18n.t('payments.tabs.plans')),
  related('payment', 'contractId', 'payments', () => i18n.t('payments.tabs.payments')),
  related('invoice', 'contractId', 'invoices', () => i18n.t('payments.tabs.invoices')),
];
