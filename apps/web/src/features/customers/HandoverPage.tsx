import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Descriptions, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { FilterNode } from '@loopline/shared';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api } from '../../lib/api.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { useMe } from '../auth/useMe.ts';
import { recordKeys } from '../records/api.ts';
import { API_PATHS } from '../records/linked.ts';
import { useUsers } from '../settings/api.ts';

type HandoverType = 'lead' | 'customer' | 'contact';
const TYPES: HandoverType[] = ['lead', 'customer', 'contact'];
interface Values { fromUserId: string; toUserId: string; reason: string; recordTypes: HandoverType[] }
type Counts = Partial<Record<HandoverType, number | null>>;

/** What a handover moves of one type: open leads only (converted and invalid ones stay as history), every customer and contact. */
export function ownedFilter(type: HandoverType, userId: string): FilterNode {
  const owned: FilterNode = { field: 'ownerId', op: 'eq', value: userId };
  return type === 'lead' ? { and: [owned, { field: 'status', op: 'in', value: ['new', 'contacting', 'qualified'] }] } : owned;
}

/**
 * 交接: when a rep leaves or changes territory, move their open leads, customers and contacts to a
 * colleague in one go, with a reason kept in every record's history (POST /handover). Before it
 * runs, the confirmation shows how many of each will move.
 */
export default function HandoverPage() {
  const [params] = useSearchParams(); // ?from=<userId> when opened from a member's row in Settings › Members
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const { me, isAdmin } = useMe();
  const users = useUsers({ pageSize: 500 });
  const [counting, setCounting] = useState(false);
  const allowed = (type: HandoverType) => isAdmin || Boolean(me?.permissions.objects[type]?.includes('transfer'));
  const options = (users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name}${u.status === 'active' ? '' : ` (${t(`customers.handover.status.${u.status}`)})`}`, disabled: false, status: u.status }));
  const nameOf = (id: string) => users.data?.items.find((u) => u.id === id)?.name ?? id;

  const count = async (v: Values): Promise<Counts> => {
    const out: Counts = {};
    await Promise.all(v.recordTypes.map(async (type) => {
      try {
        const res = await api.post<{ total?: number }>(`${API_PATHS[type]}/query`, { filter: ownedFilter(type, v.fromUserId), page: 1, pageSize: 1, count: 'exact' });
        out[type] = res.total ?? null;
      } catch {
        out[type] = null; // not visible to this person: the server still moves them if allowed
      }
    }));
    return out;
  };

  const { form, onFinish, submitting, error } = useServerForm<Values, { moved: Partial<Record<HandoverType, number>> }>(
    (v) => api.post('/handover', { fromUserId: v.fromUserId, toUserId: v.toUserId, reason: v.reason.trim(), recordTypes: v.recordTypes }),
    {
      onSuccess: async (res, v) => {
        message.success(t('customers.handover.done', {
          from: nameOf(v.fromUserId), to: nameOf(v.toUserId),
          summary: v.recordTypes.map((type) => `${t(`search.types.${type}`)} ${res.moved?.[type] ?? 0}`).join('，'),
        }));
        await Promise.all(TYPES.map((type) => queryClient.invalidateQueries({ queryKey: recordKeys.all(type) })));
        form.resetFields();
      },
    },
  );

  // Count first, then confirm: the person sees exactly what is about to move.
  const confirm = async (v: Values) => {
    setCounting(true);
    const counts = await count(v).finally(() => setCounting(false));
    modal.confirm({
      title: t('customers.handover.confirmTitle', { from: nameOf(v.fromUserId), to: nameOf(v.toUserId) }),
      okText: t('customers.handover.run'),
      content: (
        <Flex vertical gap={8} data-testid="handover-confirm">
          <Descriptions size="small" column={1} bordered
            items={v.recordTypes.map((type) => ({ key: type, label: t(`search.types.${type}`), children: counts[type] ?? t('customers.handover.unknownCount') }))} />
          <Typography.Text type="secondary">{t('customers.handover.leadNote')}</Typography.Text>
          <Typography.Text>{t('customers.handover.reason')}: {v.reason}</Typography.Text>
        </Flex>
      ),
      onOk: () => onFinish(v),
    });
  };

  const from = Form.useWatch('fromUserId', form);
  return (
    <>
      <Link to="/customers" style={{ display: 'inline-flex', gap: 6, marginBottom: 8 }}><ArrowLeftOutlined />{t('customers.title')}</Link>
      <PageHeader title={t('customers.handover.title')} description={t('customers.handover.description')} />
      <Card style={{ maxWidth: 640 }}>
        {!TYPES.some(allowed) && <Alert type="warning" showIcon title={t('customers.handover.notAllowed')} style={{ marginBottom: 16 }} />}
        <FormError error={error} />
        <Form form={form} name="handover" layout="vertical" onFinish={confirm} initialValues={{ recordTypes: TYPES.filter(allowed), fromUserId: params.get('from') ?? undefined }}>
          <Form.Item name="fromUserId" label={t('customers.handover.from')} rules={[{ required: true, message: t('records.rules.required', { field: t('customers.handover.from') }) }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} loading={users.isPending} options={options} data-testid="handover-from" />
          </Form.Item>
          <Form.Item name="toUserId" label={t('customers.handover.to')} dependencies={['fromUserId']}
            rules={[
              { required: true, message: t('records.rules.required', { field: t('customers.handover.to') }) },
              { validator: async (_, v) => { if (v && v === form.getFieldValue('fromUserId')) throw new Error(t('customers.handover.sameUser')); } },
            ]}>
            <Select showSearch={{ optionFilterProp: 'label' }} loading={users.isPending} data-testid="handover-to"
              options={options.filter((o) => o.status === 'active' && o.value !== from)} />
          </Form.Item>
          <Form.Item name="recordTypes" label={t('customers.handover.what')} rules={[{ required: true, message: t('customers.handover.pickTypes') }]}>
            <Checkbox.Group options={TYPES.map((type) => ({ value: type, label: t(`search.types.${type}`), disabled: !allowed(type) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('customers.handover.reason')} rules={[{ required: true, whitespace: true, message: t('records.rules.required', { field: t('customers.handover.reason') }) }]}>
            <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('customers.handover.reasonPlaceholder')} />
          </Form.Item>
          <Flex justify="flex-end">
            <Button type="primary" htmlType="submit" loading={counting || submitting} data-testid="handover-submit">{t('customers.handover.preview')}</Button>
          </Flex>
        </Form>
      </Card>
    </>
  );
}
