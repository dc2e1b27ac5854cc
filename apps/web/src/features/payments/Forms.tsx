/**
 * 登记回款 / 新建回款计划 / 申请开票: forms with a contract picker (approved contracts), the plan
 * picker filtered by the contract, the amount with what is still open, and for invoices the
 * customer's saved billing details. The server checks everything again and names the field.
 */

import './messages.ts';
import { useEffect, useState } from 'react';
import { Alert, App, Button, Checkbox, DatePicker, Divider, Drawer, Flex, Form, Input, InputNumber, Radio, Select, Space, Typography, type FormInstance } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { INVOICE_TYPES, PAYMENT_METHODS } from '@loopline/shared';
import { api, ApiError } from '../../lib/api.ts';
import { applyServerErrors } from '../../lib/forms.tsx';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { defaultProfile, exceeds, taxNumberError, yuan, type BillingProfile, type PaymentPlan, type PaymentSummary } from './model.ts';

const APPROVED = JSON.stringify({ field: 'status', op: 'eq', value: 'approved' });
interface ContractOption { id: string; number?: string | null; name?: string; customerName?: string | null; amount?: string }
const day = (d?: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : undefined);

/** Approved contracts the user may see, searched by name or number. */
export function ContractPicker({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['records', 'contract', 'approved-picker', q],
    queryFn: ({ signal }) => api.get<{ items: ContractOption[] }>('/contracts', { q: q || undefined, filter: APPROVED, pageSize: 20, count: 'hasMore' }, signal),
    staleTime: 15_000,
  });
  const items = found.data?.items ?? [];
  const current = useQuery({ queryKey: ['records', 'contract', 'one', value], queryFn: () => api.get<ContractOption>(`/contracts/${value}`), enabled: Boolean(value) && !items.some((c) => c.id === value) });
  const options = items.map((c) => ({ value: c.id, label: [c.number, c.name, c.customerName, yuan(c.amount)].filter(Boolean).join(' · ') }));
  if (value && current.data && !items.some((c) => c.id === value)) options.unshift({ value, label: [current.data.number, current.data.name].filter(Boolean).join(' · ') });
  return (
    <Select showSearch value={value} onChange={onChange} filterOption={false} onSearch={setQ} placeholder={t('payments.contractPlaceholder')} loading={found.isFetching}
      options={options} data-testid="contract-picker" style={{ width: '100%' }} />
  );
}

export function usePaymentSummary(contractId?: string) {
  return useQuery({
    queryKey: ['records', 'payment', 'summary', contractId],
    queryFn: () => api.get<PaymentSummary>(`/contracts/${contractId}/payment-summary`),
    enabled: Boolean(contractId),
  });
}

/** A 409 naming a field (over-payment, cap) goes next to that field too. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function placeConflict(form: FormInstance<any>, err: unknown): string | null {
  if (err instanceof ApiError && err.status === 409 && typeof err.detail('field') === 'string') {
    form.setFields([{ name: err.detail<string>('field')!, errors: [err.message] }]);
    return err.message;
  }
  return applyServerErrors(form, err);
}

interface PaymentValues { contractId?: string; planId?: string | null; amount?: number | string; paidOn?: Dayjs; method?: string; payerName?: string; payerAccount?: string; remark?: string }

function PaymentForm({ contractId: fixed, onDone }: { contractId?: string; onDone: (id: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PaymentValues>();
  const [error, setError] = useState<string | null>(null);
  const contractId = Form.useWatch('contractId', form) ?? fixed;
  const amount = Form.useWatch('amount', form);
  const summary = usePaymentSummary(contractId);
  const plans = useQuery({
    queryKey: ['records', 'paymentPlan', 'of', contractId],
    queryFn: () => api.get<{ items: PaymentPlan[] }>(`/contracts/${contractId}/payment-plans`),
    enabled: Boolean(contractId),
  });
  const save = useMutation({
    mutationFn: (v: PaymentValues) => api.post<{ id: string }>('/payments', {
      contractId: v.contractId ?? fixed, planId: v.planId || undefined, amount: String(v.amount ?? ''), paidOn: day(v.paidOn), method: v.method,
      payerName: v.payerName || undefined, payerAccount: v.payerAccount || undefined, remark: v.remark || undefined,
    }),
    onSuccess: (r) => onDone(r.id),
    onError: (err) => setError(placeConflict(form, err)),
  });
  const s = summary.data;
  const open = s ? s.available : null;
  return (
    <Form form={form} layout="vertical" initialValues={{ contractId: fixed, paidOn: dayjs(), method: 'bankTransfer' }} onFinish={(v) => { setError(null); save.mutate(v); }}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
      {fixed ? (
        <Form.Item label={t('payments.contract')}><Typography.Text>{s ? [s.number, s.name].filter(Boolean).join(' · ') : '…'}</Typography.Text></Form.Item>
      ) : (
        <Form.Item name="contractId" label={t('payments.contract')} rules={[{ required: true }]}><ContractPicker onChange={() => form.setFieldValue('planId', null)} /></Form.Item>
      )}
      {s && <Alert type="info" message={t('payments.summary', { amount: yuan(s.amount), received: yuan(s.received), inReview: yuan(s.inReview), available: yuan(s.available) })} style={{ marginBottom: 12 }} data-testid="payment-summary" />}
      <Form.Item name="planId" label={t('payments.plan')}>
        <Select allowClear placeholder={t('payments.planPlaceholder')} data-testid="plan-picker" disabled={!contractId}
          options={(plans.data?.items ?? []).filter((p) => p.status !== 'void' && p.status !== 'received').map((p) => ({
            value: p.id, label: `${t('payments.instalment', { n: p.instalment })} · ${p.dueDate} · ${t('payments.outstanding')} ${yuan(p.outstanding)}`,
          }))} />
      </Form.Item>
      <Form.Item name="amount" label={t('payments.amount')} rules={[{ required: true }]}
        validateStatus={exceeds(amount, open) ? 'warning' : undefined} help={exceeds(amount, open) ? t('payments.overAvailable', { available: yuan(open) }) : undefined}>
        <InputNumber<string> stringMode min="0.01" step="0.01" precision={2} style={{ width: '100%' }} prefix="¥" data-testid="payment-amount" />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item name="paidOn" label={t('payments.paidOn')} rules={[{ required: true }]} style={{ flex: '1 1 160px' }}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="payment-paid-on" />
        </Form.Item>
        <Form.Item name="method" label={t('payments.methodLabel')} rules={[{ required: true }]} style={{ flex: '1 1 160px' }}>
          <Select data-testid="payment-method" options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`payments.method.${m}`) }))} />
        </Form.Item>
      </Flex>
      <Form.Item name="payerName" label={t('payments.payerName')}><Input maxLength={200} /></Form.Item>
      <Form.Item name="payerAccount" label={t('payments.payerAccount')}><Input maxLength={100} /></Form.Item>
      <Form.Item name="remark" label={t('payments.remark')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending} block data-testid="payment-save">{t('common.save')}</Button>
    </Form>
  );
}

function FormDrawer({ title, open, onClose, children }: { title: string; open: boolean; onClose: () => void; children: React.ReactNode }) {
  const isMobile = useIsMobile();
  return <Drawer open={open} onClose={onClose} title={title} size={isMobile ? '100%' : 560} destroyOnHidden>{open && children}</Drawer>;
}

/** 登记回款 button + drawer; on the contract page the contract is fixed. */
export function NewPaymentButton({ contractId, onCreated }: { contractId?: string; onCreated?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="new-payment">{t('payments.newPayment')}</Button>
      <FormDrawer title={t('payments.newPayment')} open={open} onClose={() => setOpen(false)}>
        <PaymentForm contractId={contractId} onDone={(id) => {
          setOpen(false);
          message.success(t('payments.paymentCreated'));
          void queryClient.invalidateQueries({ queryKey: ['records'] });
          onCreated?.();
          navigate(`/payments/${id}`);
        }} />
      </FormDrawer>
    </>
  );
}

interface PlanValues { contractId?: string; mode: 'even' | 'custom'; count?: number; firstDueDate?: Dayjs; intervalMonths?: number; remindDaysBefore?: number; instalments?: { amount?: string; dueDate?: Dayjs }[] }

function PlanForm({ contractId: fixed, onDone }: { contractId?: string; onDone: (n: number) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PlanValues>();
  const [error, setError] = useState<string | null>(null);
  const contractId = Form.useWatch('contractId', form) ?? fixed;
  const mode = Form.useWatch('mode', form) ?? 'even';
  const summary = usePaymentSummary(contractId);
  const save = useMutation({
    mutationFn: (v: PlanValues) => api.post<{ items: unknown[] }>(`/contracts/${v.contractId ?? fixed}/payment-plans/generate`, v.mode === 'even'
      ? { count: v.count, firstDueDate: day(v.firstDueDate), intervalMonths: v.intervalMonths ?? 1, remindDaysBefore: v.remindDaysBefore }
      : { instalments: (v.instalments ?? []).map((x) => ({ amount: String(x.amount ?? ''), dueDate: day(x.dueDate), remindDaysBefore: v.remindDaysBefore })) }),
    onSuccess: (r) => onDone(r.items.length),
    onError: (err) => setError(placeConflict(form, err)),
  });
  const s = summary.data;
  return (
    <Form form={form} layout="vertical" initialValues={{ contractId: fixed, mode: 'even', count: 3, intervalMonths: 1, remindDaysBefore: 3, firstDueDate: dayjs().add(1, 'month'), instalments: [{}, {}] }}
      onFinish={(v) => { setError(null); save.mutate(v); }}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
      {!fixed && <Form.Item name="contractId" label={t('payments.contract')} rules={[{ required: true }]}><ContractPicker /></Form.Item>}
      {s && <Alert type="info" message={`${t('payments.amount')} ${yuan(s.amount)} · ${t('payments.plansTitle')} ${yuan(s.planned)}`} style={{ marginBottom: 12 }} />}
      <Form.Item name="mode"><Radio.Group options={[{ value: 'even', label: t('payments.generateMode.even') }, { value: 'custom', label: t('payments.generateMode.custom') }]} /></Form.Item>
      {mode === 'even' ? (
        <Flex gap={12} wrap>
          <Form.Item name="count" label={t('payments.count')} rules={[{ required: true }]} style={{ flex: '1 1 100px' }}><InputNumber min={1} max={60} style={{ width: '100%' }} data-testid="plan-count" /></Form.Item>
          <Form.Item name="firstDueDate" label={t('payments.firstDueDate')} rules={[{ required: true }]} style={{ flex: '1 1 150px' }}><DatePicker style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="intervalMonths" label={t('payments.intervalMonths')} style={{ flex: '1 1 100px' }}><InputNumber min={1} max={24} style={{ width: '100%' }} /></Form.Item>
        </Flex>
      ) : (
        <Form.List name="instalments">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" wrap>
                  <Typography.Text>{t('payments.instalment', { n: i + 1 })}</Typography.Text>
                  <Form.Item name={[f.name, 'amount']} rules={[{ required: true }]}><InputNumber<string> stringMode min="0.01" precision={2} prefix="¥" /></Form.Item>
                  <Form.Item name={[f.name, 'dueDate']} rules={[{ required: true }]}><DatePicker /></Form.Item>
                  {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({})} icon={<PlusOutlined />} block style={{ marginBottom: 12 }}>{t('payments.addInstalment')}</Button>
            </>
          )}
        </Form.List>
      )}
      <Form.Item name="remindDaysBefore" label={t('payments.remindDaysBefore')}><InputNumber min={0} max={365} /></Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending} block data-testid="plan-save">{t('common.save')}</Button>
    </Form>
  );
}

export function NewPlanButton({ contractId, onCreated }: { contractId?: string; onCreated?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="new-plan" type={contractId ? 'default' : 'primary'}>{t('payments.generate')}</Button>
      <FormDrawer title={t('payments.generate')} open={open} onClose={() => setOpen(false)}>
        <PlanForm contractId={contractId} onDone={(n) => {
          setOpen(false);
          message.success(t('payments.plansGenerated', { n }));
          void queryClient.invalidateQueries({ queryKey: ['records'] });
          onCreated?.();
        }} />
      </FormDrawer>
    </>
  );
}

interface InvoiceValues {
  contractId?: string; amount?: string; invoiceType?: string; titleType?: string; title?: string; taxNumber?: string; bankName?: string; bankAccount?: string; address?: string; phone?: string;
  mailRecipient?: string; mailPhone?: string; mailAddress?: string; email?: string; remark?: string; saveBillingProfile?: boolean; profileId?: string;
}

function InvoiceForm({ contractId: fixed, onDone }: { contractId?: string; onDone: (id: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<InvoiceValues>();
  const [error, setError] = useState<string | null>(null);
  const contractId = Form.useWatch('contractId', form) ?? fixed;
  const amount = Form.useWatch('amount', form);
  const invoiceType = Form.useWatch('invoiceType', form);
  const summary = usePaymentSummary(contractId);
  const customerId = summary.data?.customerId;
  const profiles = useQuery({
    queryKey: ['records', 'billingProfile', customerId],
    queryFn: () => api.get<{ items: BillingProfile[] }>(`/customers/${customerId}/billing-profiles`),
    enabled: Boolean(customerId),
  });
  const fill = (p: BillingProfile | null) => {
    if (!p) return;
    form.setFieldsValue({ profileId: p.id, titleType: p.titleType, title: p.title, taxNumber: p.taxNumber ?? '', bankName: p.bankName ?? '', bankAccount: p.bankAccount ?? '', address: p.address ?? '', phone: p.phone ?? '' });
  };
  // pre-fill from the customer's default billing details once they load
  useEffect(() => { if (profiles.data && !form.getFieldValue('title')) fill(defaultProfile(profiles.data.items)); }, [profiles.data]); // eslint-disable-line react-hooks/exhaustive-deps
  const save = useMutation({
    mutationFn: ({ profileId: _p, ...v }: InvoiceValues) => api.post<{ id: string }>('/invoices', {
      ...Object.fromEntries(Object.entries(v).filter(([, x]) => x !== '' && x !== undefined)), contractId: v.contractId ?? fixed, amount: String(v.amount ?? ''),
    }),
    onSuccess: (r) => onDone(r.id),
    onError: (err) => setError(placeConflict(form, err)),
  });
  const s = summary.data;
  const special = invoiceType === 'specialVat';
  const need = (on: boolean) => (on ? [{ required: true, message: t('payments.specialVatRequired') }] : []);
  return (
    <Form form={form} layout="vertical" initialValues={{ contractId: fixed, invoiceType: 'specialVat', titleType: 'company', saveBillingProfile: false }} onFinish={(v) => { setError(null); save.mutate(v); }}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
      {!fixed && <Form.Item name="contractId" label={t('payments.contract')} rules={[{ required: true }]}><ContractPicker onChange={() => form.setFieldsValue({ profileId: undefined, title: '' })} /></Form.Item>}
      {s && <Alert type="info" message={t('payments.invoiceSummary', { amount: yuan(s.amount), requested: yuan(s.invoiceRequested), available: yuan(s.invoiceAvailable) })} style={{ marginBottom: 12 }} data-testid="invoice-summary" />}
      <Flex gap={12} wrap>
        <Form.Item name="invoiceType" label={t('payments.invoiceTypeLabel')} rules={[{ required: true }]} style={{ flex: '1 1 180px' }}>
          <Select data-testid="invoice-type" options={INVOICE_TYPES.map((x) => ({ value: x, label: t(`payments.invoiceType.${x}`) }))} />
        </Form.Item>
        <Form.Item name="amount" label={t('payments.amount')} rules={[{ required: true }]} style={{ flex: '1 1 180px' }}
          validateStatus={exceeds(amount, s?.invoiceAvailable) ? 'warning' : undefined} help={exceeds(amount, s?.invoiceAvailable) ? t('payments.overInvoice', { available: yuan(s?.invoiceAvailable) }) : undefined}>
          <InputNumber<string> stringMode min="0.01" precision={2} prefix="¥" style={{ width: '100%' }} data-testid="invoice-amount" />
        </Form.Item>
      </Flex>
      <Divider titlePlacement="start" plain>{t('payments.billingProfile')}</Divider>
      {(profiles.data?.items.length ?? 0) > 0 && (
        <Form.Item name="profileId" label={t('payments.billingProfile')}>
          <Select data-testid="billing-profile-picker" placeholder={t('payments.billingProfilePlaceholder')}
            options={profiles.data!.items.map((p) => ({ value: p.id, label: `${p.title}${p.taxNumber ? ` · ${p.taxNumber}` : ''}${p.isDefault ? ` (${t('payments.profile.default')})` : ''}` }))}
            onChange={(id: string) => fill(profiles.data!.items.find((p) => p.id === id) ?? null)} />
        </Form.Item>
      )}
      <Form.Item name="titleType" label={t('payments.titleTypeLabel')}>
        <Radio.Group options={[{ value: 'company', label: t('payments.titleType.company') }, { value: 'individual', label: t('payments.titleType.individual') }]} />
      </Form.Item>
      <Form.Item name="title" label={t('payments.title_')} rules={[{ required: true }]}><Input maxLength={200} data-testid="invoice-title" /></Form.Item>
      <Form.Item name="taxNumber" label={t('payments.taxNumber')} dependencies={['titleType', 'invoiceType']}
        rules={[{ validator: (_r, v: string) => { const e = taxNumberError(v, form.getFieldValue('titleType'), form.getFieldValue('invoiceType')); return e ? Promise.reject(new Error(t(`payments.${e}`))) : Promise.resolve(); } }]}>
        <Input maxLength={30} data-testid="invoice-tax-number" />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item name="bankName" label={t('payments.bankName')} rules={need(special)} style={{ flex: '1 1 200px' }}><Input maxLength={100} /></Form.Item>
        <Form.Item name="bankAccount" label={t('payments.bankAccount')} rules={need(special)} style={{ flex: '1 1 200px' }}><Input maxLength={50} /></Form.Item>
      </Flex>
      <Flex gap={12} wrap>
        <Form.Item name="address" label={t('payments.address')} rules={need(special)} style={{ flex: '2 1 240px' }}><Input maxLength={200} /></Form.Item>
        <Form.Item name="phone" label={t('payments.phone')} rules={need(special)} style={{ flex: '1 1 160px' }}><Input maxLength={30} /></Form.Item>
      </Flex>
      <Form.Item name="saveBillingProfile" valuePropName="checked"><Checkbox data-testid="save-billing-profile">{t('payments.saveBillingProfile')}</Checkbox></Form.Item>
      <Divider titlePlacement="start" plain>{t('payments.mailing')}</Divider>
      <Flex gap={12} wrap>
        <Form.Item name="mailRecipient" label={t('payments.mailRecipient')} style={{ flex: '1 1 160px' }}><Input maxLength={50} /></Form.Item>
        <Form.Item name="mailPhone" label={t('payments.mailPhone')} style={{ flex: '1 1 160px' }}><Input maxLength={30} /></Form.Item>
      </Flex>
      <Form.Item name="mailAddress" label={t('payments.mailAddress')}><Input maxLength={200} /></Form.Item>
      <Form.Item name="email" label={t('payments.email')}><Input maxLength={254} /></Form.Item>
      <Form.Item name="remark" label={t('payments.remark')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending} block data-testid="invoice-save">{t('common.save')}</Button>
    </Form>
  );
}

export function NewInvoiceButton({ contractId, onCreated }: { contractId?: string; onCreated?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type={contractId ? 'default' : 'primary'} icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="new-invoice">{t('payments.newInvoice')}</Button>
      <FormDrawer title={t('payments.newInvoice')} open={open} onClose={() => setOpen(false)}>
        <InvoiceForm contractId={contractId} onDone={(id) => {
          setOpen(false);
          message.success(t('payments.invoiceCreated'));
          void queryClient.invalidateQueries({ queryKey: ['records'] });
          onCreated?.();
          navigate(`/invoices/${id}`);
        }} />
      </FormDrawer>
    </>
  );
}
