import { useState } from 'react';
import { Table, Tag, Typography, type TableColumnsType } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api } from '../../lib/api.ts';
import { describeUserAgent, formatDateTime } from '../../lib/format.ts';
import type { Page } from './api.ts';

interface LoginLog {
  id: number | string;
  identifier: string;
  userId: string | null;
  ip: string | null;
  userAgent: string | null;
  result: string;
  createdAt: string;
}

const PAGE_SIZE = 20;

export default function LoginLogPage() {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const logs = useQuery({
    queryKey: ['admin', 'login-logs', page],
    queryFn: () => api.get<Page<LoginLog>>('/admin/login-logs', { page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<LoginLog> = [
    { title: t('loginLogs.time'), dataIndex: 'createdAt', render: (v: string | null) => formatDateTime(v) },
    { title: t('loginLogs.identifier'), dataIndex: 'identifier' },
    {
      title: t('loginLogs.result'), dataIndex: 'result',
      // The server records why a sign-in failed (wrongPassword, locked, …): show the reason, translated when known.
      render: (r: string) => {
        if (r === 'success') return <Tag color="green">{t('loginLogs.success')}</Tag>;
        const key = `loginLogs.results.${r}`;
        const reason = i18n.exists(key) ? t(key as 'loginLogs.failure') : r;
        return <Tag color="red">{t('loginLogs.failure')}{reason && r !== 'failure' ? ` · ${reason}` : ''}</Tag>;
      },
    },
    { title: t('loginLogs.ip'), dataIndex: 'ip', render: (v: string | null) => v || '—' },
    {
      title: t('loginLogs.userAgent'), dataIndex: 'userAgent',
      render: (ua: string | null) => <Typography.Text title={ua ?? undefined}>{describeUserAgent(ua)}</Typography.Text>,
    },
  ];

  return (
    <>
      <PageHeader title={t('loginLogs.title')} />
      <Table<LoginLog>
        rowKey="id"
        columns={columns}
        dataSource={logs.data?.items}
        loading={logs.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page, pageSize: PAGE_SIZE, total: logs.data?.total ?? 0, showSizeChanger: false,
          showTotal: (total) => t('common.total', { total }), onChange: setPage,
        }}
      />
    </>
  );
}
