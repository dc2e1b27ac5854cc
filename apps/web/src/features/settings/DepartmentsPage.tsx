import { useMemo, useState } from 'react';
import { App, Button, Card, Empty, Flex, Popconfirm, Space, Tag, Tree, Typography, type TreeDataNode, type TreeProps } from 'antd';
import { DragOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api, ApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { buildDepartmentTree, orgKeys, useDepartments, type DepartmentNode } from './api.ts';
import { DepartmentModal, type DepartmentEdit } from './DepartmentModal.tsx';
import { planMove } from './departmentMove.ts';

type TreeItem = TreeDataNode & { dept: DepartmentNode; children?: TreeItem[] };
const toItems = (nodes: DepartmentNode[]): TreeItem[] => nodes.map((n) => ({ key: n.id, dept: n, children: n.children ? toItems(n.children) : undefined }));

export default function DepartmentsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const departments = useDepartments();
  // The server creates one root department per organization (named after it); new ones go under it by default.
  const tree = useMemo(() => buildDepartmentTree(departments.data ?? []), [departments.data]);
  const [target, setTarget] = useState<DepartmentEdit | null>(null);
  // Everything starts expanded (org charts are small); remember only what the user folded.
  const [folded, setFolded] = useState<Set<string>>(new Set());
  const expandedKeys = (departments.data ?? []).filter((d) => !folded.has(d.id)).map((d) => d.id);
  const refresh = () => queryClient.invalidateQueries({ queryKey: orgKeys.departments });

  const remove = useMutation({
    mutationFn: (d: DepartmentNode) => api.delete(`/departments/${d.id}`),
    onSuccess: () => {
      message.success(t('departments.deleted'));
      return refresh();
    },
    onError: (err) => message.error(errorMessage(err)), // e.g. DEPARTMENT_NOT_EMPTY
  });

  const move = useMutation({
    // Each PATCH is one department; the moved one carries its new parent, its new siblings their new order.
    mutationFn: async (patches: { id: string; body: { parentId?: string; sort: number } }[]) => {
      for (const p of patches) await api.patch(`/departments/${p.id}`, p.body);
    },
    onSuccess: () => message.success(t('admin.departments.moved')),
    onError: (err) => {
      // The server refuses loops (and a second root) naming parentId: say why next to the action.
      const reason = err instanceof ApiError ? err.fieldErrors.parentId : undefined;
      message.error(reason ? t('admin.departments.moveRefused', { reason }) : errorMessage(err));
    },
    onSettled: () => refresh(),
  });

  const onDrop: TreeProps<TreeItem>['onDrop'] = (info) => {
    const dropPos = info.node.pos.split('-');
    const relative = info.dropPosition - Number(dropPos[dropPos.length - 1]); // -1 before, 1 after, 0 into
    const plan = planMove(tree, String(info.dragNode.key), String(info.node.key), info.dropToGap ? (relative < 0 ? 'before' : 'after') : 'into');
    if (plan.length) move.mutate(plan);
  };

  const title = (d: DepartmentNode) => (
    <Flex gap={8} align="center" wrap style={{ paddingBlock: 2 }}>
      <Typography.Text strong={!d.parentId}>{d.name}</Typography.Text>
      <Tag>{t('admin.departments.memberCount', { count: d.memberCount })}</Tag>
      <Space size={0} onClick={(e) => e.stopPropagation()}>
        <Button type="link" size="small" onClick={() => setTarget({ mode: 'create', parentId: d.id })}>{t('departments.addChild')}</Button>
        <Button type="link" size="small" onClick={() => setTarget({ mode: 'edit', department: d })}>{t('common.edit')}</Button>
        {d.parentId && ( // the root is the organization itself and cannot be deleted
          <Popconfirm title={t('departments.deleteConfirm', { name: d.name })} onConfirm={() => remove.mutateAsync(d).catch(() => undefined)}>
            <Button type="link" size="small" danger>{t('common.delete')}</Button>
          </Popconfirm>
        )}
      </Space>
    </Flex>
  );

  return (
    <>
      <PageHeader title={t('departments.title')} description={<><DragOutlined /> {t('admin.departments.dragHint')}</>}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create', parentId: tree[0]?.id })}>{t('departments.create')}</Button>} />
      <Card loading={departments.isPending} styles={{ body: { overflowX: 'auto' } }}>
        {tree.length ? (
          <Tree<TreeItem>
            blockNode
            draggable={{ icon: false, nodeDraggable: (n) => Boolean((n as TreeItem).dept.parentId) && !move.isPending }}
            // Only one root: nothing may be dropped beside the organization itself.
            allowDrop={({ dropNode, dropPosition }) => dropPosition === 0 || Boolean(dropNode.dept.parentId)}
            treeData={toItems(tree)}
            titleRender={(item) => title(item.dept)}
            expandedKeys={expandedKeys}
            onExpand={(_keys, { expanded, node }) => setFolded((f) => {
              const next = new Set(f);
              if (expanded) next.delete(String(node.key));
              else next.add(String(node.key));
              return next;
            })}
            onDrop={onDrop}
            selectable={false}
            data-testid="department-tree"
          />
        ) : (
          <Empty description={t('departments.empty')} />
        )}
      </Card>
      <DepartmentModal target={target} tree={tree} onClose={() => setTarget(null)} />
    </>
  );
}
