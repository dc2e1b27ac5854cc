import { useMemo, useState } from 'react';
import { App, Button, Flex, Input, Popconfirm, Select, Space, Table, Tag, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import {
  buildDepartmentTree, departmentTreeOptions, roleLabel, useDepartments, useRoles, useUsers, type OrgUser, type UserFilters, type UserStatus,
} from './api.ts';
import { EditUserModal, InviteUserModal } from './UserModals.tsx';

const STATUS_COLOR: Record<UserStatus, string> = { active: 'green', inactive: 'default', invited: 'blue' };
const STATUS_LABEL = { active: 'users.statusActive', inactive: 'users.statusInactive', invited: 'users.statusInvited' } as const;

export default function UsersPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<UserFilters>({ page: 1, pageSize: 20 });
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<OrgUser | null>(null);
  const users = useUsers(filters);
  const departments = useDepartments();
  const roles = useRoles();

  const deptName = useMemo(() => new Map((departments.data ?? []).map((d) => [d.id, d.name])), [departments.data]);
  const roleName = useMemo(() => new Map((roles.data ?? []).map((r) => [r.id, roleLabel(r)])), [roles.data, i18n.language]);
  const filter = (patch: Partial<UserFilters>) => setFilters((f) => ({ ...f, ...patch, page: 1 }));

  // Row actions share one mutation: each is a POST to /users/:id/<action>.
  const action = useMutation({
    mutationFn: ({ user, verb }: { user: OrgUser; verb: 'deactivate' | 'reactivate' | 'invitation/resend' }) =>
      api.post(`/users/${user.id}/${verb}`),
    onSuccess: (_r, { verb }) => {
      message.success(t(verb === 'deactivate' ? 'users.deactivated' : verb === 'reactivate' ? 'users.reactivated' : 'users.resent'));
      return queryClient.invalidateQueries({ queryKey: ['org'] });
    },
    onError: (err) => message.error(errorMessage(err)),
  });

  const columns: TableColumnsType<OrgUser> = [
    {
      title: t('users.name'), key: 'name',
      render: (_, u) => (
        <Flex vertical>
          <Typography.Text strong>{u.name || '—'}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{u.email ?? ''}</Typography.Text>
        </Flex>
      ),
    },
    { title: t('users.mobile'), dataIndex: 'mobile', render: (v: string | null) => v || '—' },
    { title: t('users.department'), dataIndex: 'departmentId', render: (id: string | null) => (id && deptName.get(id)) || t('users.noDepartment') },
    {
      title: t('users.roles'), dataIndex: 'roleIds',
      render: (ids: string[]) => ids.map((id) => <Tag key={id}>{roleName.get(id) ?? '…'}</Tag>),
    },
    { title: t('users.status'), dataIndex: 'status', render: (s: UserStatus) => <Tag color={STATUS_COLOR[s]}>{t(STATUS_LABEL[s])}</Tag> },
    { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', render: (v: string | null) => (v ? formatDateTime(v) : t('users.never')) },
    {
      title: t('common.actions'), key: 'actions', fixed: 'right',
      render: (_, u) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setEditing(u)}>{t('common.edit')}</Button>
          {u.status === 'invited' && (
            <Button type="link" size="small" onClick={() => action.mutate({ user: u, verb: 'invitation/resend' })}>{t('users.resend')}</Button>
          )}
          {u.status === 'active' && (
            <Popconfirm title={t('users.deactivateConfirm', { name: u.name })} onConfirm={() => action.mutateAsync({ user: u, verb: 'deactivate' }).catch(() => undefined)}>
              <Button type="link" size="small" danger>{t('users.deactivate')}</Button>
            </Popconfirm>
          )}
          {u.status === 'inactive' && (
            <Button type="link" size="small" onClick={() => action.mutate({ user: u, verb: 'reactivate' })}>{t('users.reactivate')}</Button>
          )}
          {u.status !== 'invited' && (
            <Link to={`/customers/handover?from=${u.id}`}><Button type="link" size="small">{t('users.handover')}</Button></Link>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('users.title')}
        extra={<Button type="primary" icon={<UserAddOutlined />} onClick={() => setInviting(true)} data-testid="invite-user">{t('users.invite')}</Button>} />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t('users.searchPlaceholder')} style={{ flex: '1 1 220px', maxWidth: 360 }}
          onSearch={(q) => filter({ q: q.trim() || undefined })} />
        <TreeSelect allowClear treeDefaultExpandAll placeholder={t('users.allDepartments')} style={{ flex: '1 1 160px', maxWidth: 240 }}
          treeData={departmentTreeOptions(buildDepartmentTree(departments.data ?? []))}
          onChange={(departmentId?: string) => filter({ departmentId })} />
        <Select allowClear placeholder={t('users.status')} style={{ flex: '1 1 120px', maxWidth: 160 }}
          options={(Object.keys(STATUS_LABEL) as UserStatus[]).map((s) => ({ value: s, label: t(STATUS_LABEL[s]) }))}
          onChange={(status?: UserStatus) => filter({ status })} />
      </Flex>
      <Table<OrgUser>
        rowKey="id"
        columns={columns}
        dataSource={users.data?.items}
        loading={users.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: filters.page, pageSize: filters.pageSize, total: users.data?.total ?? 0, showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
        }}
      />
      <InviteUserModal open={inviting} onClose={() => setInviting(false)} />
      <EditUserModal user={editing} onClose={() => setEditing(null)} />
    </>
  );
}
