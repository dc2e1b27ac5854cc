import { Alert, Button, Empty, Flex, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { currentLocale } from '../../lib/i18n.ts';
import { adminKeys, FIELD_RECORD_TYPES, type RolePreview as Preview } from './api.ts';

/** Rows that make sense at a glance; the rest of the visible fields are still listed below. */
const PREFERRED = ['number', 'name', 'phone', 'email', 'industry', 'grade', 'ownerId', 'city'];

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * "View as this role": the server lists records through the same permission functions a member's
 * request goes through, as a member holding only this role and sitting where the admin sits.
 */
export function RolePreview({ roleId, version, dirty }: { roleId: string; version: number; dirty: boolean }) {
  const { t } = useTranslation();
  const recordType = FIELD_RECORD_TYPES[0];
  const preview = useQuery({
    queryKey: [...adminKeys.preview(roleId, recordType), version],
    queryFn: () => api.get<Preview>(`/roles/${roleId}/preview`, { recordType }),
  });
  const label = (f: Preview['fields'][number]) => (currentLocale() === 'en' ? f.labelEn || f.label : f.label);
  const data = preview.data;
  const visible = (data?.fields ?? []).filter((f) => f.access !== 'hidden');
  const columns = [...visible].sort((a, b) => rank(a.key) - rank(b.key)).slice(0, 8).map((f) => ({
    title: label(f), key: f.key, render: (_: unknown, row: Record<string, unknown>) => show(f.key.startsWith('custom.') ? (row.custom as Record<string, unknown> | undefined)?.[f.key.slice(7)] : f.key === 'ownerId' ? row.ownerName : row[f.key]),
  }));

  return (
    <Flex vertical gap={12} data-testid="role-preview">
      {dirty && <Alert type="warning" showIcon title={t('admin.preview.unsaved')} />}
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text type="secondary">{t('admin.preview.hint', { type: t(`admin.recordTypes.${recordType}`) })}</Typography.Text>
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void preview.refetch()} loading={preview.isFetching}>{t('admin.preview.refresh')}</Button>
      </Flex>
      {preview.isError && <Alert type="error" title={errorMessage(preview.error)} />}
      {data && !data.canView && <Alert type="info" showIcon title={t('admin.preview.cannotView', { type: t(`admin.recordTypes.${recordType}`) })} />}
      {data && (
        <Flex gap={6} wrap>
          <Tag color="geekblue">{t('admin.roles.dataScope')}: {t(`admin.scope.${data.dataScope}`)}</Tag>
          {data.fields.filter((f) => f.access === 'hidden').map((f) => <Tag key={f.key} color="red">{t('admin.access.hidden')}: {label(f)}</Tag>)}
          {data.fields.filter((f) => f.access === 'readonly').map((f) => <Tag key={f.key} color="orange">{t('admin.access.readonly')}: {label(f)}</Tag>)}
          {data.fields.filter((f) => f.mask).map((f) => <Tag key={f.key} color="purple">{t(`admin.mask.${f.mask!}`)}: {label(f)}</Tag>)}
        </Flex>
      )}
      {data?.canView && (
        <Table rowKey={(r) => String(r.id)} size="small" pagination={false} columns={columns} dataSource={data.rows} scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('admin.preview.empty')} /> }}
          footer={() => t('admin.preview.total', { shown: data.rows.length, total: data.total ?? data.rows.length })} />
      )}
    </Flex>
  );
}

function rank(key: string): number {
  const i = PREFERRED.indexOf(key);
  return i < 0 ? PREFERRED.length : i;
}
