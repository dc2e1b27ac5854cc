/**
 * "退回公海 / Return to pool" for the customer and lead pages, plugged into their RecordTypeConfig:
 * poolDetailExtra(recordType) in detailExtras, poolBulkExtra(recordType) in bulkExtras.
 */
import { useState } from 'react';
import { App, Button, Form, Input, Select } from 'antd';
import { RollbackOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { FormModal, FormModalActions } from '../../components/FormModal.tsx';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { useMe } from '../auth/useMe.ts';
import type { BulkExtraContext, DetailExtraContext, RecordLike } from '../records/types.ts';
import { poolKeys, returnRecords, usePools, type MoveResult, type PoolRecordType } from './api.ts';
import { poolErrorMessage, reportMove } from './feedback.tsx';

function ReturnForm({ recordType, ids, onClose, onDone }: { recordType: PoolRecordType; ids: string[]; onClose: () => void; onDone: (r: MoveResult) => void }) {
  const { t } = useTranslation();
  const pools = usePools();
  const choices = (pools.data ?? []).filter((p) => p.recordTypes.includes(recordType));
  const { form, onFinish, submitting, error } = useServerForm<{ reason: string; poolId?: string }, MoveResult>(
    (v) => returnRecords(recordType, ids, v.reason, v.poolId),
    { onSuccess: (r) => onDone(r), onError: (err) => poolErrorMessage(err, t) },
  );
  return (
    <>
      <FormError error={error} />
      <Form form={form} layout="vertical" name="poolReturn" onFinish={onFinish}>
        <Form.Item name="reason" label={t('publicPool.returnReason')} rules={[{ required: true, whitespace: true, message: t('records.rules.required', { field: t('publicPool.returnReason') }) }]}>
          <Input.TextArea autoFocus maxLength={500} showCount rows={3} placeholder={t('publicPool.returnReasonPlaceholder')} data-testid="pool-return-reason" />
        </Form.Item>
        {choices.length > 1 && (
          <Form.Item name="poolId" label={t('publicPool.returnPool')}>
            <Select allowClear placeholder={t('publicPool.returnPoolDefault')} options={choices.map((p) => ({ value: p.id, label: p.name }))} />
          </Form.Item>
        )}
        <FormModalActions submitting={submitting} okText={t('publicPool.returnAction')} onCancel={onClose} />
      </Form>
    </>
  );
}

function ReturnButton({ recordType, ids, size, report, onDone }: {
  recordType: PoolRecordType; ids: string[]; size?: 'small';
  /** the list page's own reporter (failures by name); without it a toast or a dialog by id */
  report?: (r: MoveResult) => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const app = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<string[] | null>(null);
  return (
    <>
      <Button size={size} icon={<RollbackOutlined />} onClick={() => setOpen(ids)} data-testid="pool-return">{t('publicPool.returnAction')}</Button>
      <FormModal target={open} title={(x) => t('publicPool.returnTitle', { count: x.length })} onClose={() => setOpen(null)}
        render={(x) => (
          <ReturnForm recordType={recordType} ids={x} onClose={() => setOpen(null)} onDone={(r) => {
            setOpen(null);
            void queryClient.invalidateQueries({ queryKey: poolKeys.all });
            if (report) report(r);
            else {
              reportMove(app, t, r, t('publicPool.returned', { count: r.ok.length }), (id) => id);
              onDone();
            }
          }} />
        )} />
    </>
  );
}

function DetailReturn({ recordType, record, ctx }: { recordType: PoolRecordType; record: RecordLike; ctx: DetailExtraContext }) {
  const { me } = useMe();
  const navigate = useNavigate();
  const owner = record.ownerId;
  if (typeof owner !== 'string' || record.locked === true) return null;
  if (owner !== me?.user.id && !ctx.can('transfer')) return null;
  // once back in the pool the record may be out of the user's sight: go back to the list
  return <ReturnButton recordType={recordType} ids={[record.id]} onDone={() => { ctx.refresh(); navigate(recordType === 'customer' ? '/customers' : '/leads'); }} />;
}

/** Detail-page button: the owner (or someone who may transfer) gives the record back with a reason. */
export function poolDetailExtra(recordType: PoolRecordType) {
  return (record: RecordLike, ctx: DetailExtraContext) => <DetailReturn recordType={recordType} record={record} ctx={ctx} />;
}

/** Bulk-bar button: the selected records go back; those the user may not return are listed with why. */
export function poolBulkExtra(recordType: PoolRecordType) {
  return (ctx: BulkExtraContext) => (
    <ReturnButton recordType={recordType} ids={ctx.ids} size="small" report={ctx.report} onDone={ctx.done} />
  );
}
