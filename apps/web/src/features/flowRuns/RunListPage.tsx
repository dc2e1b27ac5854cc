/**
 * /settings/flows/:id/runs — a flow's executions, newest first: status (filterable), the record it ran
 * on, version, start, end, duration and the error of failed ones; each opens its path.
 */
import { useState } from 'react';
import { Select, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { EXECUTION_COLOR, EXECUTION_STATUSES, recordPath, useFlowExecutions, useFlowSummary, type FlowExecutionStatus, type FlowExecutionView } from './api.ts';
import { useDuration } from './StepInspector.tsx';

const PAGE = 20;

export default function RunListPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const duration = useDuration();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<FlowExecutionStatus | ''>('');
  const flow = useFlowSummary(id);
  const list = useFlowExecutions(id, { status: status || undefined, page, pageSize: PAGE });

  const columns: ColumnsType<FlowExecutionView> = [
    {
      title: t('flowRuns.col.status'), dataIndex: 'status', width: 90,
      render: (s: FlowExecutionStatus, e) => <Link to={`/settings/flows/${id}/runs/${e.id}`} data-testid="run-link"><Tag color={EXECUTION_COLOR[s]} data-testid="run-status">{t(`flowRuns.status.${s}`)}</Tag></Link>,
    },
    {
      title: t('flowRuns.col.record'), key: 'record', ellipsis: true,
      render: (_, e) => {
        if (!e.recordId) return <Typography.Text type="secondary">{t('flowRuns.noRecord')}</Typography.Text>;
        const to = recordPath(e.recordType, e.recordId);
        const name = e.recordName ?? e.recordId;
        return to ? <Link to={to}>{name}</Link> : name;
      },
    },
    { title: t('flowRuns.col.version'), dataIndex: 'version', width: 70, render: (v: number) => `v${v}` },
    { title: t('flowRuns.col.started'), dataIndex: 'startedAt', width: 150, render: (v: string) => formatDateTime(v) },
    { title: t('flowRuns.col.finished'), dataIndex: 'finishedAt', width: 150, render: (v: string | null) => formatDateTime(v) },
    { title: t('flowRuns.col.duration'), key: 'duration', width: 100, render: (_, e) => duration(e.startedAt, e.finishedAt) },
    { title: t('flowRuns.col.error'), dataIndex: 'error', ellipsis: true, render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '—') },
    { title: t('flowRuns.col.detail'), key: 'open', width: 70, render: (_, e) => <Link to={`/settings/flows/${id}/runs/${e.id}`}>{t('flowRuns.view')}</Link> },
  ];

  return (
    <>
      <Link to={`/settings/flows/${id}`} style={{ display: 'inline-flex', gap: 6, marginBottom: 8 }}><ArrowLeftOutlined />{t('flowRuns.backToFlow')}</Link>
      <PageHeader title={flow.data ? t('flowRuns.titleOf', { name: flow.data.name }) : t('flowRuns.title')}
        extra={(
          <Select aria-label={t('flowRuns.col.status')} value={status} style={{ width: 140 }} data-testid="run-status-filter"
            onChange={(v) => { setStatus(v); setPage(1); }}
            options={[{ value: '', label: t('flowRuns.allStatuses') }, ...EXECUTION_STATUSES.map((s) => ({ value: s, label: t(`flowRuns.status.${s}`) }))]} />
        )} />
      <Table<FlowExecutionView> rowKey="id" columns={columns} dataSource={list.data?.items ?? []} loading={list.isFetching && !list.data} data-testid="run-table"
        scroll={{ x: 'max-content' }} locale={{ emptyText: <Typography.Text type="secondary">{t('flowRuns.empty')}</Typography.Text> }}
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (n) => t('common.total', { total: n }) }} />
    </>
  );
}
