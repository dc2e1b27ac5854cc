/** Quotes of a customer or an opportunity (detail-page tab), with 新建报价 on an opportunity. */

import './messages.ts';
import { App, Button, Empty, Flex, List, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { displayMoney, parseMoney } from '@loopline/shared';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { useRecordPermissions } from '../records/permissions.ts';
import { QuoteStatusTag, type Quote } from './config.tsx';

export function useNewQuoteFromOpportunity(opportunityId: string) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ id: string }>('/quotes', { opportunityId }),
    onSuccess: async (q) => {
      message.success(t('quotes.created'));
      await queryClient.invalidateQueries({ queryKey: ['records', 'quote'] });
      navigate(`/quotes/${q.id}`);
    },
    onError: (err) => message.error(errorMessage(err)),
  });
}

/** The 新建报价 button of an opportunity page. */
export function NewQuoteButton({ opportunityId }: { opportunityId: string }) {
  const { t } = useTranslation();
  const can = useRecordPermissions('quote');
  const create = useNewQuoteFromOpportunity(opportunityId);
  if (!can('create')) return null;
  return <Button icon={<PlusOutlined />} loading={create.isPending} onClick={() => create.mutate()} data-testid="opportunity-new-quote">{t('quotes.newFromOpportunity')}</Button>;
}

export default function RelatedQuotes({ field, id }: { field: 'customerId' | 'opportunityId'; id: string }) {
  const { t } = useTranslation();
  const filter = JSON.stringify({ field, op: 'eq', value: id });
  const found = useQuery({
    queryKey: ['records', 'quote', 'related', field, id],
    queryFn: () => api.get<{ items: Quote[]; total?: number }>('/quotes', { filter, pageSize: 50, sort: '-createdAt' }),
  });
  const items = found.data?.items ?? [];
  const total = items.reduce((a, q) => a + (q.status === 'accepted' || q.status === 'sent' ? parseMoney(q.totalAmount ?? '0') : 0), 0);
  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">{items.length ? t('quotes.related.count', { count: found.data?.total ?? items.length, total: displayMoney(total) }) : ''}</Typography.Text>
        {field === 'opportunityId' && <NewQuoteButton opportunityId={id} />}
      </Flex>
      {items.length || found.isPending ? (
        <List loading={found.isPending} dataSource={items} data-testid="related-quotes" renderItem={(q) => (
          <List.Item extra={<b>{q.totalAmount ? displayMoney(parseMoney(q.totalAmount)) : '—'}</b>}>
            <List.Item.Meta
              title={<Flex gap={8} wrap align="center"><Link to={`/quotes/${q.id}`}>{q.title ?? q.number}</Link><QuoteStatusTag status={q.status} /></Flex>}
              description={[q.number, q.quoteDate, q.validUntil ? t('quotes.validUntil', { date: q.validUntil }) : null, q.ownerName].filter(Boolean).join(' · ')} />
          </List.Item>
        )} />
      ) : <Empty description={t('quotes.related.empty')} />}
    </Flex>
  );
}
