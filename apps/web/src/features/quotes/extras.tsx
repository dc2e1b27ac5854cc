/**
 * Quotes on other record pages: the 报价 tab of customer and opportunity pages and the 新建报价 button
 * of an opportunity (POST /quotes {opportunityId} copies its customer and line items). Everything
 * loads lazily, so those pages do not carry quote code until shown.
 */

import './messages.ts';
import { lazy, Suspense } from 'react';
import { Skeleton } from 'antd';
import i18n from '../../lib/i18n.ts';
import type { DetailExtraContext, RecordLike } from '../records/types.ts';

const RelatedQuotes = lazy(() => import('./RelatedQuotes.tsx'));
const NewQuoteButton = lazy(() => import('./RelatedQuotes.tsx').then((m) => ({ default: m.NewQuoteButton })));

function tab(field: 'customerId' | 'opportunityId') {
  return (record: RecordLike) => ({
    key: 'quotes',
    label: i18n.t('quotes.title'),
    children: (
      <Suspense fallback={<Skeleton active />}>
        <RelatedQuotes field={field} id={record.id} />
      </Suspense>
    ),
  });
}

/** detailTabs of the customer page. */
export const quoteCustomerTab = tab('customerId');
/** detailTabs of the opportunity page (with 新建报价 inside). */
export const quoteOpportunityTab = tab('opportunityId');

/** detailExtras of the opportunity page: 从商机生成报价. */
export function quoteOpportunityExtra(record: RecordLike, _ctx: DetailExtraContext) {
  return (
    <Suspense fallback={null}>
      <NewQuoteButton opportunityId={record.id} />
    </Suspense>
  );
}
