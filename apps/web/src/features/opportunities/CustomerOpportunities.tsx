import './messages.ts';
import { Empty, Skeleton, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { StatusTag } from './config.tsx';
import { oppKeys, yuan, type Opportunity } from './api.ts';

interface Answer { items: Opportunity[]; totals: { openCount: number; openAmount: string; wonCount: number; wonAmount: string } }

/** The 商机 tab of the customer page: its opportunities with stage and amount, and the open / won totals. */
export default function CustomerOpportunities({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: oppKeys.customer(customerId), queryFn: () => api.get<Answer>(`/customers/${customerId}/opportunities`) });
  if (q.isLoading) return <Skeleton active />;
  if (!q.data) return <Empty />;
  const { items, totals } = q.data;
  return (
    <div data-testid="customer-opportunities">
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('opportunities.openTotal', { count: totals.openCount, amount: yuan(totals.openAmount) })}</Typography.Text>
        <Typography.Text type="success">{t('opportunities.wonTotal', { count: totals.wonCount, amount: yuan(totals.wonAmount) })}</Typography.Text>
      </Space>
      <Table<Opportunity>
        size="small" rowKey="id" pagination={false} dataSource={items} scroll={{ x: true }}
        columns={[
          { title: t('opportunities.singular'), dataIndex: 'name', render: (v: string, o) => <Link to={`/opportunities/${o.id}`}>{v}</Link> },
          { title: t('opportunities.stage'), dataIndex: 'stageName' },
          { title: t('opportunities.amount'), dataIndex: 'amount', align: 'right', render: (v: string) => yuan(v) },
          { title: t('opportunities.probability'), dataIndex: 'probability', render: (v: number) => `${v}%` },
          { title: '', dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
          { title: t('opportunities.fields.expectedCloseDate'), dataIndex: 'expectedCloseDate', render: (v: string | null) => (v ? formatDate(v) : '—') },
        ]}
      />
    </div>
  );
}
