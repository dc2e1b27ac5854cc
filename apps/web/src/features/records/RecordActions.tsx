import { App, Button, DatePicker, Flex, Form, Input, List, Modal, Select, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { useUsers } from '../settings/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import type { RecordLike, RecordTypeConfig } from './types.ts';

function UserSelect(props: { value?: string; onChange?: (v: string) => void; id?: string; exclude?: unknown }) {
  const users = useUsers({ status: 'active', pageSize: 500 });
  return (
    <Select id={props.id} value={props.value} onChange={props.onChange} showSearch={{ optionFilterProp: 'label' }} loading={users.isPending} autoFocus
      options={(users.data?.items ?? []).filter((u) => u.id !== props.exclude).map((u) => ({ value: u.id, label: `${u.name} · ${u.email ?? u.mobile ?? ''}` }))} />
  );
}

/** Transfer the record to another owner (PATCH …/:id/owner). */
export function TransferModal({ config, record, onClose, onDone }: { config: RecordTypeConfig<any>; record: RecordLike | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={record !== null} title={t('records.detail.transfer')} onCancel={onClose} footer={null} destroyOnHidden>
      {record && <TransferForm config={config} record={record} onClose={onClose} onDone={onDone} />}
    </Modal>
  );
}

function TransferForm({ config, record, onClose, onDone }: { config: RecordTypeConfig<any>; record: RecordLike; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { form, onFinish, submitting, error } = useServerForm<{ ownerId: string; reason?: string }>(
    // the reason is kept in the record's history ("why did this move?"), sent only when given
    (v) => api.patch(`${config.apiPath}/${record.id}/owner`, v.reason?.trim() ? { ownerId: v.ownerId, reason: v.reason.trim() } : { ownerId: v.ownerId }),
    { onSuccess: () => { message.success(t('records.detail.transferred')); onDone(); } },
  );
  return (
    <>
      <FormError error={error} />
      <Form form={form} name="transfer" layout="vertical" onFinish={onFinish}>
        <Form.Item name="ownerId" label={t('records.bulk.newOwner')} rules={[{ required: true, message: t('records.rules.required', { field: t('records.bulk.newOwner') }) }]}>
          <UserSelect exclude={record.ownerId} />
        </Form.Item>
        <Form.Item name="reason" label={t('records.detail.transferReason')}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} placeholder={t('common.optional')} />
        </Form.Item>
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={submitting} data-testid="transfer-submit">{t('common.confirm')}</Button>
        </Flex>
      </Form>
    </>
  );
}

interface Share { userId: string; userName: string | null; access: 'read' | 'write'; expiresAt: string | null; expired: boolean }

/** Share with a colleague (read or edit, optionally until a date) and see/revoke existing shares. */
export function ShareModal({ config, record, onClose }: { config: RecordTypeConfig<any>; record: RecordLike | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={record !== null} title={t('records.detail.share')} onCancel={onClose} footer={null} destroyOnHidden>
      {record && <ShareForm config={config} record={record} onClose={onClose} />}
    </Modal>
  );
}

/** The record's team members (shares) with adding and removing, inline — e.g. as a detail tab. */
export function ShareForm({ config, record, onClose }: { config: RecordTypeConfig<any>; record: RecordLike; onClose?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const key = ['records', config.recordType, 'shares', record.id];
  const shares = useQuery({ queryKey: key, queryFn: () => api.get<{ items: Share[] }>(`${config.apiPath}/${record.id}/shares`).then((r) => r.items) });
  const { form, onFinish, submitting, error } = useServerForm<{ userId: string; access: 'read' | 'write'; expiresAt?: Dayjs }>(
    (v) => api.post(`${config.apiPath}/${record.id}/shares`, { userId: v.userId, access: v.access, expiresAt: v.expiresAt ? v.expiresAt.toISOString() : null }),
    { onSuccess: async () => { message.success(t('records.detail.shared')); form.resetFields(); await queryClient.invalidateQueries({ queryKey: key }); } },
  );
  const unshare = async (s: Share) => {
    try {
      await api.delete(`${config.apiPath}/${record.id}/shares/${s.userId}`);
      message.success(t('records.detail.unshared'));
      await queryClient.invalidateQueries({ queryKey: key });
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  return (
    <>
      <FormError error={error} />
      <Form form={form} name="share" layout="vertical" onFinish={onFinish} initialValues={{ access: 'read' }}>
        <Form.Item name="userId" label={t('records.detail.shareUser')} rules={[{ required: true, message: t('records.rules.required', { field: t('records.detail.shareUser') }) }]}>
          <UserSelect exclude={record.ownerId} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="access" label={t('records.detail.access')} style={{ flex: '1 1 140px' }}>
            <Select options={[{ value: 'read', label: t('records.detail.read') }, { value: 'write', label: t('records.detail.write') }]} />
          </Form.Item>
          <Form.Item name="expiresAt" label={t('records.detail.expiresAt')} style={{ flex: '1 1 160px' }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Flex justify="flex-end" gap={8}>
          {onClose && <Button onClick={onClose}>{t('common.close')}</Button>}
          <Button type="primary" htmlType="submit" loading={submitting}>{t('records.detail.share')}</Button>
        </Flex>
      </Form>
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('records.detail.sharedWith')}</Typography.Title>
      <List size="small" loading={shares.isPending} dataSource={shares.data ?? []} locale={{ emptyText: t('records.detail.noShares') }}
        renderItem={(s) => (
          <List.Item actions={[<Button key="x" type="link" size="small" danger onClick={() => unshare(s)}>{t('records.detail.unshare')}</Button>]}>
            <Typography.Text delete={s.expired}>{s.userName ?? s.userId}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
              {t(s.access === 'write' ? 'records.detail.write' : 'records.detail.read')}{s.expiresAt ? ` · ${formatDateTime(s.expiresAt)}` : ''}
            </Typography.Text>
          </List.Item>
        )} />
    </>
  );
}
