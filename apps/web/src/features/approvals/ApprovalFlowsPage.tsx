/** /settings/approval-flows — approval flows (flows of kind 'approval'): list, create blank or from a template, open in the designer. */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, List, Popconfirm, Select, Skeleton, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { AppstoreAddOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { FlowDefinition, FlowSummary, FlowTrigger } from '@loopline/shared';
import { FormModal, FormModalActions } from '../../components/FormModal.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime, fromNow } from '../../lib/format.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { createFlow, flowKeys, useFlowStatus, useFlowTemplates, type FlowTemplate } from '../flows/api.ts';
import { approvalKeys, useApprovalFlows } from './api.ts';
import { APPROVAL_RECORD_TYPES, blankApprovalDefinition } from './model.ts';
import { recordTypeLabel } from './Summary.tsx';
import './messages.ts';

const STATUS_COLOR = { draft: 'default', active: 'green', disabled: 'red' } as const;

export default function ApprovalFlowsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const mobile = useIsMobile();
  const flows = useApprovalFlows();
  const status = useFlowStatus();
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [picking, setPicking] = useState(false);
  const done = () => void qc.invalidateQueries({ queryKey: approvalKeys.flows });

  const toggle = (f: FlowSummary) => {
    if (f.status === 'active') {
      modal.confirm({
        title: t('flows.disable'), content: t('flows.disableConfirm'), okButtonProps: { danger: true },
        onOk: () => status.disable.mutateAsync(f.id).then(() => { done(); void message.success(t('flows.disable')); }, (e) => void message.error(errorMessage(e))),
      });
    } else {
      status.enable.mutate(f.id, { onSuccess: () => { done(); void message.success(t('flows.enabled')); }, onError: (e) => void message.error(errorMessage(e)) });
    }
  };
  const name = (f: FlowSummary) => (
    <Flex vertical>
      <Link to={`/settings/flows/${f.id}`} data-testid={`approval-flow-link-${f.id}`}><Typography.Text strong>{f.name}</Typography.Text></Link>
      {f.description && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{f.description}</Typography.Text>}
    </Flex>
  );
  const statusCell = (f: FlowSummary) => (
    <Flex gap={8} align="center" wrap>
      <Tag color={STATUS_COLOR[f.status]}>{t(`flows.statuses.${f.status}`)}</Tag>
      {f.publishedVersion !== null && <Switch size="small" checked={f.status === 'active'} onChange={() => toggle(f)} aria-label={t(f.status === 'active' ? 'flows.disable' : 'flows.enable')} />}
    </Flex>
  );
  const version = (f: FlowSummary) => (
    <Flex gap={4} wrap>
      {f.publishedVersion !== null ? <Tag>v{f.publishedVersion}</Tag> : <Typography.Text type="secondary">{t('flows.noVersion')}</Typography.Text>}
      {f.hasDraftChanges && f.publishedVersion !== null && <Tag color="orange">{t('flows.draftChanges')}</Tag>}
    </Flex>
  );
  const actions = (f: FlowSummary) => [
    <Link key="design" to={`/settings/flows/${f.id}`}><Button type="link" size="small">{t('approvals.flows.design')}</Button></Link>,
    f.status !== 'active' && (
      <Popconfirm key="del" title={t('flows.deleteConfirm', { name: f.name })}
        onConfirm={() => status.remove.mutateAsync(f.id).then(() => { done(); void message.success(t('flows.deleted')); }, (e) => void message.error(errorMessage(e)))}>
        <Button type="link" size="small" danger>{t('common.delete')}</Button>
      </Popconfirm>
    ),
  ];
  const columns: TableColumnsType<FlowSummary> = [
    { title: t('approvals.flows.name'), key: 'name', render: (_, f) => name(f) },
    { title: t('approvals.flows.recordType'), key: 'type', render: (_, f) => (f.recordType ? recordTypeLabel(f.recordType) : '—') },
    { title: t('approvals.flows.version'), key: 'version', render: (_, f) => version(f) },
    { title: t('approvals.flows.status'), key: 'status', render: (_, f) => statusCell(f) },
    { title: t('approvals.flows.updatedAt'), key: 'updated', render: (_, f) => <span title={formatDateTime(f.updatedAt)}>{fromNow(f.updatedAt)}</span> },
    { title: t('common.actions'), key: 'actions', width: 1, render: (_, f) => <Flex wrap={false}>{actions(f)}</Flex> },
  ];
  const items = flows.data ?? [];
  return (
    <>
      <PageHeader title={t('approvals.flows.title')} description={t('approvals.flows.hint')}
        extra={<>
          <Button icon={<AppstoreAddOutlined />} onClick={() => setPicking(true)} data-testid="approval-flow-from-template">{t('approvals.flows.fromTemplate')}</Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="approval-flow-new">{t('approvals.flows.newBlank')}</Button>
        </>} />
      {flows.error && <Alert type="error" showIcon title={errorMessage(flows.error)} style={{ marginBottom: 16 }} />}
      {mobile ? (
        <List loading={flows.isPending} dataSource={items} locale={{ emptyText: t('approvals.flows.empty') }}
          renderItem={(f) => (
            <Card size="small" style={{ marginBottom: 12 }} data-testid="approval-flow-card" title={name(f)}>
              <Flex vertical gap={6}>
                <span>{f.recordType ? recordTypeLabel(f.recordType) : '—'}</span>
                {version(f)}
                <Flex justify="space-between" align="center" wrap>{statusCell(f)}<Flex wrap>{actions(f)}</Flex></Flex>
              </Flex>
            </Card>
          )} />
      ) : (
        <Table<FlowSummary> rowKey="id" columns={columns} dataSource={items} loading={flows.isFetching} pagination={false}
          scroll={{ x: 'max-content' }} locale={{ emptyText: t('approvals.flows.empty') }} onRow={(f) => ({ 'data-testid': 'approval-flow-row', 'data-flow': f.id } as object)} />
      )}
      <FormModal target={creating ? true : null} onClose={() => setCreating(false)} title={() => t('approvals.flows.createTitle')}
        render={() => <CreateForm onClose={() => setCreating(false)} />} />
      <TemplatePicker open={picking} onClose={() => setPicking(false)} />
    </>
  );
}

function useCreated() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  return async (id: string) => {
    message.success(t('approvals.flows.created'));
    await qc.invalidateQueries({ queryKey: flowKeys.all });
    navigate(`/settings/flows/${id}`);
  };
}

function CreateForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const created = useCreated();
  const { form, onFinish, submitting, error } = useServerForm<{ name: string; recordType: NonNullable<FlowTrigger['recordType']> }, { id: string }>(
    (v) => createFlow({ name: v.name.trim(), draft: blankApprovalDefinition(v.recordType) as FlowDefinition }),
    { onSuccess: async (f) => { onClose(); await created(f.id); } },
  );
  return (
    <>
      <FormError error={error} />
      <Form form={form} name="approvalFlowCreate" layout="vertical" onFinish={onFinish} initialValues={{ recordType: 'contract' }}>
        <Form.Item name="name" label={t('approvals.flows.name')} rules={[{ required: true, whitespace: true, message: t('approvals.flows.name') }, { max: 100 }]}>
          <Input autoFocus data-testid="approval-flow-name" />
        </Form.Item>
        <Form.Item name="recordType" label={t('approvals.flows.recordType')} rules={[{ required: true }]}>
          <Select data-testid="approval-flow-record-type" options={APPROVAL_RECORD_TYPES.map((k) => ({ value: k, label: recordTypeLabel(k) }))} />
        </Form.Item>
        <FormModalActions submitting={submitting} okText={t('common.create')} onCancel={onClose} />
      </Form>
    </>
  );
}

function TemplatePicker({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const templates = useFlowTemplates(open);
  const created = useCreated();
  const [busy, setBusy] = useState<string | null>(null);
  const list = (templates.data ?? []).filter((x) => x.kind === 'approval' || x.definition?.trigger?.type === 'approvalSubmitted');
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
    <FormModal target={open ? true : null} onClose={onClose} title={() => t('approvals.flows.templatesTitle')}
      render={() => (
        templates.isPending ? <Skeleton active /> : templates.error ? <Alert type="error" showIcon title={errorMessage(templates.error)} /> : !list.length ? <Empty description={t('approvals.flows.noTemplates')} /> : (
          <Flex vertical gap={12}>
            {list.map((tpl) => (
              <Card key={tpl.key} size="small" data-testid={`approval-template-${tpl.key}`}>
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
