import { useState } from 'react';
import { Alert, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Linkified } from '../../components/Linkified.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import type { Page } from './api.ts';

interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
  error: string | null;
}

const STATUS: Record<string, { color: string; label: 'outbox.statusQueued' | 'outbox.statusSent' | 'outbox.statusFailed' | 'outbox.statusKept' }> = {
  queued: { color: 'gold', label: 'outbox.statusQueued' },
  sent: { color: 'green', label: 'outbox.statusSent' },
  failed: { color: 'red', label: 'outbox.statusFailed' },
  kept: { color: 'blue', label: 'outbox.statusKept' },
};
const PAGE_SIZE = 20;

export default function OutboxPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const mails = useQuery({
    queryKey: ['admin', 'outbox', page],
    queryFn: () => api.get<Page<OutboxMail>>('/admin/outbox', { page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<OutboxMail> = [
    { title: t('outbox.subject'), dataIndex: 'subject', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('outbox.to'), dataIndex: 'to' },
    {
      title: t('outbox.status'), dataIndex: 'status',
      render: (s: string, m) => {
        const known = STATUS[s];
        const tag = <Tag color={known?.color}>{known ? t(known.label) : s}</Tag>;
        return m.error ? <span title={m.error}>{tag}</span> : tag;
      },
    },
    { title: t('outbox.createdAt'), dataIndex: 'createdAt', render: (v: string | null) => formatDateTime(v) },
  ];

  return (
    <>
      <PageHeader title={t('outbox.title')} />
      <Alert type="info" showIcon title={t('outbox.hint')} style={{ marginBottom: 16 }} />
      <Table<OutboxMail>
        rowKey="id"
        columns={columns}
        dataSource={mails.data?.items}
        loading={mails.isFetching}
        scroll={{ x: 'max-content' }}
        // The body is what admins come for (invitation and reset links): one click on a row shows it.
        expandable={{
          expandRowByClick: true,
          expandedRowRender: (m) => (
            <div style={{ maxWidth: 'min(760px, calc(100vw - 80px))' }}>
              {m.error && <Alert type="error" title={m.error} style={{ marginBottom: 8 }} />}
              <pre className="ll-mail-body"><Linkified text={m.text} /></pre>
            </div>
          ),
        }}
        pagination={{
          current: page, pageSize: PAGE_SIZE, total: mails.data?.total ?? 0, showSizeChanger: false,
          showTotal: (total) => t('common.total', { total }), onChange: setPage,
        }}
      />
    </>
  );
}
