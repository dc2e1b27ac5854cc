import { useState } from 'react';
import { Alert, Button, Drawer, Empty, Flex, Form, Select, Tag, Timeline, Typography } from 'antd';
import { ExperimentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { FlowDefinition, FlowDryRunResult } from '@loopline/shared';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { RecordSelect } from '../records/RecordSelect.tsx';
import { useFlowMutations } from './api.ts';
import { DEFAULT_HANDLE, FIELD_CATALOG_PATHS, branchesOf, pathEdges } from './model.ts';
import type { StepHighlight } from './FlowCanvas.tsx';

interface Props {
  open: boolean;
  onClose: () => void;
  flowId: string;
  /** the draft as saved (the dry run reads the stored draft or a version) */
  definition: FlowDefinition;
  versions: number[];
  /** the path to draw on the canvas; null clears it */
  onPath: (path: { highlight: Record<string, StepHighlight>; edges: string[] } | null) => void;
  /** save the draft first when it has unsaved edits */
  beforeRun: () => Promise<void>;
}

/** 试运行: pick a record, see the path and the actions the flow would take. Nothing is done. */
export function DryRunDrawer({ open, onClose, flowId, definition, versions, onPath, beforeRun }: Props) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const { dryRun } = useFlowMutations(flowId);
  const [recordId, setRecordId] = useState<string | null>(null);
  const [version, setVersion] = useState<number | 'draft'>('draft');
  const [result, setResult] = useState<FlowDryRunResult | null>(null);
  const recordType = definition.trigger.recordType;
  const apiPath = recordType ? FIELD_CATALOG_PATHS[recordType] : undefined;
  const nodeName = (id: string) => {
    const n = definition.nodes.find((x) => x.id === id);
    return n ? n.label || t(`flows.nodeTypes.${n.type}` as 'flows.nodeTypes.end', { defaultValue: n.type }) : id;
  };
  const branchName = (nodeId: string, branch: string) => {
    const n = definition.nodes.find((x) => x.id === nodeId);
    if (branch === DEFAULT_HANDLE) return t('flows.branch.default');
    return (n && branchesOf(n).find((b) => b.id === branch)?.label) || branch;
  };

  const run = async () => {
    await beforeRun();
    const r = await dryRun.mutateAsync({ ...(recordType && recordId ? { recordType, recordId } : {}), ...(version === 'draft' ? {} : { version }) });
    setResult(r);
    const highlight: Record<string, StepHighlight> = {};
    for (const s of r.steps) highlight[s.nodeId] = s.waitsUntil ? 'waiting' : 'done';
    onPath({ highlight, edges: pathEdges(definition, r.steps) });
  };
  const close = () => { onPath(null); setResult(null); onClose(); };

  return (
    <Drawer open={open} onClose={close} title={t('flows.dry.title')} placement={mobile ? 'bottom' : 'right'} size={mobile ? '70%' : 440} mask={false} data-testid="dry-run-drawer">
      <Typography.Paragraph type="secondary">{t('flows.dry.hint')}</Typography.Paragraph>
      <Form layout="vertical" component="div">
        {apiPath ? (
          <Form.Item label={`${t('flows.dry.record')} (${t(`flows.recordTypes.${recordType!}`)})`}>
            <RecordSelect apiPath={apiPath} value={recordId} onChange={setRecordId} data-testid="dry-run-record" />
          </Form.Item>
        ) : <Alert type="info" showIcon title={t('flows.dry.noRecord')} style={{ marginBottom: 12 }} />}
        {versions.length > 0 && (
          <Form.Item label={t('flows.dry.version')}>
            <Select value={version} onChange={setVersion} data-testid="dry-run-version"
              options={[{ value: 'draft' as const, label: t('flows.draft') }, ...versions.map((v) => ({ value: v, label: `v${v}` }))]} />
          </Form.Item>
        )}
        <Button type="primary" icon={<ExperimentOutlined />} onClick={() => void run().catch(() => undefined)} loading={dryRun.isPending}
          disabled={Boolean(apiPath) && !recordId && definition.trigger.type !== 'scheduled' && definition.trigger.type !== 'webhook'} data-testid="dry-run-submit">{t('flows.dry.run')}</Button>
      </Form>
      {dryRun.error && <Alert type="error" showIcon title={errorMessage(dryRun.error)} style={{ marginTop: 16 }} />}
      {result && (
        <div style={{ marginTop: 16 }} data-testid="dry-run-result">
          {result.problems.length > 0 && (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }}
              title={<ul style={{ margin: 0, paddingInlineStart: 16 }}>{result.problems.map((p, i) => <li key={i}>{p.nodeId ? `${nodeName(p.nodeId)}: ` : ''}{p.message}</li>)}</ul>} />
          )}
          <Typography.Title level={5}>{t('flows.dry.steps')}</Typography.Title>
          {result.steps.length === 0 ? <Empty description={t('flows.dry.nothing')} /> : (
            <Timeline items={result.steps.map((s, i) => ({
              key: `${s.nodeId}-${i}`,
              color: s.waitsUntil ? 'blue' : 'green',
              content: (
                <Flex vertical gap={4} data-testid={`dry-run-step-${s.nodeId}`}>
                  <Typography.Text strong>{nodeName(s.nodeId)}</Typography.Text>
                  {s.branch && <span><Tag color="orange">{t('flows.dry.branch', { branch: branchName(s.nodeId, s.branch) })}</Tag></span>}
                  {s.decision != null && <Explain label={t('flows.dry.decision')} value={s.decision} />}
                  {s.effects.length > 0
                    ? <Explain label={t('flows.dry.effects')} value={s.effects} />
                    : s.nodeType !== 'trigger' && s.nodeType !== 'condition' && <Typography.Text type="secondary">{t('flows.dry.noEffects')}</Typography.Text>}
                  {s.waitsUntil && <Typography.Text type="secondary">{t('flows.dry.waitsUntil', { at: formatDateTime(s.waitsUntil) })}</Typography.Text>}
                  {s.note && <Typography.Text type="secondary">{s.note}</Typography.Text>}
                </Flex>
              ),
            }))} />
          )}
        </div>
      )}
    </Drawer>
  );
}

/** Effects and decisions as the engine describes them, readable but exact. */
function Explain({ label, value }: { label: string; value: unknown }) {
  return (
    <div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{label}</Typography.Text>
      <pre style={{ margin: 0, fontSize: 11, background: '#f7f8fa', padding: 6, borderRadius: 6, whiteSpace: 'pre-wrap', wordBreak: 'break-word', maxHeight: 220, overflow: 'auto' }}>
        {JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}
