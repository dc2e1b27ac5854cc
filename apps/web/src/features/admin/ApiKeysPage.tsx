import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormModal, FormModalActions } from '../../components/FormModal.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime, fromNow } from '../../lib/format.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { roleLabel, useRoles } from '../settings/api.ts';
import { adminKeys, type ApiKey } from './api.ts';

export default function ApiKeysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: adminKeys.apiKeys, queryFn: () => api.get<{ items: ApiKey[] }>('/admin/api-keys').then((r) => r.items) });
  const roles = useRoles();
  const roleName = new Map((roles.data ?? []).map((r) => [r.id, roleLabel(r)]));
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);

  const revoke = useMutation({
    mutationFn: (k: ApiKey) => api.post(`/admin/api-keys/${k.id}/revoke`),
    onSuccess: () => {
      message.success(t('admin.apiKeys.revoked'));
      return queryClient.invalidateQueries({ queryKey: adminKeys.apiKeys });
    },
    onError: (err) => message.error(errorMessage(err)),
  });

  const columns: TableColumnsType<ApiKey> = [
    { title: t('admin.apiKeys.name'), dataIndex: 'name', render: (n: string) => <Typography.Text strong>{n}</Typography.Text> },
    { title: t('admin.apiKeys.prefix'), dataIndex: 'prefix', render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
    { title: t('admin.apiKeys.role'), dataIndex: 'roleId', render: (id: string) => roleName.get(id) ?? '…' },
    { title: t('admin.apiKeys.createdAt'), dataIndex: 'createdAt', render: (v: string | null) => formatDateTime(v) },
    { title: t('admin.apiKeys.lastUsed'), dataIndex: 'lastUsedAt', render: (v: string | null) => (v ? <span title={formatDateTime(v)}>{fromNow(v)}</span> : t('admin.apiKeys.neverUsed')) },
    {
      title: t('admin.apiKeys.status'), key: 'status',
      render: (_, k) => (k.revokedAt ? <Tag>{t('admin.apiKeys.revokedAt', { at: formatDateTime(k.revokedAt) })}</Tag> : <Tag color="green">{t('admin.apiKeys.active')}</Tag>),
    },
    {
      title: t('common.actions'), key: 'a', width: 1,
      render: (_, k) => !k.revokedAt && (
        <Popconfirm title={t('admin.apiKeys.revokeConfirm', { name: k.name })} onConfirm={() => revoke.mutateAsync(k).catch(() => undefined)}>
          <Button type="link" size="small" danger>{t('admin.apiKeys.revoke')}</Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('admin.apiKeys.title')} description={t('admin.apiKeys.hint')}
        extra={<Button type="primary" icon={<KeyOutlined />} onClick={() => setCreating(true)}>{t('admin.apiKeys.create')}</Button>} />
      <Table<ApiKey> rowKey="id" columns={columns} dataSource={keys.data} loading={keys.isFetching} pagination={false} scroll={{ x: 'max-content' }} />
      <FormModal target={creating ? true : null} onClose={() => setCreating(false)} title={() => t('admin.apiKeys.create')}
        render={() => <CreateKeyForm onClose={() => setCreating(false)} onCreated={setSecret} />} />
      {/* The secret exists only in this answer: the server stores a hash. */}
      <Modal open={secret !== null} title={t('admin.apiKeys.createdTitle')} onCancel={() => setSecret(null)} closable maskClosable={false}
        footer={<Button type="primary" onClick={() => setSecret(null)}>{t('admin.apiKeys.copiedIt')}</Button>}>
        <Alert type="warning" showIcon title={t('admin.apiKeys.onceWarning')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph code copyable={{ text: secret ?? '' }} className="ll-break" data-testid="api-key-secret">{secret}</Typography.Paragraph>
        <Typography.Text type="secondary">{t('admin.apiKeys.usage')}</Typography.Text>
      </Modal>
    </>
  );
}

function CreateKeyForm({ onClose, onCreated }: { onClose: () => void; onCreated: (secret: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const roles = useRoles();
  const { form, onFinish, submitting, error } = useServerForm<{ name: string; roleId: string }, ApiKey & { key: string }>(
    (v) => api.post('/admin/api-keys', { name: v.name.trim(), roleId: v.roleId }),
    {
      onSuccess: async (created) => {
        message.success(t('admin.apiKeys.created'));
        await queryClient.invalidateQueries({ queryKey: adminKeys.apiKeys });
        onClose();
        onCreated(created.key);
      },
    },
  );
  return (
    <>
      <FormError error={error} />
      <Form form={form} name="apiKey" layout="vertical" onFinish={onFinish}>
        <Form.Item name="name" label={t('admin.apiKeys.name')} extra={t('admin.apiKeys.nameHint')} rules={[{ required: true, whitespace: true, message: t('admin.apiKeys.name') }, { max: 60 }]}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="roleId" label={t('admin.apiKeys.role')} extra={t('admin.apiKeys.roleHint')} rules={[{ required: true, message: t('admin.apiKeys.role') }]}>
          <Select loading={roles.isPending} options={(roles.data ?? []).map((r) => ({ value: r.id, label: roleLabel(r) }))} />
        </Form.Item>
        <FormModalActions submitting={submitting} okText={t('common.create')} onCancel={onClose} />
      </Form>
    </>
  );
}
