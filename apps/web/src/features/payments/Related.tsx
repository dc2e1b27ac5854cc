/** Payments, plans and invoices of a contract or a customer (tabs on their pages), with totals. */

import './messages.ts';
import { Empty, Flex, List, Skeleton, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../lib/api.ts';
import { useRecordPermissions } from '../records/permissions.ts';
import { NewInvoiceButton, NewPaymentButton, NewPlanButton } from './Forms.tsx';
import { INVOICE_COLOR, PAYMENT_COLOR, PLAN_COLOR, sumYuan, yuan, type Invoice, type Payment, type PaymentPlan } from './model.ts';

type Kind = 'payment' | 'paymentPlan' | 'invoice';
const PATH: Record<Kind, string> = { payment: '/payments', paymentPlan: '/payment-plans', invoice: '/invoices' };

export default function Related({ kind, field, id, contractApproved }: { kind: Kind; field: 'contractId' | 'customerId'; id: string; contractApproved?: boolean }) {
  const { t } = useTranslation();
  const can = useRecordPermissions(kind);
  const filter = JSON.stringify({ field, op: 'eq', value: id });
  const list = useQuery({
    queryKey: ['records', kind, 'related', field, id],
    queryFn: () => api.get<{ items: (Payment & PaymentPlan & Invoice)[]; total?: number }>(PATH[kind], { filter, pageSize: 200, sort: kind === 'paymentPlan' ? 'instalment' : '-createdAt' }),
    enabled: can('view'),
  });
  if (!can('view')) return null;
  const items = list.data?.items ?? [];
  const refresh = () => { void list.refetch(); };
  const contractId = field === 'contractId' ? id : undefined;
  const button = can('create') && (field === 'customerId' || contractApproved !== false) && (
    kind === 'payment' ? <NewPaymentButton contractId={contractId} onCreated={refresh} />
      : kind === 'invoice' ? <NewInvoiceButton contractId={contractId} onCreated={refresh} />
        : <NewPlanButton contractId={contractId} onCreated={refresh} />
  );
  const counted = kind === 'payment' ? items.filter((x) => x.status === 'confirmed') : kind === 'invoice' ? items.filter((x) => x.status === 'approved' || x.status === 'issued') : items.filter((x) => x.status !== 'void');
  return (
    <div data-testid={`related-${kind}`}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">{t('payments.totals', { n: items.length, sum: sumYuan(counted.map((x) => x.amount)) })}</Typography.Text>
        {button}
      </Flex>
      {list.isPending ? <Skeleton active /> : items.length === 0 ? <Empty description={t('payments.none')} /> : (
        <List size="small" dataSource={items} renderItem={(x) => (
          <List.Item key={x.id} extra={<Typography.Text strong>{yuan(x.amount)}</Typography.Text>}>
            <Flex vertical gap={2} style={{ minWidth: 0 }}>
              <Flex gap={6} wrap align="center">
                <Link to={`${PATH[kind]}/${x.id}`}>
                  {kind === 'paymentPlan' ? t('payments.instalment', { n: x.instalment }) : x.number ?? x.id.slice(0, 8)}
                </Link>
                {kind === 'payment' && <Tag color={PAYMENT_COLOR[x.status ?? '']}>{t(`payments.status.${x.status as 'draft'}`)}</Tag>}
                {kind === 'paymentPlan' && <Tag color={PLAN_COLOR[x.status ?? '']}>{t(`payments.planStatus.${x.status as 'pending'}`)}</Tag>}
                {kind === 'invoice' && <Tag color={INVOICE_COLOR[x.status ?? '']}>{t(`payments.invoiceStatus.${x.status as 'draft'}`)}</Tag>}
              </Flex>
              <Typography.Text type="secondary" className="ll-break" style={{ fontSize: 12 }}>
                {kind === 'payment' && [x.paidOn, t(`payments.method.${x.method as 'cash'}`), field === 'customerId' ? x.contractName : null].filter(Boolean).join(' · ')}
                {kind === 'paymentPlan' && [x.dueDate, `${t('payments.received')} ${yuan(x.receivedAmount)}`, `${t('payments.outstanding')} ${yuan(x.outstanding)}`].join(' · ')}
                {kind === 'invoice' && [t(`payments.invoiceType.${x.invoiceType as 'receipt'}`), x.title, x.invoiceNo, x.invoicedOn].filter(Boolean).join(' · ')}
              </Typography.Text>
            </Flex>
          </List.Item>
        )} />
      )}
    </div>
  );
}
