import { useState } from 'react';
import { App, Button, Flex, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import type { BulkResult } from '../records/BulkBar.tsx';
import type { BulkExtraContext } from '../records/types.ts';

const STATUSES = ['new', 'contacting', 'qualified', 'invalid'] as const;

/** Bulk "change status" on the lead list (POST /leads/bulk, action 'status'); invalid needs a reason. */
export function BulkStatusButton({ ctx }: { ctx: BulkExtraContext }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="bulk-status">{t('leads.bulk.status')}</Button>
      <Modal open={open} title={t('leads.bulk.statusTitle')} footer={null} onCancel={() => setOpen(false)} destroyOnHidden>
        <StatusForm ids={ctx.ids} onCancel={() => setOpen(false)} onDone={(r) => {
          setOpen(false);
          if (ctx.report) ctx.report(r);
          else {
            message.info(t('records.bulk.partial', { ok: r.ok.length, failed: r.failed.length }));
            ctx.done();
          }
        }} />
      </Modal>
    </>
  );
}

function StatusForm({ ids, onCancel, onDone }: { ids: string[]; onCancel: () => void; onDone: (r: BulkResult) => void }) {
  const { t } = useTranslation();
  const { form, onFinish, submitting, error } = useServerForm<{ status: (typeof STATUSES)[number]; reason?: string }, BulkResult>(
    (v) => api.post<BulkResult>('/leads/bulk', { ids: ids.slice(0, 500), action: 'status', status: v.status, ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}) }),
    { onSuccess: (r) => onDone(r) },
  );
  const status = Form.useWatch('status', form);
  return (
    <>
      <FormError error={error} />
      <Form form={form} name="bulkStatus" layout="vertical" onFinish={onFinish}>
        <Form.Item name="status" label={t('leads.bulk.newStatus')} rules={[{ required: true, message: t('records.rules.required', { field: t('leads.bulk.newStatus') }) }]}>
          <Select autoFocus options={STATUSES.map((s) => ({ value: s, label: t(`leads.status.${s}`) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('leads.bulk.reason')} extra={t('leads.bulk.reasonHint')}
          rules={[{ required: status === 'invalid', whitespace: true, message: t('leads.actions.reasonRequired') }]}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={submitting} data-testid="bulk-status-submit">{t('common.confirm')}</Button>
        </Flex>
      </Form>
    </>
  );
}
