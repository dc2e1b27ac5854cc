/** Contracts of a customer (customer page tab), with the approved total. */

import './messages.ts';
import { Empty, Flex, List, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { displayMoney, parseMoney } from '@loopline/shared';
import { api } from '../../lib/api.ts';
import { ContractStatusTag } from './config.tsx';
import { yuan, type Contract } from './model.ts';

export default function RelatedContracts({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const filter = JSON.stringify({ field: 'customerId', op: 'eq', value: customerId });
  const found = useQuery({
    queryKey: ['records', 'contract', 'related', customerId],
    queryFn: () => api.get<{ items: Contract[]; total?: number }>('/contracts', { filter, pageSize: 50, sort: '-createdAt' }),
  });
  const items = found.data?.items ?? [];
  if (!found.isPending && !items.length) return <Empty description={t('contracts.related.empty')} />;
  const approved = items.reduce((a, c) => a + (c.status === 'approved' && c.amount ? parseMoney(c.amount) : 0), 0);
  return (
    <Flex vertical gap={8}>
      <Typography.Text type="secondary">{t('contracts.related.count', { count: found.data?.total ?? items.length, total: displayMoney(approved) })}</Typography.Text>
      <List loading={found.isPending} dataSource={items} data-testid="related-contracts" renderItem={(c) => (
        <List.Item extra={<Flex vertical align="end"><b>{yuan(c.amount)}</b>{c.outstandingAmount && <Typography.Text type="secondary">{t('contracts.amounts.outstanding')} {yuan(c.outstandingAmount)}</Typography.Text>}</Flex>}>
          <List.Item.Meta
            title={<Flex gap={8} wrap align="center"><Link to={`/contracts/${c.id}`}>{c.name ?? c.number}</Link><ContractStatusTag status={c.status} /></Flex>}
            description={[c.number, c.startDate && c.endDate ? `${c.startDate} ~ ${c.endDate}` : null, c.ownerName].filter(Boolean).join(' · ')} />
        </List.Item>
      )} />
    </Flex>
  );
}
