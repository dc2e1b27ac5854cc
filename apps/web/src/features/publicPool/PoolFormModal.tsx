import { useMemo } from 'react';
import { App, Checkbox, Col, Form, Input, InputNumber, Row, Select, TreeSelect } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormModal, FormModalActions } from '../../components/FormModal.tsx';
import { api } from '../../lib/api.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { buildDepartmentTree, departmentTreeOptions, useDepartments, useUsers } from '../settings/api.ts';
import { poolKeys, type Pool, type PoolRecordType } from './api.ts';
import { poolErrorMessage } from './feedback.tsx';

export type PoolTarget = { mode: 'create' } | { mode: 'edit'; pool: Pool };

interface Values {
  name: string;
  recordTypes: PoolRecordType[];
  position: number;
  memberUserIds: string[];
  memberDepartmentIds: string[];
  adminIds: string[];
  hideContacts: boolean;
  dailyClaimLimit: number | null;
  reclaimCooldownDays: number | null;
  recycleEnabled: boolean;
  warnDaysBefore: number;
  exemptClosedDeals: boolean;
  exemptOpenOpportunities: boolean;
}

function initial(target: PoolTarget): Values {
  if (target.mode === 'create') {
    return { name: '', recordTypes: ['customer'], position: 0, memberUserIds: [], memberDepartmentIds: [], adminIds: [], hideContacts: false,
      dailyClaimLimit: null, reclaimCooldownDays: null, recycleEnabled: true, warnDaysBefore: 3, exemptClosedDeals: true, exemptOpenOpportunities: true };
  }
  const p = target.pool;
  return {
    name: p.name, recordTypes: p.recordTypes, position: p.position, hideContacts: p.hideContacts, dailyClaimLimit: p.dailyClaimLimit,
    reclaimCooldownDays: p.reclaimCooldownDays, recycleEnabled: p.recycleEnabled, warnDaysBefore: p.warnDaysBefore,
    exemptClosedDeals: p.exemptClosedDeals, exemptOpenOpportunities: p.exemptOpenOpportunities,
    memberUserIds: p.members.filter((m) => m.type === 'user').map((m) => m.id),
    memberDepartmentIds: p.members.filter((m) => m.type === 'department').map((m) => m.id),
    adminIds: p.admins.map((a) => a.id),
  };
}

export function PoolFormModal({ target, onClose }: { target: PoolTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormModal target={target} onClose={onClose} keyOf={(x) => (x.mode === 'edit' ? x.pool.id : 'new')}
      title={(x) => (x.mode === 'edit' ? `${t('publicPool.settings.edit')} · ${x.pool.name}` : t('publicPool.settings.create'))}
      render={(x) => <PoolForm target={x} onClose={onClose} />} />
  );
}

function PoolForm({ target, onClose }: { target: PoolTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const users = useUsers({ status: 'active', pageSize: 500 });
  const departments = useDepartments();
  const tree = useMemo(() => departmentTreeOptions(buildDepartmentTree(departments.data ?? [])), [departments.data]);
  const userOptions = (users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }));
  const { form, onFinish, submitting, error } = useServerForm<Values, Pool>(
    (v) => (target.mode === 'edit' ? api.patch<Pool>(`/pools/${target.pool.id}`, v) : api.post<Pool>('/pools', v)),
    {
      onSuccess: async () => {
        message.success(t('publicPool.settings.saved'));
        await queryClient.invalidateQueries({ queryKey: poolKeys.all });
        onClose();
      },
      onError: (err) => (err && (err as { code?: string }).code === 'POOL_NOT_EMPTY' ? poolErrorMessage(err, t) : undefined),
    },
  );
  const s = (key: string) => t(`publicPool.settings.${key}` as 'publicPool.settings.name');
  const limit = (name: keyof Values, label: string, unit: string) => (
    <Form.Item name={name} label={label}>
      <InputNumber min={0} max={name === 'dailyClaimLimit' ? 10_000 : 365} precision={0} placeholder={s('unlimited')} suffix={unit} style={{ width: '100%' }} />
    </Form.Item>
  );

  return (
    <>
      <FormError error={error} />
      <Form form={form} layout="vertical" name="pool" initialValues={initial(target)} onFinish={onFinish}>
        <Row gutter={12}>
          <Col xs={24} sm={16}>
            <Form.Item name="name" label={s('name')} rules={[{ required: true, whitespace: true, max: 50, message: t('records.rules.required', { field: s('name') }) }]}>
              <Input autoFocus maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="position" label={s('position')} tooltip={s('positionHint')}><InputNumber min={0} max={10_000} precision={0} style={{ width: '100%' }} /></Form.Item>
          </Col>
        </Row>
        <Form.Item name="recordTypes" label={s('recordTypes')} rules={[{ required: true, type: 'array', min: 1, message: t('records.rules.required', { field: s('recordTypes') }) }]}>
          <Checkbox.Group options={(['customer', 'lead'] as const).map((v) => ({ value: v, label: t(`publicPool.types.${v}`) }))} />
        </Form.Item>
        <Form.Item name="memberDepartmentIds" label={s('memberDepartments')}>
          <TreeSelect multiple treeDefaultExpandAll treeData={tree} loading={departments.isPending} treeNodeFilterProp="title" showSearch />
        </Form.Item>
        <Form.Item name="memberUserIds" label={s('memberUsers')}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={userOptions} loading={users.isPending} />
        </Form.Item>
        <Form.Item name="adminIds" label={s('admins')} extra={s('adminsHint')}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={userOptions} loading={users.isPending} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>{limit('dailyClaimLimit', s('dailyClaimLimit'), s('perDay'))}</Col>
          <Col xs={24} sm={12}>{limit('reclaimCooldownDays', s('reclaimCooldownDays'), s('days'))}</Col>
          <Col xs={24} sm={12}>
            <Form.Item name="warnDaysBefore" label={s('warnDaysBefore')}><InputNumber min={0} max={365} precision={0} suffix={s('days')} style={{ width: '100%' }} /></Form.Item>
          </Col>
        </Row>
        {(['hideContacts', 'recycleEnabled', 'exemptClosedDeals', 'exemptOpenOpportunities'] as const).map((k) => (
          <Form.Item key={k} name={k} valuePropName="checked" style={{ marginBottom: 8 }}
            extra={k === 'hideContacts' ? s('hideContactsHint') : k === 'exemptOpenOpportunities' ? s('exemptOpenOpportunitiesHint') : undefined}>
            <Checkbox>{s(k)}</Checkbox>
          </Form.Item>
        ))}
        <FormModalActions submitting={submitting} okText={t('common.save')} onCancel={onClose} />
      </Form>
    </>
  );
}
