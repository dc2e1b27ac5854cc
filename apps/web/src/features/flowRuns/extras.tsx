/**
 * Flows on the record pages, plugged into the lead / customer / contact configs:
 * - automationDetailTab(recordType) in detailTabs: "自动化" — the flows that ran on this record and, for
 *   every change, the flows considered and why those that did not start did not ("为什么没有触发");
 * - manualFlowExtra(recordType) in detailExtras: the active manual flows of this record type as a
 *   button (one) or a menu (several); running one shows how it ended.
 * Kept light (no flowchart) because the record pages load it.
 */
import { useState } from 'react';
import { App, Button, Dropdown, Empty, Flex, List, Space, Tag, Typography } from 'antd';
import { DownOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import i18n from '../../lib/i18n.ts';
import { useMe } from '../auth/useMe.ts';
import type { DetailExtraContext, RecordLike } from '../records/types.ts';
import {
  EXECUTION_COLOR, flowRunKeys, isLive, runFlow, useManualFlows, useRecordExecutions, useTriggerChecks,
  type FlowExecutionView, type ManualFlow,
} from './api.ts';

const executionLink = (e: { flowId: string; id: string }) => `/settings/flows/${e.flowId}/runs/${e.id}`;

function Executions({ recordType, recordId }: { recordType: string; recordId: string }) {
  const { t } = useTranslation();
  const { isAdmin } = useMe();
  const list = useRecordExecutions(recordType, recordId);
  return (
    <List<FlowExecutionView> size="small" loading={list.isLoading} dataSource={list.data ?? []} data-testid="record-executions"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('flowRuns.tab.noExecutions')} /> }}
      renderItem={(e) => (
        <List.Item data-testid="record-execution" extra={isAdmin ? <Link to={executionLink(e)} data-testid="record-execution-link">{t('flowRuns.view')}</Link> : null}>
          <Flex vertical gap={2} style={{ minWidth: 0 }}>
            <Space wrap size={8}>
              <Tag color={EXECUTION_COLOR[e.status]}>{t(`flowRuns.status.${e.status}`)}</Tag>
              <Typography.Text strong className="ll-break">{e.flowName}</Typography.Text>
            </Space>
            <Typography.Text type="secondary">{formatDateTime(e.startedAt)}</Typography.Text>
            {e.error && <Typography.Text type="danger" className="ll-break">{e.error}</Typography.Text>}
          </Flex>
        </List.Item>
      )} />
  );
}

function Checks({ recordType, recordId }: { recordType: string; recordId: string }) {
  const { t } = useTranslation();
  const { isAdmin } = useMe();
  const checks = useTriggerChecks(recordType, recordId);
  const eventName = (action: string) => (i18n.exists(`flowRuns.event.${action}`) ? t(`flowRuns.event.${action}` as 'flowRuns.event.create') : action);
  return (
    <List size="small" loading={checks.isLoading} dataSource={checks.data ?? []} data-testid="record-flow-checks"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('flowRuns.tab.noChecks')} /> }}
      renderItem={(c) => (
        <List.Item data-testid="record-flow-check">
          <Flex vertical gap={2} style={{ minWidth: 0 }}>
            <Space wrap size={8}>
              <Tag color={c.started ? 'success' : 'default'}>{c.started ? t('flowRuns.tab.started') : t('flowRuns.tab.notStarted')}</Tag>
              <Typography.Text strong className="ll-break">{c.flowName}</Typography.Text>
              <Typography.Text type="secondary">{eventName(c.eventAction)} · {formatDateTime(c.createdAt)}</Typography.Text>
            </Space>
            <Typography.Text className="ll-break" type={c.started ? undefined : 'secondary'} data-testid="record-flow-check-reason">{c.reason}</Typography.Text>
            {isAdmin && c.executionId && <Link to={executionLink({ flowId: c.flowId, id: c.executionId })}>{t('flowRuns.view')}</Link>}
          </Flex>
        </List.Item>
      )} />
  );
}

function AutomationTab({ recordType, recordId }: { recordType: string; recordId: string }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={16} data-testid="record-automation">
      <div>
        <Typography.Title level={5}>{t('flowRuns.tab.executions')}</Typography.Title>
        <Executions recordType={recordType} recordId={recordId} />
      </div>
      <div>
        <Typography.Title level={5} style={{ marginBottom: 0 }}>{t('flowRuns.tab.checks')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('flowRuns.tab.checksHint')}</Typography.Paragraph>
        <Checks recordType={recordType} recordId={recordId} />
      </div>
    </Flex>
  );
}

/** Record tab "自动化": this record's executions and the flows considered for it. */
export function automationDetailTab(recordType: string) {
  return (record: RecordLike) => ({
    key: 'automation',
    label: i18n.t('flowRuns.tab.label'),
    children: <AutomationTab recordType={recordType} recordId={record.id} />,
  });
}

const SETTLE_MS = 15_000;

function ManualFlows({ recordType, record, ctx }: { recordType: string; record: RecordLike; ctx: DetailExtraContext }) {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const { isAdmin } = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const flows = useManualFlows(recordType);
  const [running, setRunning] = useState(false);
  if (!flows.data?.length) return null;

  const label = (f: ManualFlow) => f.buttonLabel || f.name;
  /** Starts the flow, then watches this record's executions until the new one settles (or 15 s pass). */
  const run = async (flow: ManualFlow) => {
    const key = `manual-flow-${flow.id}`;
    setRunning(true);
    try {
      const { executionId } = await runFlow(flow.id, recordType, record.id);
      notification.info({ key, title: t('flowRuns.manual.running', { name: flow.name }), duration: 0 });
      let ex: FlowExecutionView | undefined;
      for (const deadline = Date.now() + SETTLE_MS; Date.now() < deadline;) {
        const items = await api.get<{ items: FlowExecutionView[] }>('/flow-executions', { recordType, recordId: record.id }).then((r) => r.items);
        ex = items.find((e) => e.id === executionId);
        if (ex && ex.status !== 'running') break;
        await new Promise((r) => setTimeout(r, 700));
      }
      const open = isAdmin
        ? <Button type="link" size="small" style={{ padding: 0 }} onClick={() => { notification.destroy(key); navigate(executionLink({ flowId: flow.id, id: executionId })); }} data-testid="manual-flow-open">{t('flowRuns.manual.open')}</Button>
        : null;
      const description = (
        <Flex vertical gap={4} data-testid="manual-flow-result">
          <span className="ll-break">
            {ex?.status === 'failed' ? t('flowRuns.manual.failed', { name: flow.name, error: ex.error ?? '' })
              : ex && ex.status !== 'running' ? t('flowRuns.manual.result', { name: flow.name, status: t(`flowRuns.status.${ex.status}`) })
                : t('flowRuns.manual.started', { name: flow.name })}
          </span>
          {open}
        </Flex>
      );
      const kind = ex?.status === 'failed' ? 'error' : ex && !isLive(ex.status) ? 'success' : 'info';
      notification[kind]({ key, title: flow.name, description, duration: 8 });
      ctx.refresh();
      void queryClient.invalidateQueries({ queryKey: flowRunKeys.record(recordType, record.id) });
      void queryClient.invalidateQueries({ queryKey: flowRunKeys.checks(recordType, record.id) });
      // a flow's actions usually add tasks, follow-ups or notifications: let those lists refetch
      void queryClient.invalidateQueries({ predicate: (q) => ['tasks', 'followups', 'notifications', 'todo'].includes(String(q.queryKey[0])) });
    } catch (err) {
      notification.error({ key, title: flow.name, description: errorMessage(err) });
    } finally {
      setRunning(false);
    }
  };

  if (flows.data.length === 1) {
    const f = flows.data[0]!;
    return <Button icon={<ThunderboltOutlined />} loading={running} onClick={() => void run(f)} data-testid="manual-flow-run">{label(f)}</Button>;
  }
  return (
    <Dropdown trigger={['click']} menu={{
      items: flows.data.map((f) => ({ key: f.id, label: <span data-testid="manual-flow-item">{label(f)}</span> })),
      onClick: ({ key }) => { const f = flows.data?.find((x) => x.id === key); if (f) void run(f); },
    }}>
      <Button icon={<ThunderboltOutlined />} loading={running} data-testid="manual-flow-run">
        {t('flowRuns.manual.button')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}

/** Detail-page button: run one of the active manual flows of this record type on the record. */
export function manualFlowExtra(recordType: string) {
  return (record: RecordLike, ctx: DetailExtraContext) => <ManualFlows recordType={recordType} record={record} ctx={ctx} />;
}
