/** The 商机 tab other record pages (the customer page) plug into their RecordTypeConfig; its content loads lazily. */

import './messages.ts';
import { lazy, Suspense } from 'react';
import { Skeleton } from 'antd';
import i18n from '../../lib/i18n.ts';
import type { RecordLike } from '../records/types.ts';

const CustomerOpportunities = lazy(() => import('./CustomerOpportunities.tsx'));

export function customerOpportunitiesTab() {
  return (record: RecordLike) => ({
    key: 'opportunities',
    label: i18n.t('opportunities.customerTab'),
    children: (
      <Suspense fallback={<Skeleton active />}>
        <CustomerOpportunities customerId={record.id} />
      </Suspense>
    ),
  });
}
