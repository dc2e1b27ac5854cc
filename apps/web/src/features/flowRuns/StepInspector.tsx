/**
 * One node of an execution, visit by visit: what it was given, what it decided (for a condition each
 * branch tested and why it matched or not), what it did, when, how many attempts and what went wrong.
 */
import { Alert, Card, Descriptions, Empty, Flex, Space, Tag, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { FlowDefinition, FlowStepStatus, FlowStepView } from '@loopline/shared';
import { formatDateTime } from '../../lib/format.ts';
import { branchTests, durationMs, formatDuration } from './path.ts';

export const STEP_COLOR: Record<FlowStepStatus, string> = { pending: 'processing', waiting: 'gold', done: 'success', failed: 'error', cancelled: 'default' };

/** A node's name for people: its label, else its type in words. */
export function useNodeName() {
  const { t, i18n } = useTranslation();
  return (node: { type: string; label?: string | null } | undefined, fallbackType?: string): string => {
    if (node?.label) return node.label;
    const type = node?.type ?? fallbackType ?? '';
    return i18n.exists(`flowRuns.node.${type}`) ? t(`flowRuns.node.${type}` as 'flowRuns.node.trigger') : type;
  };
}

export function useDuration() {
  const { t } = useTranslation();
  const units = { ms: t('flowRuns.units.ms'), s: t('flowRuns.units.s'), min: t('flowRuns.units.min'), h: t('flowRuns.units.h'), d: t('flowRuns.units.d') };
  return (from: string | null | undefined, to: string | null | undefined) => formatDuration(durationMs(from, to), units);
}

/**
 * Any JSON value, readable: text as is, structures indented, nothing as 无. `folded` starts a structure
 * closed behind a one-line summary (a step's input is the whole record: long, rarely the first thing read).
 */
export function Value({ value, testId, folded }: { value: unknown; testId?: string; folded?: boolean }) {
  const { t } = useTranslation();
  if (value === null || value === undefined || (typeof value === 'object' && Object.keys(value).length === 0)) {
    return <Typography.Text type="secondary" data-testid={testId}>{t('flowRuns.inspector.none')}</Typography.Text>;
  }
  if (typeof value !== 'object') return <span className="ll-break" data-testid={testId}>{String(value)}</span>;
  const pre = (
    <pre data-testid={testId} style={{ margin: 0, maxHeight: 260, overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 12, background: 'rgba(0,0,0,0.03)', padding: 8, borderRadius: 6 }}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
  if (!folded) return pre;
  const keys = Array.isArray(value) ? [] : Object.keys(value);
  return (
    <details>
      <summary style={{ cursor: 'pointer' }}>
        <Typography.Text type="secondary" className="ll-break">{Array.isArray(value) ? `[${value.length}]` : `{ ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''} }`}</Typography.Text>
      </summary>
      {pre}
    </details>
  );
}

function Decision({ step, branchLabels }: { step: FlowStepView; branchLabels: Map<string, string> }) {
  const { t } = useTranslation();
  const tests = branchTests(step.decision);
  const label = (id: string, own?: string | null) => own || branchLabels.get(id) || (id === 'default' ? t('flowRuns.inspector.defaultBranch') : id);
  return (
    <Flex vertical gap={6} data-testid="step-decision">
      {step.branch && (
        <span>{t('flowRuns.inspector.branchTaken')}: <Tag color="blue" data-testid="step-branch">{label(step.branch)}</Tag></span>
      )}
      {tests ? tests.map((b) => (
        <Flex key={b.id} gap={6} align="flex-start" data-testid="step-branch-test">
          {b.matched ? <CheckCircleFilled style={{ color: '#52c41a', marginTop: 4 }} /> : <CloseCircleOutlined style={{ color: '#999', marginTop: 4 }} />}
          <span className="ll-break">
            <Typography.Text strong>{label(b.id, b.label)}</Typography.Text>{' '}
            {/* the engine's reason already says 满足 / 不满足 and which conditions */}
            <Typography.Text type={b.matched ? 'success' : 'secondary'}>{b.reason ?? (b.matched ? t('flowRuns.inspector.matched') : t('flowRuns.inspector.notMatched'))}</Typography.Text>
          </span>
        </Flex>
      )) : step.decision != null && <Value value={step.decision} />}
    </Flex>
  );
}

function Visit({ step, n, total, branchLabels }: { step: FlowStepView; n: number; total: number; branchLabels: Map<string, string> }) {
  const { t } = useTranslation();
  const duration = useDuration();
  const items = [
    {
      key: 'time', label: t('flowRuns.inspector.time'),
      children: <span>{formatDateTime(step.createdAt)}{step.finishedAt && <> → {formatDateTime(step.finishedAt)} ({duration(step.createdAt, step.finishedAt)})</>}</span>,
    },
    { key: 'attempts', label: t('flowRuns.inspector.attempts'), children: step.attempts },
    ...(step.wakeAt ? [{ key: 'wake', label: t('flowRuns.inspector.wakeAt'), children: formatDateTime(step.wakeAt) }] : []),
    ...(step.decision != null || step.branch ? [{ key: 'decision', label: t('flowRuns.inspector.decision'), children: <Decision step={step} branchLabels={branchLabels} /> }] : []),
    { key: 'input', label: t('flowRuns.inspector.input'), children: <Value value={step.input} testId="step-input" folded /> },
    { key: 'output', label: t('flowRuns.inspector.output'), children: <Value value={step.output} testId="step-output" /> },
  ];
  return (
    <Card size="small" data-testid="step-visit" title={(
      <Space wrap>
        {total > 1 && <span>{t('flowRuns.inspector.visit', { n })}</span>}
        <Tag color={STEP_COLOR[step.status]} data-testid="step-status">{t(`flowRuns.stepStatus.${step.status}`)}</Tag>
      </Space>
    )}>
      {step.error && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={t('flowRuns.inspector.error')} description={<span className="ll-break" data-testid="step-error">{step.error}</span>} />}
      <Descriptions size="small" column={1} layout="vertical" items={items} />
    </Card>
  );
}

/** The side panel for the selected node: each of its visits in this execution, oldest first. */
export function StepInspector({ definition, nodeId, visits }: { definition: FlowDefinition; nodeId: string | null; visits: FlowStepView[] }) {
  const { t } = useTranslation();
  const nodeName = useNodeName();
  if (!nodeId) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('flowRuns.inspector.pick')} />;
  const node = definition.nodes.find((n) => n.id === nodeId);
  const branches = (node?.config as { branches?: { id: string; label: string }[] } | undefined)?.branches ?? [];
  const branchLabels = new Map(branches.filter((b) => b.label).map((b) => [b.id, b.label]));
  return (
    <Flex vertical gap={8} data-testid="step-inspector">
      <Typography.Title level={5} style={{ margin: 0 }} className="ll-break" data-testid="step-inspector-title">
        {nodeName(node, visits[0]?.nodeType)}
      </Typography.Title>
      {visits.length === 0
        ? <Typography.Text type="secondary">{t('flowRuns.inspector.notVisited')}</Typography.Text>
        : visits.map((s, i) => <Visit key={s.id} step={s} n={i + 1} total={visits.length} branchLabels={branchLabels} />)}
    </Flex>
  );
}
