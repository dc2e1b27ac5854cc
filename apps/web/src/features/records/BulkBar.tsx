import { useState } from 'react';
import { App, Button, Flex, Form, Input, Modal, Popconfirm, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { useUsers } from '../settings/api.ts';
import type { RecordTypeConfig } from './types.ts';

export interface BulkResult {
  ok: string[];
  failed: { id: string; code: string; message: string }[];
}
type Action = 'transfer' | 'addTags' | 'delete';
interface Props {
  config: RecordTypeConfig<any>;
  ids: string[];
  can: (action: 'transfer' | 'edit' | 'delete') => boolean;
  /** name of a selected record, to list failures by name */
  nameOf: (id: string) => string;
  onDone: () => void;
  /** refetch the list without clearing the selection (for config.bulkExtras) */
  refresh?: () => void;
}

/** Actions on the selected rows (≤ 500 per request, the server's limit); partial failures are listed by name. */
export function BulkBar({ config, ids, can, nameOf, onDone, refresh = onDone }: Props) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [dialog, setDialog] = useState<Action | null>(null);

  const report = (r: BulkResult) => {
    if (r.failed.length === 0) message.success(t('records.bulk.done', { ok: r.ok.length }));
    else {
      modal.warning({
        title: t('records.bulk.partial', { ok: r.ok.length, failed: r.failed.length }),
        content: (
          <Flex vertical gap={4} data-testid="bulk-failures">
            <Typography.Text type="secondary">{t('records.bulk.failedTitle')}</Typography.Text>
            {r.failed.map((f) => <Typography.Text key={f.id}>{nameOf(f.id)}: {f.message}</Typography.Text>)}
          </Flex>
        ),
      });
    }
    onDone();
  };
  const run = (body: Record<string, unknown>) => api.post<BulkResult>(`${config.apiPath}/bulk`, { ids: ids.slice(0, 500), ...body });
  // buttons other features add (merge, return to pool, change status…) report like the built-in ones
  const extras = config.bulkExtras?.map((extra, i) => <span key={i}>{extra({ ids, refresh, done: onDone, report })}</span>);

  return (
    <Flex gap={8} align="center" wrap data-testid="bulk-bar" style={{ padding: '8px 12px', background: '#f0f5ff', borderRadius: 8, marginBottom: 12 }}>
      <Typography.Text strong>{t('records.bulk.selected', { count: ids.length })}</Typography.Text>
      {extras}
      {can('transfer') && <Button size="small" onClick={() => setDialog('transfer')} data-testid="bulk-transfer">{t('records.bulk.transfer')}</Button>}
      {can('edit') && <Button size="small" onClick={() => setDialog('addTags')} data-testid="bulk-tags">{t('records.bulk.addTags')}</Button>}
      {can('delete') && (
        <Popconfirm title={t('records.bulk.deleteConfirm', { count: ids.length })}
          onConfirm={() => run({ action: 'delete' }).then(report, (err) => { message.error(errorMessage(err)); })}>
          <Button size="small" danger data-testid="bulk-delete">{t('records.bulk.delete')}</Button>
        </Popconfirm>
      )}
      <Button size="small" type="link" onClick={onDone}>{t('records.bulk.clear')}</Button>
      <Modal open={dialog !== null} title={dialog === 'transfer' ? t('records.bulk.transfer') : t('records.bulk.addTags')} onCancel={() => setDialog(null)} footer={null} destroyOnHidden>
        {dialog && <BulkForm action={dialog} tagAction={config.bulkTagAction ?? 'addTags'} run={run} onDone={(r) => { setDialog(null); report(r); }} onCancel={() => setDialog(null)} />}
      </Modal>
    </Flex>
  );
}

function BulkForm({ action, tagAction, run, onDone, onCancel }: {
  action: Action; tagAction: string; run: (b: Record<string, unknown>) => Promise<BulkResult>; onDone: (r: BulkResult) => void; onCancel: () => void;
}) {
  const { t } = useTranslation();
  const users = useUsers({ status: 'active', pageSize: 500 }, action === 'transfer');
  const { form, onFinish, submitting, error } = useServerForm<{ ownerId?: string; tags?: string[]; reason?: string }, BulkResult>(
    (v) => run(action === 'transfer'
      ? { action, ownerId: v.ownerId, ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}) }
      : { action: tagAction, tags: v.tags }),
    { onSuccess: (r) => onDone(r) },
  );
  return (
    <>
      <FormError error={error} />
      <Form form={form} name="bulk" layout="vertical" onFinish={onFinish}>
        {action === 'transfer' ? (
          <>
            <Form.Item name="ownerId" label={t('records.bulk.newOwner')} rules={[{ required: true, message: t('records.rules.required', { field: t('records.bulk.newOwner') }) }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} loading={users.isPending} autoFocus
                options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} · ${u.email ?? u.mobile ?? ''}` }))} />
            </Form.Item>
            <Form.Item name="reason" label={t('records.detail.transferReason')}>
              <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} placeholder={t('common.optional')} />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="tags" label={t('records.bulk.tags')} extra={t('records.bulk.tagsHint')} rules={[{ required: true, message: t('records.rules.required', { field: t('records.bulk.tags') }) }]}>
            <Select mode="tags" open={false} autoFocus />
          </Form.Item>
        )}
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={submitting} data-testid="bulk-submit">{t('common.confirm')}</Button>
        </Flex>
      </Form>
    </>
  );
}
