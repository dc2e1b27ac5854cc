import { useState } from 'react';
import { App, Button, Card, Empty, Flex, Menu, Popconfirm, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { orgKeys, roleLabel, useRoles, type Role } from '../settings/api.ts';
import { RoleEditor } from './RoleEditor.tsx';
import { RoleModal } from './RoleModal.tsx';

type RoleWithCount = Role & { userCount?: number };

export default function RolesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const roles = useRoles();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const list = (roles.data ?? []) as RoleWithCount[];
  const selected = list.find((r) => r.id === selectedId) ?? list[0];

  const remove = useMutation({
    mutationFn: (r: Role) => api.delete(`/roles/${r.id}`),
    onSuccess: async () => {
      message.success(t('admin.roles.deleted'));
      setSelectedId(null);
      await queryClient.invalidateQueries({ queryKey: orgKeys.roles });
    },
    onError: (err) => message.error(errorMessage(err)), // ROLE_IN_USE, SYSTEM_ROLE
  });

  return (
    <>
      <PageHeader title={t('admin.roles.title')} description={t('admin.roles.hint')}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('admin.roles.create')}</Button>} />
      <Flex gap={16} wrap align="flex-start">
        <Card size="small" style={{ flex: '1 1 220px', maxWidth: 280, minWidth: 0 }} styles={{ body: { padding: 4 } }} loading={roles.isPending}>
          <Menu
            mode="inline"
            selectedKeys={selected ? [selected.id] : []}
            onClick={({ key }) => setSelectedId(key)}
            style={{ borderInlineEnd: 'none' }}
            items={list.map((r) => ({
              key: r.id,
              label: (
                <Flex justify="space-between" gap={8} data-testid={`role-item-${r.key}`}>
                  <Typography.Text ellipsis>{roleLabel(r)}</Typography.Text>
                  <Typography.Text type="secondary">{r.userCount ?? ''}</Typography.Text>
                </Flex>
              ),
            }))}
          />
        </Card>
        <div style={{ flex: '999 1 480px', minWidth: 0 }}>
          {selected ? (
            <Card
              title={<Flex gap={8} align="center" wrap>{roleLabel(selected)}{selected.isSystem && <Tag>{t('admin.roles.system')}</Tag>}<Typography.Text type="secondary" style={{ fontSize: 12 }}>{selected.key}</Typography.Text></Flex>}
              extra={!selected.isSystem && (
                <Popconfirm title={t('admin.roles.deleteConfirm', { name: roleLabel(selected) })} onConfirm={() => remove.mutateAsync(selected).catch(() => undefined)}>
                  <Button danger size="small">{t('common.delete')}</Button>
                </Popconfirm>
              )}>
              <RoleEditor key={selected.id} role={selected} />
            </Card>
          ) : (
            !roles.isPending && <Empty />
          )}
        </div>
      </Flex>
      <RoleModal open={creating} roles={list} onClose={(id) => { setCreating(false); if (id) setSelectedId(id); }} />
    </>
  );
}
