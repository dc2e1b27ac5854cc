import { App, Form, Input, InputNumber, TreeSelect } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormModal, FormModalActions } from '../../components/FormModal.tsx';
import { api } from '../../lib/api.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { rules } from '../auth/rules.ts';
import { departmentTreeOptions, orgKeys, type Department, type DepartmentNode } from './api.ts';

/** What the modal is doing: creating (optionally under a parent) or editing an existing department. */
export type DepartmentEdit = { mode: 'create'; parentId?: string } | { mode: 'edit'; department: Department };

interface Values {
  name: string;
  parentId?: string | null;
  sort?: number;
}

export function DepartmentModal({ target, tree, onClose }: { target: DepartmentEdit | null; tree: DepartmentNode[]; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormModal target={target} onClose={onClose}
      title={(x) => (x.mode === 'edit' ? t('departments.editTitle') : t('departments.createTitle'))}
      keyOf={(x) => (x.mode === 'edit' ? `edit:${x.department.id}` : `create:${x.parentId ?? ''}`)}
      render={(x) => <DepartmentForm target={x} tree={tree} onClose={onClose} />} />
  );
}

function DepartmentForm({ target, tree, onClose }: { target: DepartmentEdit; tree: DepartmentNode[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const editing = target.mode === 'edit' ? target.department : undefined;
  // The root department is the organization itself: it has no parent and cannot get one.
  const isRoot = Boolean(editing && !editing.parentId);

  const { form, onFinish, submitting, error } = useServerForm<Values>(
    (v) =>
      editing
        ? api.patch(`/departments/${editing.id}`, { name: v.name.trim(), sort: v.sort ?? 0, ...(isRoot ? {} : { parentId: v.parentId }) })
        : api.post('/departments', { name: v.name.trim(), parentId: v.parentId }),
    {
      onSuccess: async () => {
        message.success(t('common.saved'));
        await queryClient.invalidateQueries({ queryKey: orgKeys.departments });
        onClose();
      },
    },
  );

  const initialValues: Values = editing
    ? { name: editing.name, parentId: editing.parentId ?? undefined, sort: editing.sort }
    : { name: '', parentId: target.mode === 'create' ? target.parentId : undefined };

  return (
    <>
      <FormError error={error} />
      <Form form={form} name="department" layout="vertical" onFinish={onFinish} initialValues={initialValues}>
        <Form.Item name="name" label={t('departments.name')} rules={[rules.required(t('departments.name')), { max: 60 }]}>
          <Input autoFocus />
        </Form.Item>
        {!isRoot && (
          <Form.Item name="parentId" label={t('departments.parent')} rules={[{ required: true, message: t('departments.parent') }]}>
            {/* A department cannot move under itself or its own sub-departments. */}
            <TreeSelect treeDefaultExpandAll treeData={departmentTreeOptions(tree, editing?.id)} />
          </Form.Item>
        )}
        {editing && (
          <Form.Item name="sort" label={t('departments.sort')} extra={t('departments.sortHint')}>
            <InputNumber precision={0} min={0} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <FormModalActions submitting={submitting} okText={t('common.save')} onCancel={onClose} />
      </Form>
    </>
  );
}
