import { useMemo, useState } from 'react';
import { App, Button, Empty, Popconfirm, Space, Table, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { buildDepartmentTree, orgKeys, useDepartments, type DepartmentNode } from './api.ts';
import { DepartmentModal, type DepartmentEdit } from './DepartmentModal.tsx';

export default function DepartmentsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const departments = useDepartments();
  // The server creates one root department per organization (named after it); new ones go under it by default.
  const tree = useMemo(() => buildDepartmentTree(departments.data ?? []), [departments.data]);
  const [target, setTarget] = useState<DepartmentEdit | null>(null);
  // Everything starts expanded (org charts are small); remember only what the user folded, so new
  // sub-departments show up expanded too.
  const [folded, setFolded] = useState<Set<string>>(new Set());
  const expandedRowKeys = (departments.data ?? []).filter((d) => !folded.has(d.id)).map((d) => d.id);

  const remove = useMutation({
    mutationFn: (d: DepartmentNode) => api.delete(`/departments/${d.id}`),
    onSuccess: () => {
      message.success(t('departments.deleted'));
      return queryClient.invalidateQueries({ queryKey: orgKeys.departments });
    },
    onError: (err) => message.error(errorMessage(err)), // e.g. DEPARTMENT_NOT_EMPTY
  });

  const columns: TableColumnsType<DepartmentNode> = [
    { title: t('departments.name'), dataIndex: 'name' },
    { title: t('departments.members'), dataIndex: 'memberCount', width: 100 },
    {
      title: t('common.actions'), key: 'actions', width: 1,
      render: (_, d) => (
        <Space size={0} style={{ whiteSpace: 'nowrap' }}>
          <Button type="link" size="small" onClick={() => setTarget({ mode: 'create', parentId: d.id })}>{t('departments.addChild')}</Button>
          <Button type="link" size="small" onClick={() => setTarget({ mode: 'edit', department: d })}>{t('common.edit')}</Button>
          {d.parentId && ( // the root is the organization itself and cannot be deleted
            <Popconfirm title={t('departments.deleteConfirm', { name: d.name })}
              onConfirm={() => remove.mutateAsync(d).catch(() => undefined)}>
              <Button type="link" size="small" danger>{t('common.delete')}</Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('departments.title')}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create', parentId: tree[0]?.id })}>{t('departments.create')}</Button>} />
      <Table<DepartmentNode>
        rowKey="id"
        columns={columns}
        dataSource={tree}
        loading={departments.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowKeys,
          onExpand: (expanded, d) => setFolded((f) => {
            const next = new Set(f);
            if (expanded) next.delete(d.id);
            else next.add(d.id);
            return next;
          }),
        }}
        locale={{ emptyText: <Empty description={t('departments.empty')} /> }}
      />
      <DepartmentModal target={target} tree={tree} onClose={() => setTarget(null)} />
    </>
  );
}
