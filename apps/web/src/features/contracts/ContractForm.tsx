/**
 * 从报价/商机新建: a contract from an accepted quote (customer, amount, line items copied), from an
 * opportunity (prefilled) or standalone with an amount or line items (LineItemsEditor). The server
 * checks everything again (dates in order, money, the quote's status) and names the field.
 */

import './messages.ts';
import { useState } from 'react';
import { App, Button, DatePicker, Drawer, Flex, Form, Input, InputNumber, Radio, Select, Typography } from 'antd';
import { FileAddOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { api, ApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { LineItemsEditor } from '../products/LineItemsEditor.tsx';
import { toInputs, type LineItemDraft } from '../products/lineItemModel.ts';
import { useRecordPermissions } from '../records/permissions.ts';
import { RecordSelect } from '../records/RecordSelect.tsx';
import { CONTRACT_TYPES, yuan } from './model.ts';

type Source = 'standalone' | 'quote' | 'opportunity';
interface Values {
  quoteId?: string; opportunityId?: string; customerId?: string; name?: string; contractType?: string; amount?: string;
  startDate?: Dayjs; endDate?: Dayjs; signedDate?: Dayjs; customerSignerName?: string; paymentTerms?: string; remindDaysBefore?: number | null;
}
interface QuoteOption { id: string; number?: string | null; title?: string; customerName?: string | null; totalAmount?: string }

const ACCEPTED = JSON.stringify({ field: 'status', op: 'eq', value: 'accepted' });

function QuotePicker({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['records', 'quote', 'accepted-picker', q],
    queryFn: ({ signal }) => api.get<{ items: QuoteOption[] }>('/quotes', { q: q || undefined, filter: ACCEPTED, pageSize: 20, count: 'hasMore' }, signal),
    staleTime: 15_000,
  });
  return (
    <Select showSearch value={value} onChange={onChange} filterOption={false} onSearch={setQ} placeholder={t('contracts.form.quotePlaceholder')} loading={found.isFetching}
      data-testid="contract-quote-picker"
      options={(found.data?.items ?? []).map((x) => ({ value: x.id, label: [x.number, x.title, x.customerName, yuan(x.totalAmount)].filter(Boolean).join(' · ') }))} />
  );
}

const day = (d?: Dayjs) => (d ? d.format('YYYY-MM-DD') : undefined);

function NewContractDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const [source, setSource] = useState<Source>('quote');
  const [byLines, setByLines] = useState(false);
  const [lines, setLines] = useState<LineItemDraft[]>([]);
  const [lineErrors, setLineErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: (v: Values) => {
      const common = {
        contractType: v.contractType, startDate: day(v.startDate), endDate: day(v.endDate), signedDate: day(v.signedDate),
        customerSignerName: v.customerSignerName || undefined, paymentTerms: v.paymentTerms || undefined, remindDaysBefore: v.remindDaysBefore ?? undefined,
        name: v.name || undefined,
      };
      const body = source === 'quote' ? { ...common, quoteId: v.quoteId }
        : source === 'opportunity' ? { ...common, opportunityId: v.opportunityId }
        : { ...common, customerId: v.customerId, ...(byLines ? { lines: toInputs(lines) } : { amount: v.amount }) };
      return api.post<{ id: string }>('/contracts', Object.fromEntries(Object.entries(body).filter(([, x]) => x !== undefined)));
    },
    onSuccess: (c) => {
      message.success(t('contracts.created'));
      onCreated?.();
      onClose();
      navigate(`/contracts/${c.id}`);
    },
    onError: (err) => {
      if (err instanceof ApiError) {
        const fields = err.fieldErrors;
        setLineErrors(fields);
        form.setFields(Object.entries(fields).filter(([k]) => !k.startsWith('lines')).map(([name, msg]) => ({ name: name as keyof Values, errors: [msg] })));
      }
      message.error(errorMessage(err));
    },
  });
  const required = [{ required: true, message: t('contracts.form.required') }];
  return (
    <Drawer open={open} onClose={onClose} title={t('contracts.form.title')} width={isMobile ? '100%' : byLines && source === 'standalone' ? 1100 : 560} destroyOnHidden
      extra={<Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="contract-form-save">{t('contracts.form.save')}</Button>}>
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={{ contractType: 'direct' }}>
        <Form.Item label={t('contracts.form.source')}>
          <Radio.Group value={source} onChange={(e) => setSource(e.target.value)} optionType="button" data-testid="contract-form-source" options={[
            { value: 'quote', label: t('contracts.form.sourceQuote') },
            { value: 'opportunity', label: t('contracts.form.sourceOpportunity') },
            { value: 'standalone', label: t('contracts.form.sourceStandalone') },
          ]} />
        </Form.Item>
        {source !== 'standalone' && <Typography.Paragraph type="secondary">{t('contracts.form.prefillHint')}</Typography.Paragraph>}
        {source === 'quote' && <Form.Item name="quoteId" label={t('contracts.form.quote')} rules={required}><QuotePicker /></Form.Item>}
        {source === 'opportunity' && (
          <Form.Item name="opportunityId" label={t('contracts.form.opportunity')} rules={required}>
            <RecordSelect apiPath="/opportunities" placeholder={t('contracts.form.opportunityPlaceholder')} data-testid="contract-opportunity-picker" />
          </Form.Item>
        )}
        {source === 'standalone' && (
          <Form.Item name="customerId" label={t('contracts.form.customer')} rules={required}>
            <RecordSelect apiPath="/customers" data-testid="contract-customer-picker" />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('contracts.form.name')} rules={source === 'standalone' ? [...required, { max: 200 }] : [{ max: 200 }]}>
          <Input maxLength={200} data-testid="contract-form-name" />
        </Form.Item>
        <Form.Item name="contractType" label={t('contracts.form.contractType')}>
          <Select options={CONTRACT_TYPES.map((v) => ({ value: v, label: t(`contracts.type.${v}`) }))} />
        </Form.Item>
        {source === 'standalone' && (
          <>
            <Form.Item label={t('contracts.form.amountMode')}>
              <Radio.Group value={byLines ? 'lines' : 'hand'} onChange={(e) => setByLines(e.target.value === 'lines')} options={[
                { value: 'hand', label: t('contracts.form.amountByHand') }, { value: 'lines', label: t('contracts.form.amountByLines') },
              ]} />
            </Form.Item>
            {byLines
              ? <Form.Item><LineItemsEditor value={lines} onChange={setLines} serverErrors={lineErrors} /></Form.Item>
              : (
                <Form.Item name="amount" label={t('contracts.form.amount')} rules={[...required, { pattern: /^\d{1,12}(\.\d{1,2})?$/, message: '0.00' }]}>
                  <Input inputMode="decimal" data-testid="contract-form-amount" />
                </Form.Item>
              )}
          </>
        )}
        <Flex gap={12} wrap>
          <Form.Item name="startDate" label={t('contracts.form.startDate')} style={{ flex: '1 1 160px' }}><DatePicker style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="endDate" label={t('contracts.form.endDate')} style={{ flex: '1 1 160px' }} dependencies={['startDate']} rules={[({ getFieldValue }) => ({
            validator: (_, v?: Dayjs) => (!v || !getFieldValue('startDate') || !v.isBefore(getFieldValue('startDate'), 'day') ? Promise.resolve() : Promise.reject(new Error(t('contracts.form.endBeforeStart')))),
          })]}><DatePicker style={{ width: '100%' }} data-testid="contract-form-end" /></Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="signedDate" label={t('contracts.form.signedDate')} style={{ flex: '1 1 160px' }}><DatePicker style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="remindDaysBefore" label={t('contracts.form.remindDaysBefore')} style={{ flex: '1 1 160px' }}><InputNumber min={0} max={365} precision={0} style={{ width: '100%' }} /></Form.Item>
        </Flex>
        <Form.Item name="customerSignerName" label={t('contracts.form.customerSignerName')}><Input maxLength={50} /></Form.Item>
        <Form.Item name="paymentTerms" label={t('contracts.form.paymentTerms')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
      </Form>
    </Drawer>
  );
}

/** The list page's 从报价/商机新建 button. */
export default function NewContractButton({ onCreated }: { onCreated?: () => void }) {
  const { t } = useTranslation();
  const can = useRecordPermissions('contract');
  const [open, setOpen] = useState(false);
  if (!can('create')) return null;
  return (
    <>
      <Button icon={<FileAddOutlined />} onClick={() => setOpen(true)} data-testid="contract-new-from">{t('contracts.newContract')}</Button>
      <NewContractDrawer open={open} onClose={() => setOpen(false)} onCreated={onCreated} />
    </>
  );
}
