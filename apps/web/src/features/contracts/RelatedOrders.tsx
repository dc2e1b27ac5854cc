/** Orders of a contract or a customer (detail-page tab). */

import './messages.ts';
import { Empty, Flex, List, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../lib/api.ts';
import { DELIVERY_COLOR, yuan, type Contract, type Order } from './model.ts';

export default function RelatedOrders({ field, id }: { field: 'contractId' | 'customerId'; id: string; contract?: Contract }) {
  const { t } = useTranslation();
  const filter = JSON.stringify({ field, op: 'eq', value: id });
  const found = useQuery({
    queryKey: ['records', 'order', 'related', field, id],
    queryFn: () => api.get<{ items: Order[]; total?: number }>('/orders', { filter, pageSize: 50, sort: '-createdAt' }),
  });
  const items = found.data?.items ?? [];
  if (!found.isPending && !items.length) return <Empty description={t('contracts.noOrders')} />;
  return (
    <List loading={found.isPending} dataSource={items} data-testid="related-orders" renderItem={(o) => (
      <List.Item extra={<b>{yuan(o.totalAmount)}</b>}>
        <List.Item.Meta
          title={<Flex gap={8} wrap align="center"><Link to={`/orders/${o.id}`}>{o.title ?? o.number}</Link>
            {o.deliveryStatus && <Tag color={DELIVERY_COLOR[o.deliveryStatus]}>{t(`contracts.orders.delivery.${o.deliveryStatus}`)}</Tag>}</Flex>}
          description={<Typography.Text type="secondary">{[o.number, o.orderDate, o.ownerName].filter(Boolean).join(' · ')}</Typography.Text>} />
      </List.Item>
    )} />
  );
}
