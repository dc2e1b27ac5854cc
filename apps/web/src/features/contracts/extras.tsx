/**
 * Contracts and orders on other record pages (the customer page's 合同 and 订单 tabs). They load
 * lazily, so those pages do not carry contract code until shown.
 */

import './messages.ts';
import { lazy, Suspense } from 'react';
import { Skeleton } from 'antd';
import i18n from '../../lib/i18n.ts';
import type { RecordLike } from '../records/types.ts';

const RelatedContracts = lazy(() => import('./RelatedContracts.tsx'));
const RelatedOrders = lazy(() => import('./RelatedOrders.tsx'));

/** detailTabs of the customer page: its contracts. */
export const contractCustomerTab = (record: RecordLike) => ({
  key: 'contracts',
  label: i18n.t('contracts.title'),
  children: <Suspense fallback={<Skeleton active />}><RelatedContracts customerId={record.id} /></Suspense>,
});

/** detailTabs of the customer page: its orders. */
export const orderCustomerTab = (record: RecordLike) => ({
  key: 'orders',
  label: i18n.t('contracts.orders.title'),
  children: <Suspense fallback={<Skeleton active />}><RelatedOrders field="customerId" id={record.id} /></Suspense>,
});
