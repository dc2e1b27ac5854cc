import { useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App, Alert, Button, Card, Empty, Flex, Form, Input, List, Popconfirm, Skeleton, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { AppstoreAddOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { FlowSummary } from '@loopline/shared';
import { FormModal, FormModalActions } from '../../components/FormModal.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { fromNow, formatDateTime } from '../../lib/format.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { createFlow, flowKeys, useFlowStatus, useFlowTemplates, useFlows, type FlowTemplate } from './api.ts';

const STATUS_COLOR = { draft: 'default', active: 'green', disabled: 'red' } as const;

/** What differs between the automation list (/settings/flows) and the approval list (/settings/approval-flows). */
export interface FlowListKind {
  kind: FlowSummary['kind'];
  /** data-testid prefix: 'flow' / 'approval-flow' (…-new, …-from-template, …-card, …-row, …-link-<id>, …-toggle-<id>) */
  testId: string;
  /** data-testid prefix of a template card: 'flow-template' / 'approval-template' */
  templateTestId: string;
  /** the trigger column (approval flows all start on 提交审批) */
  showTrigger: boolean;
  texts: { title: string; hint: string; empty: string; newBlank: string; fromTemplate: string; templatesTitle: string; noTemplates: string; createTitle: string; created: string };
  /** the blank-flow form; `created(id)` announces it and opens the designer */
  createForm: (props: { onClose: () => void; created: (id: string) => Promise<void> }) => ReactNode;
}

/** Flows of one kind with their trigger, record type, version and state; create blank or from a template. */
export function FlowList({ spec }: { spec: FlowListKind }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const mobile = useIsMobile();
  const flows = useFlows();
  const status = useFlowStatus();
  const created = useCreated(spec.texts.created);
  const [creating, setCreating] = useState(false);
  const [picking, setPicking] = useState(false);
  const p = spec.testId;

  const toggle = (f: FlowSummary) => {
    if (f.status === 'active') {
      modal.confirm({
        title: t('flows.disable'), content: t('flows.disableConfirm'), okButtonProps: { danger: true },
        onOk: () => status.disable.mutateAsync(f.id).then((r) => void message.success(t('flows.disabledOk', { count: r.cancelled })), (e) => void message.error(errorMessage(e))),
      });
    } else {
      status.enable.mutate(f.id, { onSuccess: () => void message.success(t('flows.enabled')), onError: (e) => void message.error(errorMessage(e)) });
    }
  };
  const busy = (f: FlowSummary) => (status.enable.isPending && status.enable.variables === f.id) || (status.disable.isPending && status.disable.variables === f.id);

  const statusCell = (f: FlowSummary) => (
    <Flex gap={8} align="center" wrap>
      <Tag color={STATUS_COLOR[f.status]}>{t(`flows.statuses.${f.status}`)}</Tag>
      {f.publishedVersion !== null && (
        <Switch size="small" checked={f.status === 'active'} loading={busy(f)} onChange={() => toggle(f)} data-testid={`${p}-toggle-${f.id}`}
          aria-label={t(f.status === 'active' ? 'flows.disable' : 'flows.enable')} />
      )}
    </Flex>
  );
  const versionCell = (f: FlowSummary) => (
    <Flex gap={4} wrap>
      {f.publishedVersion !== null ? <Tag>v{f.publishedVersion}</Tag> : <Typography.Text type="secondary">{t('flows.noVersion')}</Typography.Text>}
      {f.hasDraftChanges && f.publishedVersion !== null && <Tag color="orange">{t('flows.draftChanges')}</Tag>}
    </Flex>
  );
  const triggerCell = (f: FlowSummary) => t(`flows.triggerTypes.${f.triggerType}`);
  const typeCell = (f: FlowSummary) => (f.recordType ? t(`flows.recordTypes.${f.recordType}` as 'flows.recordTypes.lead', { defaultValue: f.recordType }) : '—');
  const actions = (f: FlowSummary) => [
    <Link key="design" to={`/settings/flows/${f.id}`}><Button type="link" size="small">{t('flows.design')}</Button></Link>,
    <Link key="runs" to={`/settings/flows/${f.id}/runs`}><Button type="link" size="small">{t('flows.runs')}</Button></Link>,
    f.status !== 'active' && (
      <Popconfirm key="del" title={t('flows.deleteConfirm', { name: f.name })}
        onConfirm={() => status.remove.mutateAsync(f.id).then(() => void message.success(t('flows.deleted')), (e) => void message.error(errorMessage(e)))}>
        <Button type="link" size="small" danger>{t('common.delete')}</Button>
      </Popconfirm>
    ),
  ];
  const name = (f: FlowSummary) => (
    <Flex vertical>
      <Link to={`/settings/flows/${f.id}`} data-testid={`${p}-link-${f.id}`}><Typography.Text strong>{f.name}</Typography.Text></Link>
      {f.description && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{f.description}</Typography.Text>}
    </Flex>
  );

  const columns: TableColumnsType<FlowSummary> = [
    { title: t('flows.name'), key: 'name', render: (_, f) => name(f) },
    ...(spec.showTrigger ? [{ title: t('flows.trigger'), key: 'trigger', render: (_: unknown, f: FlowSummary) => triggerCell(f) }] : []),
    { title: t('flows.recordType'), key: 'type', render: (_, f) => typeCell(f) },
    { title: t('flows.version'), key: 'version', render: (_, f) => versionCell(f) },
    { title: t('flows.status'), key: 'status', render: (_, f) => statusCell(f) },
    { title: t('flows.updatedAt'), key: 'updated', render: (_, f) => <span title={formatDateTime(f.updatedAt)}>{fromNow(f.updatedAt)}</span> },
    { title: t('common.actions'), key: 'actions', width: 1, render: (_, f) => <Flex wrap={false}>{actions(f)}</Flex> },
  ];
  const items = (flows.data ?? []).filter((f) => f.kind === spec.kind);

  return (
    <>
      <PageHeader title={spec.texts.title} description={spec.texts.hint}
        extra={<>
          <Button icon={<AppstoreAddOutlined />} onClick={() => setPicking(true)} data-testid={`${p}-from-template`}>{spec.texts.fromTemplate}</Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid={`${p}-new`}>{spec.texts.newBlank}</Button>
        </>} />
      {flows.error && <Alert type="error" showIcon title={errorMessage(flows.error)} style={{ marginBottom: 16 }} />}
      {mobile ? (
        <List loading={flows.isPending} dataSource={items} locale={{ emptyText: spec.texts.empty }}
          renderItem={(f) => (
            <Card size="small" style={{ marginBottom: 12 }} data-testid={`${p}-card`} title={name(f)} extra={<Tag color={STATUS_COLOR[f.status]}>{t(`flows.statuses.${f.status}`)}</Tag>}>
              <Flex vertical gap={6}>
                <span>{spec.showTrigger ? `${triggerCell(f)} · ${typeCell(f)}` : typeCell(f)}</span>
                {versionCell(f)}
                <Flex justify="space-between" align="center" wrap>{statusCell(f)}<Flex wrap>{actions(f)}</Flex></Flex>
              </Flex>
            </Card>
          )} />
      ) : (
        <Table<FlowSummary> rowKey="id" columns={columns} dataSource={items} loading={flows.isFetching} pagination={false}
          scroll={{ x: 'max-content' }} locale={{ emptyText: spec.texts.empty }} onRow={(f) => ({ 'data-testid': `${p}-row`, 'data-flow': f.id } as object)} />
      )}
      <FormModal target={creating ? true : null} onClose={() => setCreating(false)} title={() => spec.texts.createTitle}
        render={() => spec.createForm({ onClose: () => setCreating(false), created })} />
      <TemplatePicker spec={spec} open={picking} onClose={() => setPicking(false)} created={created} />
    </>
  );
}

/** /settings/flows: automation flows (the SOPs); approval flows have their own page. */
export default function FlowListPage() {
  const { t } = useTranslation();
  const spec: FlowListKind = {
    kind: 'automation', testId: 'flow', templateTestId: 'flow-template', showTrigger: true,
    texts: {
      title: t('flows.title'), hint: t('flows.hint'), empty: t('flows.empty'), newBlank: t('flows.newBlank'), fromTemplate: t('flows.fromTemplate'),
      templatesTitle: t('flows.templatesTitle'), noTemplates: t('flows.noTemplates'), createTitle: t('flows.createTitle'), created: t('flows.created'),
    },
    createForm: (props) => <CreateForm {...props} />,
  };
  return <FlowList spec={spec} />;
}

function useCreated(text: string) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return async (id: string) => {
    message.success(text);
    await queryClient.invalidateQueries({ queryKey: flowKeys.list });
    navigate(`/settings/flows/${id}`);
  };
}

function CreateForm({ onClose, created }: { onClose: () => void; created: (id: string) => Promise<void> }) {
  const { t } = useTranslation();
  const { form, onFinish, submitting, error } = useServerForm<{ name: string; description?: string }, { id: string }>(
    (v) => createFlow({ name: v.name.trim(), description: v.description?.trim() || undefined }),
    { onSuccess: async (f) => { onClose(); await created(f.id); } },
  );
  return (
    <>
      <FormError error={error} />
      <Form form={form} name="flowCreate" layout="vertical" onFinish={onFinish}>
        <Form.Item name="name" label={t('flows.name')} rules={[{ required: true, whitespace: true, message: t('flows.name') }, { max: 100 }]}>
          <Input autoFocus data-testid="flow-create-name" />
        </Form.Item>
        <Form.Item name="description" label={t('flows.description')} rules={[{ max: 500 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
        <FormModalActions submitting={submitting} okText={t('common.create')} onCancel={onClose} />
      </Form>
    </>
  );
}

/** Built-in templates of the list's kind (GET /flows/templates); a pick creates an editable draft copy. */
function TemplatePicker({ spec, open, onClose, created }: { spec: FlowListKind; open: boolean; onClose: () => void; created: (id: string) => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const all = useFlowTemplates(open);
  const templates = { ...all, data: all.data?.filter((tpl) => (tpl.kind ?? 'automation') === spec.kind) };
  const [busy, setBusy] = useState<string | null>(null);
  const use = async (tpl: FlowTemplate) => {
    setBusy(tpl.key);
    try {
      const f = await createFlow({ name: tpl.name, description: tpl.description, templateKey: tpl.key });
      onClose();
      await created(f.id);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <FormModal target={open ? true : null} onClose={onClose} title={() => spec.texts.templatesTitle}
      render={() => (
        templates.isPending ? <Skeleton active /> : templates.error ? <Alert type="error" showIcon title={errorMessage(templates.error)} /> : !templates.data?.length ? <Empty description={spec.texts.noTemplates} /> : (
          <Flex vertical gap={12}>
            {templates.data.map((tpl) => (
              <Card key={tpl.key} size="small" data-testid={`${spec.templateTestId}-${tpl.key}`}>
                <Flex justify="space-between" gap={12} align="center" wrap>
                  <Flex vertical style={{ flex: '1 1 240px', minWidth: 0 }}>
                    <Typography.Text strong>{tpl.name}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{tpl.description}</Typography.Text>
                  </Flex>
                  <Button type="primary" ghost loading={busy === tpl.key} disabled={busy !== null && busy !== tpl.key} onClick={() => void use(tpl)}>{t('flows.useTemplate')}</Button>
                </Flex>
              </Card>
            ))}
          </Flex>
        )
      )} />
  );
}
