/** Detail-page buttons: 收款收据 PDF and 作废 (finance) on payments, 开票 / 作废 on invoices, 作废 on plans. */

import './messages.ts';
import { useState } from 'react';
import { App, Button, DatePicker, Form, Input, Modal } from 'antd';
import { FilePdfOutlined, FileDoneOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api, API_BASE } from '../../lib/api.ts';
import { applyServerErrors } from '../../lib/forms.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useRecordPermissions } from '../records/permissions.ts';
import type { Invoice, Payment, PaymentPlan } from './model.ts';

function VoidButton({ path, onDone, testId }: { path: string; onDone: () => void; testId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const run = useMutation({
    mutationFn: () => api.post(path, reason.trim() ? { reason: reason.trim() } : {}),
    onSuccess: () => { message.success(t('payments.voided')); setOpen(false); onDone(); },
    onError: (err) => message.error(errorMessage(err)),
  });
  return (
    <>
      <Button danger icon={<StopOutlined />} onClick={() => setOpen(true)} data-testid={testId}>{t('payments.void')}</Button>
      <Modal open={open} title={t('payments.voidTitle')} onCancel={() => setOpen(false)} onOk={() => run.mutate()} okButtonProps={{ danger: true, loading: run.isPending, 'data-testid': `${testId}-ok` } as never} destroyOnHidden>
        <Input.TextArea rows={3} maxLength={500} placeholder={t('payments.voidReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </>
  );
}

export function PaymentActions({ payment: p, onChanged }: { payment: Payment; onChanged: () => void }) {
  const { t } = useTranslation();
  const finance = useRecordPermissions('payment')('edit');
  return (
    <>
      <Button icon={<FilePdfOutlined />} href={`${API_BASE}/payments/${p.id}/receipt.pdf`} target="_blank" data-testid="payment-receipt">{t('payments.receipt')}</Button>
      {finance && p.status !== 'void' && p.status !== 'inReview' && <span style={{ marginInlineStart: 8 }}><VoidButton path={`/payments/${p.id}/void`} onDone={onChanged} testId="payment-void" /></span>}
    </>
  );
}

export function PlanActions({ plan: p, onChanged }: { plan: PaymentPlan; onChanged: () => void }) {
  const finance = useRecordPermissions('paymentPlan')('edit');
  if (!finance || p.status === 'void' || p.status === 'received' || (p.receivedAmount && p.receivedAmount !== '0.00')) return null;
  return <VoidButton path={`/payment-plans/${p.id}/void`} onDone={onChanged} testId="plan-void" />;
}

export function InvoiceActions({ invoice: v, onChanged }: { invoice: Invoice; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const finance = useRecordPermissions('invoice')('edit');
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ invoiceNo: string; invoicedOn: Dayjs }>();
  const issue = useMutation({
    mutationFn: (x: { invoiceNo: string; invoicedOn: Dayjs }) => api.post(`/invoices/${v.id}/issue`, { invoiceNo: x.invoiceNo.trim(), invoicedOn: x.invoicedOn.format('YYYY-MM-DD') }),
    onSuccess: () => { message.success(t('payments.issued')); setOpen(false); onChanged(); },
    onError: (err) => { const rest = applyServerErrors(form, err); if (rest) message.error(rest); },
  });
  if (!finance) return null;
  return (
    <>
      {v.status === 'approved' && <Button type="primary" icon={<FileDoneOutlined />} onClick={() => setOpen(true)} data-testid="invoice-issue">{t('payments.issue')}</Button>}
      {v.status !== 'void' && v.status !== 'inReview' && <span style={{ marginInlineStart: 8 }}><VoidButton path={`/invoices/${v.id}/void`} onDone={onChanged} testId="invoice-void" /></span>}
      <Modal open={open} title={t('payments.issueTitle')} onCancel={() => setOpen(false)} onOk={() => form.submit()} okButtonProps={{ loading: issue.isPending, 'data-testid': 'invoice-issue-ok' } as never} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ invoicedOn: dayjs() }} onFinish={(x) => issue.mutate(x)}>
          <Form.Item name="invoiceNo" label={t('payments.invoiceNo')} rules={[{ required: true }, { pattern: /^[0-9A-Za-z-]{6,30}$/ }]}><Input maxLength={30} data-testid="invoice-no" /></Form.Item>
          <Form.Item name="invoicedOn" label={t('payments.invoicedOn')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
