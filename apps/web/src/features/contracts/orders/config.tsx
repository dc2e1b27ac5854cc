import '../messages.ts';
import { lazy, Suspense } from 'react';
import { Skeleton, Tag } from 'antd';
import { Link } from 'react-router-dom';
import i18n from '../../../lib/i18n.ts';
import { automationDetailTab } from '../../flowRuns/extras.tsx';
import type { RecordTypeConfig } from '../../records/types.ts';
import { DELIVERY_COLOR, yuan, type Order } from '../model.ts';

const OrderShipping = lazy(() => import('./OrderShipping.tsx'));
const OrderPdfButton = lazy(() => import('./OrderShipping.tsx').then((m) => ({ default: m.OrderPdfButton })));

export function DeliveryTag({ status }: { status?: string }) {
  if (!status) return null;
  return <Tag color={DELIVERY_COLOR[status]} data-testid="order-delivery">{i18n.t(`contracts.orders.delivery.${status as 'pending'}`)}</Tag>;
}

const system = { editable: false } as const;
const link = (path: string, id: string | null | undefined, label: string | null | undefined) => (id ? <Link to={`${path}/${id}`}>{label ?? id.slice(0, 8)}</Link> : '—');

/** Orders in the record framework; rules mirror modules/orders/input.ts. Lines and shipments are on the 明细与发货 tab. */
export const orderConfig: RecordTypeConfig<Order> = {
  recordType: 'order',
  apiPath: '/orders',
  routePath: '/orders',
  title: () => i18n.t('contracts.orders.title'),
  singular: () => i18n.t('contracts.orders.singular'),
  standardFields: {
    number: { widget: 'text', ...system },
    title: { widget: 'text', max: 200, required: true },
    customerId: { widget: 'customer', required: true },
    customerName: { widget: 'text', ...system },
    contractId: { widget: 'text', ...system },
    quoteId: { widget: 'text', ...system },
    orderDate: { widget: 'date' },
    status: { widget: 'singleSelect' },
    deliveryStatus: { widget: 'singleSelect', ...system },
    grossAmount: { widget: 'money', ...system },
    discountAmount: { widget: 'money', ...system },
    taxAmount: { widget: 'money', ...system },
    totalAmount: { widget: 'money', ...system },
    receiverName: { widget: 'text', max: 50 },
    receiverPhone: { widget: 'phone', max: 30 },
    shippingAddress: { widget: 'text', max: 300 },
    ownerId: { widget: 'user', ...system },
    tags: { widget: 'tags' },
    remark: { widget: 'longText', max: 2000 },
    createdAt: { widget: 'datetime', ...system },
    updatedAt: { widget: 'datetime', ...system },
  },
  defaultColumns: ['number', 'title', 'customerId', 'contractId', 'totalAmount', 'deliveryStatus', 'orderDate', 'ownerId'],
  keyFields: ['customerId', 'contractId', 'orderDate', 'totalAmount', 'deliveryStatus', 'receiverName', 'shippingAddress'],
  titleOf: (o) => o.title ?? o.number ?? '—',
  statusTags: (o) => (
    <>
      {o.status && <Tag>{i18n.t(`contracts.orders.status.${o.status}`)}</Tag>}
      <DeliveryTag status={o.deliveryStatus} />
    </>
  ),
  render: {
    customerId: (o) => link('/customers', o.customerId, o.customerName),
    contractId: (o) => link('/contracts', o.contractId, o.contractNumber),
    quoteId: (o) => link('/quotes', o.quoteId, o.quoteNumber),
    deliveryStatus: (o) => <DeliveryTag status={o.deliveryStatus} />,
    status: (o) => (o.status ? i18n.t(`contracts.orders.status.${o.status}`) : '—'),
    grossAmount: (o) => yuan(o.grossAmount as string | undefined),
    discountAmount: (o) => yuan(o.discountAmount as string | undefined),
    taxAmount: (o) => yuan(o.taxAmount as string | undefined),
    totalAmount: (o) => yuan(o.totalAmount),
    ownerId: (o) => o.ownerName ?? '—',
  },
  detailExtras: [(o) => <Suspense fallback={null}><OrderPdfButton orderId={o.id} /></Suspense>],
  detailTabs: [
    (o) => ({
      key: 'delivery',
      label: i18n.t('contracts.orders.linesTab'),
      children: <Suspense fallback={<Skeleton active />}><OrderShipping order={o} /></Suspense>,
    }),
    automationDetailTab('order'),
  ],
};
