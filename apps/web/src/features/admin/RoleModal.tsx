import { App, Form, Input, Select } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormModal, FormModalActions } from '../../components/FormModal.tsx';
import { api } from '../../lib/api.ts';
import { compactPermissions } from './permissionsDraft.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { orgKeys, roleLabel, type Role } from '../settings/api.ts';

interface Values {
  name: string;
  nameEn?: string;
  key: string;
  copyFrom?: string;
}

/** New role: starts empty (view nothing, own records) or as a copy of an existing role's permissions. */
export function RoleModal({ open, roles, onClose }: { open: boolean; roles: Role[]; onClose: (createdId?: string) => void }) {
  const { t } = useTranslation();
  return (
    <FormModal target={open ? true : null} onClose={() => onClose()} title={() => t('admin.roles.create')}
      render={() => <RoleForm roles={roles} onClose={onClose} />} />
  );
}

function RoleForm({ roles, onClose }: { roles: Role[]; onClose: (createdId?: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { form, onFinish, submitting, error } = useServerForm<Values, Role>(
    (v) => {
      const source = roles.find((r) => r.id === v.copyFrom);
      // A copy never inherits administrator rights: that stays with the built-in admin role.
      const permissions = source ? compactPermissions({ ...source.permissions, admin: undefined }) : { objects: {}, dataScope: 'self' as const };
      return api.post<Role>('/roles', { key: v.key.trim(), name: v.name.trim(), ...(v.nameEn?.trim() ? { nameEn: v.nameEn.trim() } : {}), permissions });
    },
    {
      onSuccess: async (role) => {
        message.success(t('admin.roles.created'));
        await queryClient.invalidateQueries({ queryKey: orgKeys.roles });
        onClose(role.id);
      },
    },
  );
  return (
    <>
      <FormError error={error} />
      <Form form={form} name="role" layout="vertical" onFinish={onFinish}>
        <Form.Item name="name" label={t('admin.roles.name')} rules={[{ required: true, whitespace: true, message: t('admin.roles.name') }, { max: 40 }]}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="nameEn" label={t('admin.roles.nameEn')} rules={[{ max: 40 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="key" label={t('admin.roles.key')} extra={t('admin.roles.keyHint')}
          rules={[{ required: true, message: t('admin.roles.key') }, { pattern: /^[a-zA-Z][a-zA-Z0-9_]{1,39}$/, message: t('admin.roles.keyHint') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="copyFrom" label={t('admin.roles.copyFrom')}>
          <Select allowClear placeholder={t('admin.roles.startEmpty')} options={roles.filter((r) => !r.permissions.admin).map((r) => ({ value: r.id, label: roleLabel(r) }))} />
        </Form.Item>
        <FormModalActions submitting={submitting} okText={t('common.create')} onCancel={() => onClose()} />
      </Form>
    </>
  );
}
