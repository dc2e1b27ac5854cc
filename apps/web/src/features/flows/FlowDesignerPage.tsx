import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useBlocker, useNavigate, useParams } from 'react-router-dom';
import { App, Alert, Button, Card, Drawer, Dropdown, Flex, List, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import {
  ApartmentOutlined, ArrowLeftOutlined, CheckCircleOutlined, DiffOutlined, ExperimentOutlined, HistoryOutlined, PlusOutlined, RocketOutlined, SaveOutlined, UnorderedListOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { FlowDefinition, FlowDetail, FlowProblem } from '@loopline/shared';
import { Loading } from '../../components/Loading.tsx';
import { NotFound } from '../../components/status.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { usePeople, type Person } from '../assignment/api.ts';
import { useRoles } from '../settings/api.ts';
import { FIELD_CATALOG_PATHS, addNode, isApprovalDefinition, paletteFor, ensureTrigger, problemsByNode, problemsOfError, removeNodes, updateNode, type PaletteType } from './model.ts';
import { autoLayout } from './layout.ts';
import { useFlow, useFlowMutations, useNodeCounts, useRecordFields } from './api.ts';
import { FlowCanvas, PALETTE_MIME, type StepHighlight } from './FlowCanvas.tsx';
import { NodePanel } from './NodePanel.tsx';
import { useFieldName } from './inputs.tsx';
import { TriggerPanel } from './TriggerPanel.tsx';
import { DryRunDrawer } from './DryRunDrawer.tsx';
import { DiffModal } from './DiffModal.tsx';
import { metaOf } from './nodeMeta.tsx';

/** Errors already shown to the user (a failed save inside check / publish is not reported twice). */
const shown = new WeakSet<object>();

/** /settings/flows/:id — the designer: palette, canvas, side panel; save, check, publish, versions, diff, dry run, live numbers. */
export default function FlowDesignerPage() {
  const { id = '' } = useParams();
  const flow = useFlow(id);
  const people = usePeople();
  if (flow.isPending || people.isPending) return <Loading />;
  if (flow.isError || !flow.data) return <NotFound />;
  return <Designer key={flow.data.id} flow={flow.data} people={people.data ?? []} />;
}

function Designer({ flow, people }: { flow: FlowDetail; people: Person[] }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const mobile = useIsMobile();
  const m = useFlowMutations(flow.id);
  const [draft, setDraft] = useState<FlowDefinition>(() => ensureTrigger(flow.draft));
  const [dirty, setDirty] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [problems, setProblems] = useState<FlowProblem[] | null>(null);
  const [live, setLive] = useState(false);
  const [dryOpen, setDryOpen] = useState(false);
  const [diffOpen, setDiffOpen] = useState(false);
  const [path, setPath] = useState<{ highlight: Record<string, StepHighlight>; edges: string[] } | null>(null);
  const [fitKey, setFitKey] = useState(0);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const recordType = draft.trigger.recordType;
  // an approval flow (审批流程): approval nodes in the palette, the 提交审批 trigger, back to Settings › 审批流程
  const approval = flow.kind === 'approval' || isApprovalDefinition(draft);
  const backTo = approval ? '/settings/approval-flows' : '/settings/flows';
  const fields = useRecordFields(recordType, recordType ? FIELD_CATALOG_PATHS[recordType] : undefined);
  const counts = useNodeCounts(flow.id, live && flow.publishedVersion !== null);
  const versions = flow.versions.map((v) => v.version).sort((a, b) => b - a);
  const byNode = useMemo(() => (problems ? problemsByNode(draft, problems) : undefined), [draft, problems]);
  const fieldName = useFieldName(fields.data);
  const userName = useCallback((uid: string) => people.find((p) => p.userId === uid)?.name, [people]);
  const roles = useRoles(approval);
  const roleName = useCallback((key: string) => roles.data?.find((r) => r.key === key)?.name, [roles.data]);

  const edit = useCallback((next: FlowDefinition) => {
    setDraft(next);
    setDirty(true);
    setPath(null);
  }, []);

  // leaving with unsaved edits asks first (in-app navigation and closing the tab)
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({ title: t('flows.leaveUnsaved'), onOk: () => blocker.proceed(), onCancel: () => blocker.reset() });
  }, [blocker, modal, t]);
  useEffect(() => {
    if (!dirty) return;
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, [dirty]);

  const save = async (quiet = false) => {
    try {
      const saved = await m.save.mutateAsync({ draft });
      setDirty(false);
      if (!quiet) message.success(t('flows.saved'));
      return saved;
    } catch (e) {
      message.error(errorMessage(e));
      if (e && typeof e === 'object') shown.add(e);
      throw e;
    }
  };
  const saveIfDirty = async () => { if (dirty) await save(true); };

  const validate = async () => {
    try {
      await saveIfDirty();
      const r = await m.validate.mutateAsync();
      setProblems(r.problems);
      if (r.problems.length) message.warning(t('flows.publishInvalid', { count: r.problems.length }));
      else message.success(t('flows.valid'));
    } catch (e) {
      if (!shown.has(e as object)) message.error(errorMessage(e));
    }
  };
  const publish = async () => {
    try {
      await saveIfDirty();
      const f = await m.publish.mutateAsync();
      setProblems([]);
      message.success(t('flows.published', { version: f.publishedVersion }));
    } catch (e) {
      const ps = problemsOfError(e);
      if (ps) {
        setProblems(ps);
        message.error(t('flows.publishInvalid', { count: ps.length }));
      } else if (!shown.has(e as object)) message.error(errorMessage(e));
    }
  };

  const add = (type: PaletteType, position?: { x: number; y: number }) => {
    const r = addNode(draft, type, { after: position ? null : selected, position });
    edit(r.def);
    setSelected(r.id);
    setPaletteOpen(false);
  };
  const layout = () => { edit(autoLayout(draft)); setFitKey((k) => k + 1); };

  const node = selected ? draft.nodes.find((n) => n.id === selected) : undefined;
  const panel = !node ? (
    <Typography.Paragraph type="secondary">{t('flows.panel.nothing')}</Typography.Paragraph>
  ) : node.type === 'trigger' ? (
    <>
      {byNode?.[node.id] && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={byNode[node.id].map((p) => p.message).join('；')} />}
      <TriggerPanel key={`${node.id}-${recordType}`} resetKey={recordType ?? '-'} trigger={draft.trigger} fields={fields.data ?? []} webhookUrl={flow.webhookUrl} approval={approval}
        onChange={(tr) => edit({ ...draft, trigger: tr })} />
    </>
  ) : (
    <NodePanel key={`${node.id}-${recordType}`} node={node} fields={fields.data ?? []} people={people} problems={byNode?.[node.id]}
      onChange={(patch) => edit(updateNode(draft, node.id, patch))}
      onDelete={() => { edit(removeNodes(draft, [node.id])); setSelected(null); }} />
  );
  const panelTitle = node ? (node.type === 'trigger' ? t('flows.panel.trigger') : t('flows.panel.node')) : t('flows.panel.node');

  const palette = (
    <Flex vertical gap={6} data-testid="flow-palette">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('flows.palette.hint')}</Typography.Text>
      {paletteFor(approval ? 'approval' : 'automation').map((type) => {
        const meta = metaOf(type);
        const Icon = meta.icon;
        return (
          <Button key={type} block style={{ justifyContent: 'flex-start' }} data-testid={`palette-${type}`} draggable
            onDragStart={(e) => { e.dataTransfer.setData(PALETTE_MIME, type); e.dataTransfer.effectAllowed = 'move'; }}
            onClick={() => add(type)} icon={<span style={{ color: meta.color }}><Icon /></span>}>
            {t(`flows.nodeTypes.${type}`)}
          </Button>
        );
      })}
    </Flex>
  );

  const problemList = problems && (
    <Card size="small" title={problems.length ? t('flows.problemsCount', { count: problems.length }) : t('flows.problems')} data-testid="flow-problems" style={{ marginTop: 12 }}>
      {problems.length === 0 ? <Typography.Text type="success"><CheckCircleOutlined /> {t('flows.noProblems')}</Typography.Text> : (
        <List size="small" dataSource={problems} renderItem={(p, i) => (
          <List.Item key={i} style={{ cursor: p.nodeId ? 'pointer' : undefined }} onClick={() => p.nodeId && setSelected(p.nodeId)}>
            <Space wrap size={4}>
              <Tag color="red">{p.nodeId ? (draft.nodes.find((n) => n.id === p.nodeId)?.label || p.nodeId) : t('flows.flowLevel')}</Tag>
              <span>{p.message}</span>
            </Space>
          </List.Item>
        )} />
      )}
    </Card>
  );

  const versionMenu = {
    items: versions.map((v) => ({ key: String(v), label: t('flows.viewVersion', { version: v }) })),
    onClick: ({ key }: { key: string }) => navigate(`/settings/flows/${flow.id}/versions/${key}`),
  };
  const busy = m.save.isPending || m.validate.isPending || m.publish.isPending;
  const size = mobile ? 'small' as const : undefined;

  return (
    <>
      <PageHeader
        title={<Space wrap>
          <Typography.Text style={{ font: 'inherit' }} data-testid="flow-name"
            editable={{ maxLength: 100, triggerType: ['icon', 'text'], onChange: (name) => { const v = name.trim(); if (v && v !== flow.name) m.save.mutate({ name: v }, { onError: (e) => void message.error(errorMessage(e)) }); } }}>
            {flow.name}
          </Typography.Text>
          <Tag color={flow.status === 'active' ? 'green' : flow.status === 'disabled' ? 'red' : 'default'}>{t(`flows.statuses.${flow.status}`)}</Tag>
          {flow.publishedVersion !== null && <Tag>v{flow.publishedVersion}</Tag>}
          {dirty && <Tag color="orange" data-testid="flow-unsaved">{t('flows.unsaved')}</Tag>}
        </Space>}
        extra={<>
          <Link to={backTo}><Button icon={<ArrowLeftOutlined />} data-testid="flow-back">{approval ? t('approvals.flows.title') : t('flows.back')}</Button></Link>
          <Link to={`/settings/flows/${flow.id}/runs`}><Button icon={<UnorderedListOutlined />}>{t('flows.runs')}</Button></Link>
        </>} />
      <Flex gap={mobile ? 6 : 8} wrap align="center" style={{ marginBottom: 12 }} role="toolbar">
        <Button icon={<SaveOutlined />} onClick={() => void save().catch(() => undefined)} loading={m.save.isPending} disabled={busy && !m.save.isPending} size={size} data-testid="flow-save">{t('flows.save')}</Button>
        <Button icon={<CheckCircleOutlined />} onClick={() => void validate()} loading={m.validate.isPending} disabled={busy && !m.validate.isPending} size={size} data-testid="flow-validate">{t('flows.validate')}</Button>
        <Button type="primary" icon={<RocketOutlined />} onClick={() => void publish()} loading={m.publish.isPending} disabled={busy && !m.publish.isPending} size={size} data-testid="flow-publish">{t('flows.publish')}</Button>
        <Button icon={<ApartmentOutlined />} onClick={layout} size={size} data-testid="flow-layout">{t('flows.autoLayout')}</Button>
        <Button icon={<ExperimentOutlined />} onClick={() => setDryOpen(true)} size={size} data-testid="flow-dry-run">{t('flows.dryRun')}</Button>
        <Dropdown menu={versionMenu} disabled={!versions.length} trigger={['click']}>
          <Button icon={<HistoryOutlined />} size={size} data-testid="flow-versions">{t('flows.versions')}</Button>
        </Dropdown>
        <Button icon={<DiffOutlined />} onClick={() => setDiffOpen(true)} disabled={!versions.length} size={size} data-testid="flow-diff-open">{t('flows.compare')}</Button>
        <Tooltip title={t('flows.liveCountsHint')}>
          <Space size={4}>
            <Switch size="small" checked={live} onChange={setLive} disabled={flow.publishedVersion === null} data-testid="flow-live-counts" aria-label={t('flows.liveCounts')} />
            <span>{t('flows.liveCounts')}</span>
          </Space>
        </Tooltip>
        {mobile && <Button icon={<PlusOutlined />} onClick={() => setPaletteOpen(true)} size={size} data-testid="flow-palette-open">{t('flows.palette.title')}</Button>}
      </Flex>

      {mobile ? (
        <>
          <FlowCanvas definition={draft} onChange={edit} selectedNodeId={selected} onSelectNode={setSelected} height="62vh" problems={byNode}
            counts={live ? counts.data : undefined} highlight={path?.highlight} highlightEdges={path?.edges} userName={userName} fieldName={fieldName} roleName={roleName} fitKey={fitKey}
            onDropNodeType={(type, pos) => add(type, pos)} />
          {problemList}
          <Drawer open={Boolean(node)} onClose={() => setSelected(null)} placement="bottom" size="70%" title={panelTitle} mask={false} data-testid="flow-side-panel">{panel}</Drawer>
          <Drawer open={paletteOpen} onClose={() => setPaletteOpen(false)} placement="bottom" size="60%" title={t('flows.palette.title')}>{palette}</Drawer>
        </>
      ) : (
        <Flex gap={12} align="flex-start">
          <Card size="small" title={t('flows.palette.title')} style={{ width: 190, flex: 'none' }} styles={{ body: { padding: 8 } }}>{palette}</Card>
          <div style={{ flex: 1, minWidth: 0 }}>
            <FlowCanvas definition={draft} onChange={edit} selectedNodeId={selected} onSelectNode={setSelected} height="max(480px, calc(100vh - 260px))" problems={byNode}
              counts={live ? counts.data : undefined} highlight={path?.highlight} highlightEdges={path?.edges} userName={userName} fieldName={fieldName} roleName={roleName} fitKey={fitKey}
              onDropNodeType={(type, pos) => add(type, pos)} />
            {problemList}
          </div>
          <Card size="small" title={panelTitle} style={{ width: 380, flex: 'none', maxHeight: 'calc(100vh - 260px)', overflow: 'auto' }} data-testid="flow-side-panel">{panel}</Card>
        </Flex>
      )}

      <DryRunDrawer open={dryOpen} onClose={() => setDryOpen(false)} flowId={flow.id} definition={draft} versions={versions} onPath={setPath} beforeRun={saveIfDirty} />
      <DiffModal open={diffOpen} onClose={() => setDiffOpen(false)} flowId={flow.id} versions={versions} draft={flow.draft} />
    </>
  );
}
