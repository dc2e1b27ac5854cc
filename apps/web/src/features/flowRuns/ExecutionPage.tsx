/**
 * /settings/flows/:id/runs/:executionId — one execution: the path it took drawn on its version's
 * flowchart (read-only), every step in order, and the selected node's visits in the inspector.
 * Admins retry a failed execution from its failed step or cancel a running one. Refreshes itself while
 * the execution still moves.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Flex, Grid, Popconfirm, Row, Space, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, RedoOutlined, StopOutlined, SyncOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { FlowStepView } from '@loopline/shared';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { FlowCanvas } from '../flows/FlowCanvas.tsx';
import { cancelExecution, EXECUTION_COLOR, flowRunKeys, isLive, recordPath, retryExecution, useExecution, type ExecutionDetail } from './api.ts';
import { followedEdges, nodeMarks, orderSteps, visitsByNode } from './path.ts';
import { STEP_COLOR, StepInspector, useDuration, useNodeName } from './StepInspector.tsx';

function Actions({ execution }: { execution: ExecutionDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const act = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await fn();
      message.success(done);
      await queryClient.invalidateQueries({ queryKey: flowRunKeys.all });
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {execution.status === 'failed' && (
        <Button type="primary" icon={<RedoOutlined />} loading={busy} data-testid="execution-retry"
          onClick={() => void act(() => retryExecution(execution.id), t('flowRuns.retried'))}>{t('flowRuns.retry')}</Button>
      )}
      {isLive(execution.status) && (
        <Popconfirm title={t('flowRuns.cancelConfirm')} onConfirm={() => act(() => cancelExecution(execution.id), t('flowRuns.cancelled'))}>
          <Button danger icon={<StopOutlined />} loading={busy} data-testid="execution-cancel">{t('flowRuns.cancel')}</Button>
        </Popconfirm>
      )}
    </>
  );
}

export default function ExecutionPage() {
  const { id = '', executionId = '' } = useParams();
  const { t } = useTranslation();
  const duration = useDuration();
  const nodeName = useNodeName();
  const query = useExecution(executionId);
  const [selected, setSelected] = useState<string | null>(null);
  const screens = Grid.useBreakpoint();
  const inspector = useRef<HTMLDivElement>(null);
  const ex = query.data;

  // a failed execution opens on its failed step: that is what the reader came for
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current || !ex) return;
    opened.current = true;
    const failed = ex.steps?.find((s) => s.status === 'failed');
    if (failed) setSelected(failed.nodeId);
  }, [ex]);

  /** Picks a node; on a phone the inspector sits below the chart, so bring it into view. */
  const select = (nodeId: string | null) => {
    setSelected(nodeId);
    if (nodeId && !screens.xl) window.setTimeout(() => inspector.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 50);
  };

  const view = useMemo(() => {
    if (!ex) return null;
    const steps = ex.steps ?? [];
    return { steps: orderSteps(steps), visits: visitsByNode(steps), highlight: nodeMarks(steps), edges: followedEdges(ex.definition, steps) };
  }, [ex]);

  if (query.isLoading) return <Loading />;
  if (!ex || !view) return <Alert type="error" showIcon title={errorMessage(query.error)} />;

  const link = recordPath(ex.recordType, ex.recordId);
  const trigger = (ex.trigger ?? {}) as { userName?: string | null };
  const nodes = new Map(ex.definition.nodes.map((n) => [n.id, n]));
  const columns: ColumnsType<FlowStepView> = [
    {
      title: t('flowRuns.steps'), key: 'node', ellipsis: true,
      render: (_, s) => <Typography.Link onClick={() => select(s.nodeId)} data-testid="execution-step-node" data-step-node-type={s.nodeType}>{nodeName(nodes.get(s.nodeId), s.nodeType)}</Typography.Link>,
    },
    { title: t('flowRuns.col.status'), dataIndex: 'status', width: 90, render: (v: FlowStepView['status']) => <Tag color={STEP_COLOR[v]}>{t(`flowRuns.stepStatus.${v}`)}</Tag> },
    { title: t('flowRuns.col.started'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
    { title: t('flowRuns.col.duration'), key: 'duration', width: 100, render: (_, s) => duration(s.createdAt, s.finishedAt) },
    { title: t('flowRuns.col.error'), dataIndex: 'error', ellipsis: true, render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '—') },
  ];

  return (
    <>
      <Link to={`/settings/flows/${id}/runs`} style={{ display: 'inline-flex', gap: 6, marginBottom: 8 }} data-testid="execution-back"><ArrowLeftOutlined />{t('flowRuns.backToRuns')}</Link>
      <PageHeader
        title={<Flex gap={8} align="center" wrap><span className="ll-break">{ex.flowName}</span><Tag color={EXECUTION_COLOR[ex.status]} data-testid="execution-status">{t(`flowRuns.status.${ex.status}`)}</Tag></Flex>}
        extra={<Actions execution={ex} />}
        description={(
          <Space wrap size={[16, 4]} data-testid="execution-facts">
            <span>{t('flowRuns.version', { version: ex.version })}</span>
            {ex.recordId && (link ? <Link to={link} data-testid="execution-record">{ex.recordName ?? ex.recordId}</Link> : <span>{ex.recordName ?? ex.recordId}</span>)}
            {trigger.userName && <span>{t('flowRuns.triggeredBy', { name: trigger.userName })}</span>}
            <span>{formatDateTime(ex.startedAt)}{ex.finishedAt && <> → {formatDateTime(ex.finishedAt)} ({duration(ex.startedAt, ex.finishedAt)})</>}</span>
            {ex.depth > 1 && <span>{t('flowRuns.depth', { depth: ex.depth })}</span>}
            {isLive(ex.status) && <Typography.Text type="secondary"><SyncOutlined spin /> {t('flowRuns.refreshing')}</Typography.Text>}
          </Space>
        )} />
      {ex.error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={<span className="ll-break" data-testid="execution-error">{ex.error}</span>} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('flowRuns.path')} extra={screens.md ? <Typography.Text type="secondary">{t('flowRuns.pathHint')}</Typography.Text> : null} styles={{ body: { padding: 0 } }}>
            <div data-testid="execution-canvas">
              <FlowCanvas definition={ex.definition} readOnly highlight={view.highlight} highlightEdges={view.edges}
                selectedNodeId={selected ?? undefined} onSelectNode={select} height={screens.md ? 460 : 360} />
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('flowRuns.inspector.title')} ref={inspector}>
            <StepInspector definition={ex.definition} nodeId={selected} visits={selected ? (view.visits.get(selected) ?? []) : []} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('flowRuns.steps')} style={{ marginTop: 16 }}>
        <Table<FlowStepView> rowKey="id" size="small" columns={columns} dataSource={view.steps} pagination={false} data-testid="execution-steps"
          rowClassName={(s) => (s.nodeId === selected ? 'ant-table-row-selected' : '')}
          scroll={{ x: 'max-content' }} locale={{ emptyText: t('flowRuns.noSteps') }} />
      </Card>
    </>
  );
}
