import './messages.ts';
import { useState } from 'react';
import { App, Button, Card, Checkbox, Empty, Flex, Form, Input, InputNumber, Modal, Popconfirm, Select, Skeleton, Space, Switch, Table, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { useDepartments } from '../settings/api.ts';
import { usePipelines, type Pipeline, type Stage } from './api.ts';

const REQUIRABLE = ['amount', 'expectedCloseDate', 'competitor', 'source', 'remark', 'contacts', 'lines', 'forecastCategory', 'nextFollowupAt', 'tags'] as const;

/** /settings/pipelines: pipelines with their ordered stages, probabilities, entry requirements and departments. */
export default function PipelinesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const pipelines = usePipelines(true);
  const departments = useDepartments();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const refresh = () => qc.invalidateQueries({ queryKey: ['pipelines'] });
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      message.success(t('opportunities.settings.saved'));
    } catch (err) {
      message.error(errorMessage(err));
    }
    void refresh();
  };
  const deptOptions = (departments.data ?? []).map((d) => ({ value: d.id, label: d.name }));
  const fieldOptions = REQUIRABLE.map((k) => ({ value: k, label: t(`opportunities.fields.${k}`) }));
  return (
    <div style={{ padding: 24 }}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('opportunities.settings.title')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} data-testid="pipeline-add" onClick={() => { form.resetFields(); setCreating(true); }}>{t('opportunities.settings.add')}</Button>
      </Flex>
      {pipelines.isLoading && <Skeleton active />}
      {pipelines.data && !pipelines.data.length && <Empty />}
      <Flex vertical gap={16}>
        {(pipelines.data ?? []).map((p) => (
          <PipelineCard key={p.id} p={p} deptOptions={deptOptions} fieldOptions={fieldOptions} run={run} />
        ))}
      </Flex>
      <Modal open={creating} title={t('opportunities.settings.add')} onCancel={() => setCreating(false)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ stages: [{ name: '', probability: 10 }] }}
          onFinish={async (v: { name: string; departmentIds?: string[]; stages: { name: string; probability: number }[] }) => {
            await run(() => api.post('/pipelines', { name: v.name, departmentIds: v.departmentIds ?? [], stages: v.stages }));
            setCreating(false);
          }}>
          <Form.Item name="name" label={t('opportunities.settings.name')} rules={[{ required: true, max: 50 }]}><Input data-testid="pipeline-name" /></Form.Item>
          <Form.Item name="departmentIds" label={t('opportunities.settings.departments')}><Select mode="multiple" options={deptOptions} placeholder={t('opportunities.settings.allDepartments')} /></Form.Item>
          <Form.List name="stages">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, max: 50 }]}><Input placeholder={t('opportunities.settings.stageName')} /></Form.Item>
                    <Form.Item name={[f.name, 'probability']} rules={[{ required: true }]}><InputNumber min={0} max={100} precision={0} addonAfter="%" /></Form.Item>
                    {fields.length > 1 && <Button type="link" onClick={() => remove(f.name)}>{t('opportunities.settings.delete')}</Button>}
                  </Space>
                ))}
                <Button onClick={() => add({ name: '', probability: 50 })}>{t('opportunities.settings.addStage')}</Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </div>
  );
}

function PipelineCard({ p, deptOptions, fieldOptions, run }: {
  p: Pipeline; deptOptions: { value: string; label: string }[]; fieldOptions: { value: string; label: string }[]; run: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [newStage, setNewStage] = useState({ name: '', probability: 50 });
  const base = `/pipelines/${p.id}`;
  const order = (s: Stage, dir: -1 | 1) => {
    const ids = p.stages.map((x) => x.id);
    const i = ids.indexOf(s.id);
    const j = i + dir;
    if (j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    void run(() => api.put(`${base}/stages/order`, { stageIds: ids }));
  };
  return (
    <Card size="small" data-testid="pipeline-card" data-name={p.name}
      title={<Space>{p.name}{p.isDefault && <Tag color="blue">{t('opportunities.settings.isDefault')}</Tag>}{!p.active && <Tag>{t('opportunities.settings.inactive')}</Tag>}</Space>}
      extra={
        <Space wrap>
          {!p.isDefault && <Button size="small" onClick={() => run(() => api.patch(base, { isDefault: true }))}>{t('opportunities.settings.setDefault')}</Button>}
          {!p.isDefault && <Switch size="small" checked={p.active} onChange={(v) => run(() => api.patch(base, { active: v }))} />}
          {!p.isDefault && <Popconfirm title={t('opportunities.settings.confirmDelete')} onConfirm={() => run(() => api.delete(base))}><Button size="small" danger>{t('opportunities.settings.delete')}</Button></Popconfirm>}
        </Space>
      }>
      <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
        <span>{t('opportunities.settings.departments')}:</span>
        <Select mode="multiple" style={{ minWidth: 240 }} value={p.departmentIds} options={deptOptions} placeholder={t('opportunities.settings.allDepartments')}
          onChange={(v) => run(() => api.patch(base, { departmentIds: v }))} />
      </Flex>
      <Table<Stage>
        size="small" rowKey="id" pagination={false} dataSource={p.stages} scroll={{ x: true }}
        rowClassName={(s) => (s.archived ? 'ant-table-row-disabled' : '')}
        columns={[
          { title: t('opportunities.settings.stageName'), dataIndex: 'name', render: (v: string, s) => (
            <Input defaultValue={v} maxLength={50} variant="borderless" onBlur={(e) => e.target.value !== v && e.target.value.trim() && run(() => api.patch(`${base}/stages/${s.id}`, { name: e.target.value.trim() }))} />
          ) },
          { title: t('opportunities.settings.probability'), dataIndex: 'probability', width: 110, render: (v: number, s) => (
            <InputNumber min={0} max={100} precision={0} defaultValue={v} onBlur={(e) => { const n = Number(e.target.value); if (Number.isInteger(n) && n !== v) void run(() => api.patch(`${base}/stages/${s.id}`, { probability: n })); }} />
          ) },
          { title: t('opportunities.settings.requiredFields'), dataIndex: 'requiredFields', render: (v: string[], s) => (
            <Select mode="multiple" style={{ minWidth: 200 }} value={v} options={fieldOptions} data-testid="stage-required" onChange={(next) => run(() => api.patch(`${base}/stages/${s.id}`, { requiredFields: next }))} />
          ) },
          { title: t('opportunities.settings.requiresApproval'), dataIndex: 'requiresApproval', width: 110, render: (v: boolean, s) => (
            <Checkbox checked={v} onChange={(e) => run(() => api.patch(`${base}/stages/${s.id}`, { requiresApproval: e.target.checked }))} />
          ) },
          { title: '', key: 'actions', render: (_: unknown, s) => (
            <Space size={0} wrap>
              <Button type="text" size="small" icon={<ArrowUpOutlined />} aria-label={t('opportunities.settings.up')} onClick={() => order(s, -1)} />
              <Button type="text" size="small" icon={<ArrowDownOutlined />} aria-label={t('opportunities.settings.down')} onClick={() => order(s, 1)} />
              <Button type="link" size="small" onClick={() => run(() => api.patch(`${base}/stages/${s.id}`, { archived: !s.archived }))}>{s.archived ? t('opportunities.settings.unarchive') : t('opportunities.settings.archive')}</Button>
              <Popconfirm title={t('opportunities.settings.confirmDelete')} onConfirm={() => run(() => api.delete(`${base}/stages/${s.id}`))}><Button type="link" size="small" danger>{t('opportunities.settings.delete')}</Button></Popconfirm>
            </Space>
          ) },
        ]}
      />
      <Space style={{ marginTop: 8 }} wrap>
        <Input placeholder={t('opportunities.settings.stageName')} value={newStage.name} maxLength={50} onChange={(e) => setNewStage({ ...newStage, name: e.target.value })} />
        <InputNumber min={0} max={100} precision={0} value={newStage.probability} addonAfter="%" onChange={(v) => setNewStage({ ...newStage, probability: v ?? 0 })} />
        <Button disabled={!newStage.name.trim()} onClick={async () => { await run(() => api.post(`${base}/stages`, { name: newStage.name.trim(), probability: newStage.probability })); setNewStage({ name: '', probability: 50 }); }}>{t('opportunities.settings.addStage')}</Button>
      </Space>
    </Card>
  );
}
