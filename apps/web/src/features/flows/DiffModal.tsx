import { useState } from 'react';
import { Alert, Empty, Flex, List, Modal, Select, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FlowDefinition } from '@loopline/shared';
import { errorMessage } from '../../lib/errors.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useFlowDiff, useFlowVersion } from './api.ts';
import { FlowCanvas } from './FlowCanvas.tsx';
import { diffView, meaningfulChanges } from './model.ts';

interface Props {
  open: boolean;
  onClose: () => void;
  flowId: string;
  versions: number[];
  /** the saved draft (the server diffs the stored draft) */
  draft: FlowDefinition;
}

/** Diff between two versions (or a version and the draft): the newer chart with added green, removed red, changed amber. */
export function DiffModal({ open, onClose, flowId, versions, draft }: Props) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const latest = versions.length ? Math.max(...versions) : null;
  const [from, setFrom] = useState<number | null>(latest);
  const [to, setTo] = useState<number | 'draft'>('draft');
  const diff = useFlowDiff(flowId, open ? from : null, open ? to : null);
  const toVersion = useFlowVersion(flowId, open && to !== 'draft' ? to : null);
  const after = to === 'draft' ? draft : toVersion.data?.definition;
  const view = diff.data && after ? diffView(after, diff.data) : null;
  const nodeName = (id: string) => {
    const n = view?.def.nodes.find((x) => x.id === id);
    return n ? n.label || t(`flows.nodeTypes.${n.type}` as 'flows.nodeTypes.end', { defaultValue: n.type }) : id;
  };
  const d = diff.data;
  const changed = d ? meaningfulChanges(d) : [];
  const moved = d ? d.nodes.changed.length - changed.length : 0;
  const same = d && !d.trigger.changed && !d.nodes.added.length && !d.nodes.removed.length && !changed.length && !d.edges.added.length && !d.edges.removed.length;

  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('flows.diff.title')} width={mobile ? '100%' : 1100} destroyOnHidden data-testid="flow-diff">
      <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
        <span>{t('flows.diff.from')}</span>
        <Select value={from} onChange={setFrom} style={{ width: 110 }} data-testid="diff-from" options={versions.map((v) => ({ value: v, label: `v${v}` }))} />
        <span>{t('flows.diff.to')}</span>
        <Select value={to} onChange={setTo} style={{ width: 110 }} data-testid="diff-to"
          options={[{ value: 'draft' as const, label: t('flows.draft') }, ...versions.map((v) => ({ value: v, label: `v${v}` }))]} />
        <Tag color="green">{t('flows.diff.added')}</Tag><Tag color="red">{t('flows.diff.removed')}</Tag><Tag color="gold">{t('flows.diff.changed')}</Tag>
      </Flex>
      {diff.error && <Alert type="error" showIcon title={errorMessage(diff.error)} />}
      {!versions.length ? <Empty /> : !view ? <Skeleton active /> : (
        <Flex gap={12} wrap>
          <div style={{ flex: '1 1 560px', minWidth: 0 }}>
            <FlowCanvas definition={view.def} readOnly marks={{ nodes: view.nodes, edges: view.edges }} height={mobile ? 380 : 520} />
          </div>
          <div style={{ flex: '0 1 300px', minWidth: 0 }} data-testid="diff-list">
            {same ? <Typography.Text type="secondary">{t('flows.diff.noChanges')}{moved > 0 && ` (${t('flows.diff.moved', { count: moved })})`}</Typography.Text> : (
              <List size="small"
                dataSource={[
                  ...(d!.trigger.changed ? [{ key: 'trigger', tag: 'gold', label: t('flows.diff.triggerChanged'), fields: [] as string[] }] : []),
                  ...d!.nodes.added.map((n) => ({ key: `a-${n.id}`, tag: 'green', label: nodeName(n.id), fields: [] as string[] })),
                  ...d!.nodes.removed.map((n) => ({ key: `r-${n.id}`, tag: 'red', label: nodeName(n.id), fields: [] as string[] })),
                  ...changed.map((c) => ({ key: `c-${c.nodeId}`, tag: 'gold', label: nodeName(c.nodeId), fields: c.fields })),
                ]}
                renderItem={(item) => (
                  <List.Item key={item.key}>
                    <Flex vertical gap={2}>
                      <span><Tag color={item.tag}>{t(`flows.diff.${item.tag === 'green' ? 'added' : item.tag === 'red' ? 'removed' : 'changed'}`)}</Tag>{item.label}</span>
                      {item.fields.length > 0 && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('flows.diff.fields')}: {item.fields.join(', ')}</Typography.Text>}
                    </Flex>
                  </List.Item>
                )}
                footer={(d!.edges.added.length || d!.edges.removed.length || moved) ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('flows.diff.edgesAdded', { count: d!.edges.added.length })} · {t('flows.diff.edgesRemoved', { count: d!.edges.removed.length })}
                    {moved > 0 && <> · {t('flows.diff.moved', { count: moved })}</>}
                  </Typography.Text>
                ) : null} />
            )}
          </div>
        </Flex>
      )}
    </Modal>
  );
}
