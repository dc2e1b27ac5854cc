import { lazy, Suspense, useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Modal, Space } from 'antd';
import { CheckCircleOutlined, PhoneOutlined, RetweetOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { useFormatContext } from '../records/api.ts';
import { formatDateTimeIn } from '../records/format.ts';
import type { DetailExtraContext } from '../records/types.ts';
import type { Lead, LeadStatus } from './config.tsx';

const ConvertDialog = lazy(() => import('./ConvertDialog.tsx'));

/** the moves a person makes by hand (new is where leads start; converted comes from converting) */
type Target = 'contacting' | 'qualified' | 'invalid';

/** Which status moves a lead offers from where it is; a converted lead has none. */
export const NEXT_STATUSES: Record<LeadStatus, Target[]> = {
  new: ['contacting', 'qualified', 'invalid'],
  contacting: ['qualified', 'invalid'],
  qualified: ['contacting', 'invalid'],
  invalid: ['contacting'],
  converted: [],
};
const CONVERTIBLE: ReadonlySet<LeadStatus | undefined> = new Set(['new', 'contacting', 'qualified']);

/** The lead detail header's actions: move the status (invalid asks for a reason) and convert. */
export function LeadActions({ lead, ctx }: { lead: Lead; ctx: DetailExtraContext }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [invalidOpen, setInvalidOpen] = useState(false);
  const [converting, setConverting] = useState(false);
  const [busy, setBusy] = useState<Target | null>(null);
  if (!ctx.can('edit') || !lead.status) return null;

  const move = async (status: Target) => {
    setBusy(status);
    try {
      await api.post(`/leads/${lead.id}/status`, { status });
      message.success(t('leads.actions.statusChanged'));
      ctx.refresh();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };
  const label = (s: Target) => (s === 'contacting' && (lead.status === 'invalid' || lead.status === 'qualified') ? t('leads.actions.reopen') : t(`leads.actions.${s}`));
  const icon = { contacting: lead.status === 'new' ? <PhoneOutlined /> : <UndoOutlined />, qualified: <CheckCircleOutlined />, invalid: <StopOutlined /> };

  return (
    <Space wrap>
      {CONVERTIBLE.has(lead.status) && (
        <Button type="primary" icon={<RetweetOutlined />} onClick={() => setConverting(true)} data-testid="lead-convert">{t('leads.actions.convert')}</Button>
      )}
      {NEXT_STATUSES[lead.status].map((s) => (
        <Button key={s} icon={icon[s]} loading={busy === s} danger={s === 'invalid'} data-testid={`lead-status-${s}`}
          onClick={() => (s === 'invalid' ? setInvalidOpen(true) : move(s))}>
          {label(s)}
        </Button>
      ))}
      <Modal open={invalidOpen} title={t('leads.actions.invalidTitle')} footer={null} onCancel={() => setInvalidOpen(false)} destroyOnHidden>
        <InvalidForm leadId={lead.id} onCancel={() => setInvalidOpen(false)} onDone={() => { setInvalidOpen(false); ctx.refresh(); }} />
      </Modal>
      {converting && (
        <Suspense fallback={null}>
          <ConvertDialog lead={lead} onClose={() => setConverting(false)} />
        </Suspense>
      )}
    </Space>
  );
}

function InvalidForm({ leadId, onCancel, onDone }: { leadId: string; onCancel: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { form, onFinish, submitting, error } = useServerForm<{ reason: string }>(
    (v) => api.post(`/leads/${leadId}/status`, { status: 'invalid', reason: v.reason.trim() }),
    { onSuccess: () => { message.success(t('leads.actions.statusChanged')); onDone(); } },
  );
  return (
    <>
      <FormError error={error} />
      <Form form={form} name="invalid" layout="vertical" onFinish={onFinish}>
        <Form.Item name="reason" label={t('leads.actions.reason')} rules={[{ required: true, whitespace: true, message: t('leads.actions.reasonRequired') }]}>
          <Input.TextArea autoFocus maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('leads.actions.reasonPlaceholder')} />
        </Form.Item>
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
          <Button type="primary" danger htmlType="submit" loading={submitting} data-testid="lead-invalid-submit">{t('leads.actions.invalid')}</Button>
        </Flex>
      </Form>
    </>
  );
}

/** Under the header: where a converted lead went (customer, contact), or why it is invalid. */
export function ConvertedSummary({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const ctx = useFormatContext();
  if (lead.status === 'invalid' && lead.invalidReason) {
    return <Alert type="warning" showIcon title={t('leads.invalidInfo', { reason: lead.invalidReason })} className="ll-break" />;
  }
  if (!lead.convertedCustomerId && !lead.convertedContactId) return null;
  return (
    <Alert type="success" showIcon data-testid="lead-converted"
      title={
        <Flex gap={12} wrap>
          <span>{t('leads.converted.info', { at: lead.convertedAt ? formatDateTimeIn(lead.convertedAt, ctx) : '—' })}</span>
          {lead.convertedCustomerId && (
            <span>{t('leads.converted.customer')}: <Link to={`/customers/${lead.convertedCustomerId}`} data-testid="lead-converted-customer">{lead.convertedCustomerName ?? lead.convertedCustomerId.slice(0, 8)}</Link></span>
          )}
          {lead.convertedContactId && (
            <span>{t('leads.converted.contact')}: <Link to={`/contacts/${lead.convertedContactId}`} data-testid="lead-converted-contact">{t('leads.converted.openContact')}</Link></span>
          )}
        </Flex>
      } />
  );
}
