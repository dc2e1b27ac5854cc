import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Checkbox, Flex, InputNumber, Select, Table, TreeSelect, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { buildDepartmentTree, departmentTreeOptions, useDepartments, useUsers } from '../settings/api.ts';
import { poolKeys, useCaps, type Cap } from './api.ts';
import { capsPayload } from './poolModel.ts';

/** Ownership caps: everyone / a person / a department together, max owned and locked customers. */
export function CapsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const caps = useCaps();
  const users = useUsers({ status: 'active', pageSize: 500 });
  const departments = useDepartments();
  const tree = useMemo(() => departmentTreeOptions(buildDepartmentTree(departments.data ?? [])), [departments.data]);
  const [rows, setRows] = useState<(Cap & { key: number })[] | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (caps.data) setRows(caps.data.map((c, key) => ({ ...c, key })));
  }, [caps.data]);
  const c = (k: string) => t(`publicPool.caps.${k}` as 'publicPool.caps.title');
  const change = (key: number, patch: Partial<Cap>) => setRows((all) => all && all.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  const save = async () => {
    if (!rows) return;
    setSaving(true);
    try {
      await api.put('/ownership-caps', { items: capsPayload(rows) });
      message.success(c('saved'));
      await queryClient.invalidateQueries({ queryKey: poolKeys.caps });
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  const count = (r: Cap & { key: number }, k: 'maxOwned' | 'maxLocked') => (
    <InputNumber min={0} max={1_000_000} precision={0} value={r[k]} placeholder={t('publicPool.settings.unlimited')} style={{ width: 110 }} aria-label={c(k)}
      onChange={(v) => change(r.key, { [k]: typeof v === 'number' ? v : null })} />
  );

  return (
    <Card title={c('title')} loading={caps.isPending} data-testid="caps-card"
      extra={<Button size="small" icon={<PlusOutlined />} onClick={() => setRows((all) => [...(all ?? []), { key: Date.now(), subjectType: 'user', userId: null, departmentId: null, maxOwned: null, maxLocked: null, countClosed: true }])}>{c('add')}</Button>}>
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{c('description')}</Typography.Text>
        <Table rowKey="key" size="small" pagination={false} dataSource={rows ?? []} scroll={{ x: 760 }} locale={{ emptyText: c('empty') }}
          columns={[
            {
              key: 'subject', title: c('subject'), width: 300,
              render: (_, r) => (
                <Flex gap={6}>
                  <Select value={r.subjectType} style={{ width: 120 }} aria-label={c('subject')} onChange={(v) => change(r.key, { subjectType: v })}
                    options={(['everyone', 'user', 'department'] as const).map((v) => ({ value: v, label: c(v) }))} />
                  {r.subjectType === 'user' && (
                    <Select value={r.userId ?? undefined} style={{ width: 160 }} showSearch={{ optionFilterProp: 'label' }} onChange={(v) => change(r.key, { userId: v })}
                      options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} />
                  )}
                  {r.subjectType === 'department' && (
                    <TreeSelect value={r.departmentId ?? undefined} style={{ width: 160 }} treeData={tree} treeDefaultExpandAll onChange={(v) => change(r.key, { departmentId: v })} />
                  )}
                </Flex>
              ),
            },
            { key: 'owned', title: c('maxOwned'), render: (_, r) => count(r, 'maxOwned') },
            { key: 'locked', title: c('maxLocked'), render: (_, r) => count(r, 'maxLocked') },
            { key: 'closed', title: c('countClosed'), render: (_, r) => <Checkbox checked={r.countClosed} aria-label={c('countClosed')} onChange={(e) => change(r.key, { countClosed: e.target.checked })} /> },
            { key: 'x', width: 48, render: (_, r) => <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => setRows((all) => all && all.filter((x) => x.key !== r.key))} /> },
          ]} />
        <Flex justify="flex-end"><Button type="primary" loading={saving} onClick={() => void save()} data-testid="caps-save">{t('common.save')}</Button></Flex>
      </Flex>
    </Card>
  );
}
