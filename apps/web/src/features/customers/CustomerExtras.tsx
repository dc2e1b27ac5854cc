import { useState } from 'react';
import { App, Button, Spin } from 'antd';
import { LockOutlined, TeamOutlined, UnlockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { useRecordPermissions } from '../records/permissions.ts';
import { ShareForm } from '../records/RecordActions.tsx';
import type { DetailExtraContext, RecordTypeConfig } from '../records/types.ts';
import { useCustomerSummary } from './api.ts';
import type { Customer } from './config.tsx';
import { ConvertedFrom } from './CustomerSummary.tsx';

/** Lock / unlock (POST /customers/:id/lock): a locked customer never returns to the public pool. */
export function LockButton({ customer, ctx }: { customer: Customer; ctx: DetailExtraContext }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  if (!ctx.can('edit') || customer.locked === undefined) return null;
  const toggle = async () => {
    setBusy(true);
    try {
      await api.post(`/customers/${customer.id}/lock`, { locked: !customer.locked });
      message.success(customer.locked ? t('customers.unlocked') : t('customers.lockedDone'));
      ctx.refresh();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={customer.locked ? <UnlockOutlined /> : <LockOutlined />} loading={busy} onClick={toggle} data-testid="customer-lock">
      {customer.locked ? t('customers.unlock') : t('customers.lock')}
    </Button>
  );
}

/** The "来源线索" tab: the leads this customer was converted from. */
export function SourceLeadsTab({ customerId }: { customerId: string }) {
  const summary = useCustomerSummary(customerId);
  if (!summary.data) return <Spin />;
  return <ConvertedFrom summary={summary.data} />;
}

/** The "团队成员" tab: colleagues the customer is shared with (read or edit), added and removed in place. */
export function TeamTab({ config, customer }: { config: RecordTypeConfig<Customer>; customer: Customer }) {
  return <ShareForm config={config} record={customer} />;
}

/** On the customer list: open the handover page (for people who may transfer customers). */
export function HandoverLink() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useRecordPermissions('customer');
  if (!can('transfer')) return null;
  return <Button icon={<TeamOutlined />} onClick={() => navigate('/customers/handover')} data-testid="handover-link">{t('customers.handover.title')}</Button>;
}
