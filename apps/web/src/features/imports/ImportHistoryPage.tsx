import { useState } from 'react';
import { Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { importKeys, listImports, STATUS_COLOR, type ImportInfo, type ImportRecordType, type ImportStatus } from './api.ts';

const PAGE = 20;

/** /imports: past imports — the signed-in person's own, everyone's for administrators. */
export default function ImportHistoryPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [recordType, setRecordType] = useState<ImportRecordType | ''>('');
  const q = { limit: PAGE, offset: (page - 1) * PAGE, recordType: recordType || undefined };
  const list = useQuery({ queryKey: importKeys.list(q), queryFn: () => listImports(q), placeholderData: keepPreviousData, refetchInterval: (query) => (query.state.data?.items.some((i) => i.status === 'running' || i.status === 'queued') ? 3000 : false) });

  const columns: ColumnsType<ImportInfo> = [
    {
      title: t('imports.list.file'), dataIndex: 'fileName', ellipsis: true,
      render: (name: string, r) => <Link to={`/imports/${r.id}`} data-testid="import-history-link">{name}</Link>,
    },
    { title: t('imports.list.type'), dataIndex: 'recordType', width: 90, render: (v: ImportRecordType) => t(`imports.types.${v}`) },
    { title: t('imports.list.status'), dataIndex: 'status', width: 100, render: (s: ImportStatus) => <Tag color={STATUS_COLOR[s]}>{t(`imports.status.${s}`)}</Tag> },
    {
      title: t('imports.list.result'), key: 'counts', width: 300,
      render: (_, r) => (r.status === 'completed' ? t('imports.list.counts', { ...r.counts }) : t('imports.list.rows', { n: r.rowCount })),
    },
    { title: t('imports.list.by'), dataIndex: 'createdByName', width: 110, render: (n: string | null) => n ?? '—' },
    { title: t('imports.list.at'), dataIndex: 'createdAt', width: 170, render: (at: string) => formatDateTime(at) },
  ];

  return (
    <>
      <PageHeader title={t('imports.history')}
        extra={(
          <Select aria-label={t('imports.list.type')} value={recordType} style={{ width: 140 }} onChange={(v) => { setRecordType(v); setPage(1); }}
            options={[{ value: '', label: t('common.all') }, ...(['lead', 'customer', 'contact'] as const).map((v) => ({ value: v, label: t(`imports.types.${v}`) }))]} />
        )} />
      <Table<ImportInfo> rowKey="id" columns={columns} dataSource={list.data?.items ?? []} loading={list.isFetching} data-testid="import-history"
        scroll={{ x: 'max-content' }} locale={{ emptyText: <Typography.Text type="secondary">{t('imports.list.empty')}</Typography.Text> }}
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (n) => t('common.total', { total: n }) }} />
    </>
  );
}
