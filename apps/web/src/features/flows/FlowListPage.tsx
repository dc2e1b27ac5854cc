import { useState } from 'react';
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

/** /settings/flows: every flow with its trigger, record type, version and state; create blank or from an SOP template. */
export default function FlowListPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const mobile = useIsMobile();
  const flows = useFlows();
  const status = useFlowStatus();
  const [creating, setCreating] = useState(false);
  const [picking, setPicking] = useState(false);

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
        <Switch size="small" checked={f.status === 'active'} loading={busy(f)} onChange={() => toggle(f)} data-testid={`flow-toggle-${f.id}`}
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
      <Link to={`/settings/flows/${f.id}`} data-testid={`flow-link-${f.id}`}><Typography.Text strong>{f.name}</Typography.Text></Link>
      {f.description && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{f.description}</Typography.Text>}
    </Flex>
  );

  const columns: TableColumnsType<FlowSummary> = [
    { title: t('flows.name'), key: 'name', render: (_, f) => name(f) },
    { title: t('flows.trigger'), key: 'trigger', render: (_, f) => triggerCell(f) },
    { title: t('flows.recordType'), key: 'type', render: (_, f) => typeCell(f) },
    { title: t('flows.version'), key: 'version', render: (_, f) => versionCell(f) },
    { title: t('flows.status'), key: 'status', render: (_, f) => statusCell(f) },
    { title: t('flows.updatedAt'), key: 'updated', render: (_, f) => <span title={formatDateTime(f.updatedAt)}>{fromNow(f.updatedAt)}</span> },
    { title: t('common.actions'), key: 'actions', width: 1, render: (_, f) => <Flex wrap={false}>{actions(f)}</Flex> },
  ];
  const items = (flows.data ?? []).filter((f) => f.kind !== 'approval');

  return (
    <>
      <PageHeader title={t('flows.title')} description={t('flows.hint')}
        extra={<>
          <Button icon={<AppstoreAddOutlined />} onClick={() => setPicking(true)} data-testid="flow-from-template">{t('flows.fromTemplate')}</Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="flow-new">{t('flows.newBlank')}</Button>
        </>} />
      {flows.error && <Alert type="error" showIcon title={errorMessage(flows.error)} style={{ marginBottom: 16 }} />}
      {mobile ? (
        <List loading={flows.isPending} dataSource={items} locale={{ emptyText: t('flows.empty') }}
          renderItem={(f) => (
            <Card size="small" style={{ marginBottom: 12 }} data-testid="flow-card" title={name(f)} extra={<Tag color={STATUS_COLOR[f.status]}>{t(`flows.statuses.${f.status}`)}</Tag>}>
              <Flex vertical gap={6}>
                <span>{triggerCell(f)} · {typeCell(f)}</span>
                {versionCell(f)}
                <Flex justify="space-between" align="center" wrap>{statusCell(f)}<Flex wrap>{actions(f)}</Flex></Flex>
              </Flex>
            </Card>
          )} />
      ) : (
        <Table<FlowSummary> rowKey="id" columns={columns} dataSource={items} loading={flows.isFetching} pagination={false}
          scroll={{ x: 'max-content' }} locale={{ emptyText: t('flows.empty') }} />
      )}
      <FormModal target={creating ? true : null} onClose={() => setCreating(false)} title={() => t('flows.createTitle')}
        render={() => <CreateForm onClose={() => setCreating(false)} />} />
      <TemplatePicker open={picking} onClose={() => setPicking(false)} />
    </>
  );
}

function useCreated() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return async (id: string) => {
    message.success(t('flows.created'));
    await queryClient.invalidateQueries({ queryKey: flowKeys.list });
    navigate(`/settings/flows/${id}`);
  };
}

function CreateForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const created = useCreated();
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

/** Built-in SOPs (GET /flows/templates); a pick creates an editable draft copy. */
function TemplatePicker({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const all = useFlowTemplates(open);
  // approval templates live under Settings › 审批流程
  const templates = { ...all, data: all.data?.filter((tpl) => tpl.kind !== 'approval') };
  const created = useCreated();
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
    <FormModal target={open ? true : null} onClose={onClose} title={() => t('flows.templatesTitle')}
      render={() => (
        templates.isPending ? <Skeleton active /> : templates.error ? <Alert type="error" showIcon title={errorMessage(templates.error)} /> : !templates.data?.length ? <Empty description={t('flows.noTemplates')} /> : (
          <Flex vertical gap={12}>
            {templates.data.map((tpl) => (
              <Card key={tpl.key} size="small" data-testid={`flow-template-${tpl.key}`}>
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
