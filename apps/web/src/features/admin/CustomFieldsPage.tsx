import { useState, type DragEvent } from 'react';
import { App, Button, Flex, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, HolderOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api, isApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { adminKeys, FIELD_RECORD_TYPES, useCustomFields, type CustomField } from './api.ts';
import { CustomFieldModal, type FieldEdit } from './CustomFieldModal.tsx';

/** Custom fields of a record type: create, edit, reorder (drag or the arrow buttons), mark indexed, delete. */
export default function CustomFieldsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const recordType = FIELD_RECORD_TYPES[0];
  const fields = useCustomFields(recordType);
  const [target, setTarget] = useState<FieldEdit | null>(null);
  const [dragId, setDragId] = useState<string | null>(null);
  const items = fields.data ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: adminKeys.customFields(recordType) });

  const reorder = async (ids: string[]) => {
    // Show the new order at once; the server's answer (or a refetch on error) settles it.
    queryClient.setQueryData<CustomField[]>(adminKeys.customFields(recordType), (old) => ids.map((id) => old!.find((f) => f.id === id)!));
    try {
      await api.post('/custom-fields/reorder', { recordType, ids });
      message.success(t('admin.fields.reordered'));
    } catch (err) {
      message.error(errorMessage(err));
    }
    await refresh();
  };
  const move = (from: number, to: number) => {
    if (to < 0 || to >= items.length || from === to) return;
    const ids = items.map((f) => f.id);
    const [id] = ids.splice(from, 1);
    ids.splice(to, 0, id!);
    void reorder(ids);
  };

  const remove = async (f: CustomField, force = false) => {
    try {
      await api.delete(`/custom-fields/${f.id}${force ? '?force=1' : ''}`);
      message.success(t('admin.fields.deleted'));
      await refresh();
    } catch (err) {
      if (isApiError(err, 'FIELD_IN_USE') && !force) {
        modal.confirm({
          title: t('admin.fields.inUseTitle', { label: f.label }),
          content: t('admin.fields.inUseBody', { count: err.detail<number>('inUse') ?? f.inUse ?? 0 }),
          okText: t('admin.fields.deleteAnyway'), okButtonProps: { danger: true },
          onOk: () => remove(f, true),
        });
        return;
      }
      message.error(errorMessage(err));
    }
  };

  const columns: TableColumnsType<CustomField> = [
    { key: 'drag', width: 32, render: () => <HolderOutlined style={{ cursor: 'grab', color: '#999' }} aria-hidden /> },
    {
      title: t('admin.fields.label'), key: 'label',
      render: (_, f) => (
        <Flex vertical>
          <Typography.Text strong>{f.label}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{f.key}</Typography.Text>
        </Flex>
      ),
    },
    { title: t('admin.fields.type'), dataIndex: 'type', render: (type: string) => t(`admin.fieldTypes.${type}` as 'admin.fieldTypes.text') },
    {
      title: t('admin.fields.rules'), key: 'rules',
      render: (_, f) => (
        <Flex gap={4} wrap>
          {f.required && <Tag color="red">{t('admin.fields.required')}</Tag>}
          {f.unique && <Tag color="purple">{t('admin.fields.unique')}</Tag>}
          {f.indexed && <Tag color="green">{t('admin.fields.indexed')}</Tag>}
          {f.options.length > 0 && <Tag>{t('admin.fields.optionCount', { count: f.options.length })}</Tag>}
        </Flex>
      ),
    },
    {
      title: t('admin.fields.inUse'), dataIndex: 'inUse', width: 90,
      render: (n: number | null) => (n ? <Tag color="blue">{t('admin.fields.records', { count: n })}</Tag> : <Typography.Text type="secondary">{t('admin.fields.unused')}</Typography.Text>),
    },
    {
      title: t('common.actions'), key: 'actions', width: 1,
      render: (_, f, i) => (
        <Space size={0} style={{ whiteSpace: 'nowrap' }}>
          <Button type="text" size="small" icon={<ArrowUpOutlined />} aria-label={t('admin.fields.moveUp')} disabled={i === 0} onClick={() => move(i, i - 1)} />
          <Button type="text" size="small" icon={<ArrowDownOutlined />} aria-label={t('admin.fields.moveDown')} disabled={i === items.length - 1} onClick={() => move(i, i + 1)} />
          <Button type="link" size="small" onClick={() => setTarget({ mode: 'edit', field: f })}>{t('common.edit')}</Button>
          <Popconfirm title={t('admin.fields.deleteConfirm', { label: f.label })} onConfirm={() => remove(f)}>
            <Button type="link" size="small" danger>{t('common.delete')}</Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  // Native drag and drop on rows; the arrow buttons are the keyboard way to do the same.
  const rowDrag = (f: CustomField, index: number) => ({
    draggable: true,
    onDragStart: (e: DragEvent) => { setDragId(f.id); e.dataTransfer.effectAllowed = 'move'; },
    onDragOver: (e: DragEvent) => { if (dragId) e.preventDefault(); },
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      const from = items.findIndex((x) => x.id === dragId);
      setDragId(null);
      if (from >= 0) move(from, index);
    },
    onDragEnd: () => setDragId(null),
    style: dragId === f.id ? { opacity: 0.5 } : undefined,
  });

  return (
    <>
      <PageHeader title={t('admin.fields.title')} description={t('admin.fields.hint', { type: t(`admin.recordTypes.${recordType}`) })}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create', recordType })}>{t('admin.fields.create')}</Button>} />
      <Table<CustomField> rowKey="id" columns={columns} dataSource={items} loading={fields.isFetching} pagination={false}
        scroll={{ x: 'max-content' }} onRow={rowDrag as never} locale={{ emptyText: t('admin.fields.empty') }} />
      <CustomFieldModal target={target} onClose={() => setTarget(null)} />
    </>
  );
}
