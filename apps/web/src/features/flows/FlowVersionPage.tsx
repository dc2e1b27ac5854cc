import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, Button, Card, Drawer, Flex, Select, Space, Switch, Typography } from 'antd';
import { ArrowLeftOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/Loading.tsx';
import { NotFound } from '../../components/status.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { usePeople } from '../assignment/api.ts';
import { FIELD_CATALOG_PATHS, ensureTrigger } from './model.ts';
import { useFlow, useFlowVersion, useNodeCounts, useRecordFields } from './api.ts';
import { FlowCanvas } from './FlowCanvas.tsx';
import { NodePanel } from './NodePanel.tsx';
import { useFieldName } from './inputs.tsx';
import { TriggerPanel } from './TriggerPanel.tsx';

/** /settings/flows/:id/versions/:version — a published version, read-only, with its live numbers. */
export default function FlowVersionPage() {
  const { t } = useTranslation();
  const { id = '', version: v = '' } = useParams();
  const version = Number(v);
  const navigate = useNavigate();
  const mobile = useIsMobile();
  const flow = useFlow(id);
  const ver = useFlowVersion(id, Number.isInteger(version) && version > 0 ? version : null);
  const people = usePeople();
  const [selected, setSelected] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const counts = useNodeCounts(id, live, version);
  const def = ver.data ? ensureTrigger(ver.data.definition) : null;
  const recordType = def?.trigger.recordType;
  const fields = useRecordFields(recordType, recordType ? FIELD_CATALOG_PATHS[recordType] : undefined);
  const fieldName = useFieldName(fields.data);
  if (flow.isPending || ver.isPending) return <Loading />;
  if (flow.isError || ver.isError || !flow.data || !def) return <NotFound />;

  const node = selected ? def.nodes.find((n) => n.id === selected) : undefined;
  const panel = node && (node.type === 'trigger'
    ? <TriggerPanel trigger={def.trigger} fields={fields.data ?? []} webhookUrl={flow.data.webhookUrl} resetKey={node.id} />
    : <NodePanel key={node.id} node={node} fields={fields.data ?? []} people={people.data ?? []} />);
  const title = node ? (node.type === 'trigger' ? t('flows.panel.trigger') : t('flows.panel.node')) : '';
  const canvas = (
    <FlowCanvas definition={def} readOnly selectedNodeId={selected} onSelectNode={setSelected} counts={live ? counts.data : undefined}
      height={mobile ? '62vh' : 'calc(100vh - 240px)'} fitKey={version} fieldName={fieldName} userName={(uid) => people.data?.find((p) => p.userId === uid)?.name} />
  );

  return (
    <>
      <PageHeader title={t('flows.versionTitle', { name: flow.data.name, version })}
        description={t('flows.publishedAtBy', { by: ver.data.publishedByName ?? '—', at: formatDateTime(ver.data.publishedAt) })}
        extra={<>
          <Link to={`/settings/flows/${id}`}><Button icon={<ArrowLeftOutlined />}>{t('flows.design')}</Button></Link>
          <Link to={`/settings/flows/${id}/runs`}><Button icon={<UnorderedListOutlined />}>{t('flows.runs')}</Button></Link>
        </>} />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Alert type="info" showIcon title={t('flows.readOnly')} style={{ flex: '1 1 240px' }} />
        <Select value={version} style={{ width: 140 }} onChange={(n: number) => navigate(`/settings/flows/${id}/versions/${n}`)} aria-label={t('flows.versions')}
          options={flow.data.versions.map((x) => ({ value: x.version, label: `v${x.version}` }))} data-testid="version-select" />
        <Space size={4}>
          <Switch size="small" checked={live} onChange={setLive} data-testid="flow-live-counts" aria-label={t('flows.liveCounts')} />
          <span>{t('flows.liveCounts')}</span>
        </Space>
      </Flex>
      {mobile ? (
        <>
          {canvas}
          <Drawer open={Boolean(node)} onClose={() => setSelected(null)} placement="bottom" size="60%" title={title} mask={false}>{panel}</Drawer>
        </>
      ) : (
        <Flex gap={12} align="flex-start">
          <div style={{ flex: 1, minWidth: 0 }}>{canvas}</div>
          <Card size="small" title={title || t('flows.panel.node')} style={{ width: 360, flex: 'none', maxHeight: 'calc(100vh - 240px)', overflow: 'auto' }}>
            {panel ?? <Typography.Text type="secondary">{t('flows.panel.nothing')}</Typography.Text>}
          </Card>
        </Flex>
      )}
    </>
  );
}
