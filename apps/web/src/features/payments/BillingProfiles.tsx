/** 开票信息 tab of the customer page: the customer's saved billing details, one default. */

import './messages.ts';
import { useState } from 'react';
import { Alert, App, Button, Empty, Flex, Form, Input, List, Modal, Popconfirm, Radio, Skeleton, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { applyServerErrors } from '../../lib/forms.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { taxNumberError, type BillingProfile } from './model.ts';

type Values = Omit<BillingProfile, 'id' | 'customerId' | 'isDefault'>;

export default function BillingProfiles({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const url = `/customers/${customerId}/billing-profiles`;
  const list = useQuery({ queryKey: ['records', 'billingProfile', customerId], queryFn: () => api.get<{ items: BillingProfile[] }>(url) });
  const [editing, setEditing] = useState<BillingProfile | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (v: Values) => (editing === 'new' ? api.post(url, v) : api.patch(`${url}/${(editing as BillingProfile).id}`, v)),
    onSuccess: () => { message.success(t('payments.profile.saved')); setEditing(null); void list.refetch(); },
    onError: (err) => setError(applyServerErrors(form, err)),
  });
  const act = useMutation({
    mutationFn: (x: { id: string; op: 'default' | 'delete' }) => (x.op === 'delete' ? api.delete(`${url}/${x.id}`) : api.patch(`${url}/${x.id}`, { isDefault: true })),
    onSuccess: () => { void list.refetch(); },
    onError: (err) => message.error(errorMessage(err)),
  });
  const open = (p: BillingProfile | 'new') => {
    setError(null);
    setEditing(p);
    form.setFieldsValue(p === 'new' ? { titleType: 'company', title: '', taxNumber: '', bankName: '', bankAccount: '', address: '', phone: '' } : { ...p });
  };
  if (list.isPending) return <Skeleton active />;
  const items = list.data?.items ?? [];
  return (
    <div data-testid="billing-profiles">
      <Flex justify="flex-end" style={{ marginBottom: 8 }}>
        <Button icon={<PlusOutlined />} onClick={() => open('new')} data-testid="billing-profile-add">{t('payments.profile.add')}</Button>
      </Flex>
      {items.length === 0 ? <Empty description={t('payments.none')} /> : (
        <List size="small" dataSource={items} renderItem={(p) => (
          <List.Item key={p.id} actions={[
            <a key="e" onClick={() => open(p)}>{t('common.edit')}</a>,
            ...(p.isDefault ? [] : [<a key="d" onClick={() => act.mutate({ id: p.id, op: 'default' })}>{t('payments.profile.makeDefault')}</a>]),
            <Popconfirm key="x" title={t('payments.profile.deleteConfirm')} onConfirm={() => act.mutate({ id: p.id, op: 'delete' })}><a>{t('common.delete')}</a></Popconfirm>,
          ]}>
            <Flex vertical gap={2} style={{ minWidth: 0 }}>
              <Flex gap={6} align="center" wrap>
                <Typography.Text strong className="ll-break">{p.title}</Typography.Text>
                <Tag>{t(`payments.titleType.${p.titleType}`)}</Tag>
                {p.isDefault && <Tag color="gold">{t('payments.profile.default')}</Tag>}
              </Flex>
              <Typography.Text type="secondary" className="ll-break" style={{ fontSize: 12 }}>
                {[p.taxNumber, p.bankName, p.bankAccount, p.address, p.phone].filter(Boolean).join(' · ')}
              </Typography.Text>
            </Flex>
          </List.Item>
        )} />
      )}
      <Modal open={editing !== null} title={editing === 'new' ? t('payments.profile.add') : t('payments.profile.edit')} onCancel={() => setEditing(null)}
        onOk={() => form.submit()} okButtonProps={{ loading: save.isPending, 'data-testid': 'billing-profile-save' } as never} destroyOnHidden forceRender>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={(v) => { setError(null); save.mutate(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x === '' ? null : x])) as Values); }}>
          <Form.Item name="titleType"><Radio.Group options={[{ value: 'company', label: t('payments.titleType.company') }, { value: 'individual', label: t('payments.titleType.individual') }]} /></Form.Item>
          <Form.Item name="title" label={t('payments.title_')} rules={[{ required: true }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="taxNumber" label={t('payments.taxNumber')} dependencies={['titleType']}
            rules={[{ validator: (_r, v: string) => { const e = taxNumberError(v, form.getFieldValue('titleType')); return e ? Promise.reject(new Error(t(`payments.${e}`))) : Promise.resolve(); } }]}>
            <Input maxLength={30} data-testid="billing-profile-tax" />
          </Form.Item>
          <Form.Item name="bankName" label={t('payments.bankName')}><Input maxLength={100} /></Form.Item>
          <Form.Item name="bankAccount" label={t('payments.bankAccount')}><Input maxLength={50} /></Form.Item>
          <Form.Item name="address" label={t('payments.address')}><Input maxLength={200} /></Form.Item>
          <Form.Item name="phone" label={t('payments.phone')}><Input maxLength={30} /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
