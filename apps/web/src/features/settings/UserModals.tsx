import { App, Form, Input, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormModal, FormModalActions } from '../../components/FormModal.tsx';
import { api } from '../../lib/api.ts';
import { compact, FormError, useServerForm } from '../../lib/forms.tsx';
import { rules } from '../auth/rules.ts';
import type { OrgUser } from './api.ts';
import { UserOrgFields } from './UserFields.tsx';

interface InviteValues {
  email: string;
  name?: string;
  departmentId?: string;
  managerId?: string;
  roleIds?: string[];
}

export function InviteUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return <FormModal target={open ? true : null} title={() => t('users.inviteTitle')} onClose={onClose} render={() => <InviteForm onClose={onClose} />} />;
}

/** Stays open on error with everything typed still there; closes on success. */
function InviteForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { form, onFinish, submitting, error } = useServerForm<InviteValues, { user: OrgUser }>(
    (values) => api.post<{ user: OrgUser }>('/users/invitations', compact(values)),
    {
      onSuccess: async (_r, values) => {
        message.success(t('users.invitedOk', { email: values.email }));
        await queryClient.invalidateQueries({ queryKey: ['org'] });
        onClose();
      },
    },
  );

  return (
    <>
      <Typography.Paragraph type="secondary">{t('users.inviteHint')}</Typography.Paragraph>
      <FormError error={error} />
      <Form form={form} name="invite" layout="vertical" onFinish={onFinish}>
        <Form.Item name="email" label={t('users.email')} rules={[rules.required(t('users.email')), rules.email()]}>
          <Input type="email" inputMode="email" autoFocus />
        </Form.Item>
        <Form.Item name="name" label={`${t('users.name')} (${t('common.optional')})`} rules={[{ max: 60 }]}>
          <Input />
        </Form.Item>
        <UserOrgFields inviting />
        <FormModalActions submitting={submitting} okText={t('users.invite')} onCancel={onClose} />
      </Form>
    </>
  );
}

interface EditValues {
  name: string;
  departmentId?: string | null;
  managerId?: string | null;
  roleIds?: string[];
}

export function EditUserModal({ user, onClose }: { user: OrgUser | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormModal target={user} title={() => t('users.editTitle')} onClose={onClose} keyOf={(u) => u.id}
      render={(u) => <EditUserForm user={u} onClose={onClose} />} />
  );
}

function EditUserForm({ user, onClose }: { user: OrgUser; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { form, onFinish, submitting, error } = useServerForm<EditValues>(
    // A cleared manager is sent as null ("no manager"), not omitted ("leave unchanged").
    (v) => api.patch(`/users/${user.id}`, {
      name: v.name.trim(),
      ...(v.departmentId ? { departmentId: v.departmentId } : {}),
      managerId: v.managerId ?? null,
      roleIds: v.roleIds ?? [],
    }),
    {
      onSuccess: async () => {
        message.success(t('common.saved'));
        await queryClient.invalidateQueries({ queryKey: ['org'] });
        onClose();
      },
    },
  );

  return (
    <>
      <Typography.Paragraph type="secondary" className="ll-break">{user.email ?? user.mobile}</Typography.Paragraph>
      <FormError error={error} />
      <Form form={form} name="editUser" layout="vertical" onFinish={onFinish}
        initialValues={{ name: user.name, departmentId: user.departmentId ?? undefined, managerId: user.managerId ?? undefined, roleIds: user.roleIds }}>
        <Form.Item name="name" label={t('users.name')} rules={[rules.required(t('users.name')), { max: 60 }]}>
          <Input />
        </Form.Item>
        <UserOrgFields excludeUserId={user.id} />
        <FormModalActions submitting={submitting} okText={t('common.save')} onCancel={onClose} />
      </Form>
    </>
  );
}
