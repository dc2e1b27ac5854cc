import { useMemo, useState } from 'react';
import { Button, DatePicker, Flex, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useUsers } from '../settings/api.ts';
import type { AuditEntry } from './api.ts';
import { AuditDrawer, auditLabel } from './AuditDrawer.tsx';

interface Filters {
  actorId?: string;
  recordType?: string;
  action?: string;
  range?: [Dayjs, Dayjs] | null;
}
const PAGE = 50;

/** The organization's audit trail, newest first, with filters; "load more" pages with the server's `before` cursor. */
export default function AuditPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>({});
  const [open, setOpen] = useState<AuditEntry | null>(null);
  const users = useUsers({ pageSize: 100 });
  const userName = useMemo(() => new Map((users.data?.items ?? []).map((u) => [u.id, u.name || u.email || u.id])), [users.data]);
  const facets = useQuery({ queryKey: ['admin', 'audit-facets'], queryFn: () => api.get<{ recordTypes: string[]; actions: string[] }>('/audit/facets') });

  const query = {
    actorId: filters.actorId, recordType: filters.recordType, action: filters.action, limit: PAGE,
    from: filters.range?.[0]?.startOf('day').toISOString(), to: filters.range?.[1]?.endOf('day').toISOString(),
  };
  const entries = useInfiniteQuery({
    queryKey: ['admin', 'audit', query],
    queryFn: ({ pageParam }) => api.get<{ items: AuditEntry[]; nextBefore: number | null }>('/audit', { ...query, before: pageParam }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const items = entries.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('admin.audit.time'), dataIndex: 'createdAt', render: (v: string | null) => formatDateTime(v) },
    {
      title: t('admin.audit.actor'), key: 'actor',
      render: (_, e) => (e.actorId ? userName.get(e.actorId) ?? e.actorId.slice(0, 8) : t('admin.audit.system')) + (e.actorType === 'apiKey' ? ' · API' : ''),
    },
    { title: t('admin.audit.action'), dataIndex: 'action', render: (a: string) => <Tag>{auditLabel(t, 'actions', a)}</Tag> },
    { title: t('admin.audit.recordType'), dataIndex: 'recordType', render: (r: string) => auditLabel(t, 'types', r) },
    {
      title: t('admin.audit.changes'), key: 'changes',
      render: (_, e) => {
        const keys = Object.keys(e.changes?.fields ?? {});
        return keys.length ? <Typography.Text type="secondary">{keys.slice(0, 4).join(', ')}{keys.length > 4 ? ` +${keys.length - 4}` : ''}</Typography.Text> : '—';
      },
    },
    { title: '', key: 'open', width: 1, render: (_, e) => <Button type="link" size="small" onClick={() => setOpen(e)}>{t('admin.audit.open')}</Button> },
  ];

  return (
    <>
      <PageHeader title={t('admin.audit.title')} description={t('admin.audit.hint')} />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('admin.audit.actor')} style={{ flex: '1 1 160px', maxWidth: 220 }}
          options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name || u.email || u.id }))} onChange={(actorId?: string) => set({ actorId })} />
        <Select allowClear placeholder={t('admin.audit.recordType')} style={{ flex: '1 1 140px', maxWidth: 200 }}
          options={(facets.data?.recordTypes ?? []).map((r) => ({ value: r, label: auditLabel(t, 'types', r) }))} onChange={(recordType?: string) => set({ recordType })} />
        <Select allowClear placeholder={t('admin.audit.action')} style={{ flex: '1 1 140px', maxWidth: 200 }}
          options={(facets.data?.actions ?? []).map((a) => ({ value: a, label: auditLabel(t, 'actions', a) }))} onChange={(action?: string) => set({ action })} />
        <DatePicker.RangePicker style={{ flex: '1 1 240px', maxWidth: 300 }} onChange={(range) => set({ range: range as [Dayjs, Dayjs] | null })} />
      </Flex>
      <Table<AuditEntry> rowKey="id" columns={columns} dataSource={items} loading={entries.isFetching && !entries.isFetchingNextPage}
        pagination={false} scroll={{ x: 'max-content' }} onRow={(e) => ({ onDoubleClick: () => setOpen(e) })} data-testid="audit-table" />
      <Flex justify="center" style={{ marginTop: 16 }}>
        {entries.hasNextPage && (
          <Button onClick={() => void entries.fetchNextPage()} loading={entries.isFetchingNextPage}>{t('admin.audit.loadMore')}</Button>
        )}
      </Flex>
      <AuditDrawer entry={open} actorName={open?.actorId ? userName.get(open.actorId) : undefined} onClose={() => setOpen(null)} />
    </>
  );
}
