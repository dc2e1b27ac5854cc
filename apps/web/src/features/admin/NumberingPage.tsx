import { useState } from 'react';
import { App, Button, Flex, Form, Input, InputNumber, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { FormModal, FormModalActions } from '../../components/FormModal.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api, request } from '../../lib/api.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { adminKeys, type NumberRule } from './api.ts';

type Values = Pick<NumberRule, 'prefix' | 'dateFormat' | 'sequenceLength' | 'reset'>;
const DATE_FORMATS: NumberRule['dateFormat'][] = ['YYYYMMDD', 'YYYYMM', 'YYYY', 'none'];
const RESETS: NumberRule['reset'][] = ['daily', 'monthly', 'yearly', 'never'];

/** The number a draft rule would give the first record of today's period (the server's formatNumber, today). */
export function draftNumber(v: Partial<Values>): string {
  const date = v.dateFormat && v.dateFormat !== 'none' ? dayjs().format(v.dateFormat) : '';
  return `${v.prefix ?? ''}${date}${'1'.padStart(v.sequenceLength ?? 4, '0')}`;
}

export default function NumberingPage() {
  const { t } = useTranslation();
  const rules = useQuery({ queryKey: adminKeys.numbering, queryFn: () => api.get<{ items: NumberRule[] }>('/numbering-rules').then((r) => r.items) });
  const [editing, setEditing] = useState<NumberRule | null>(null);

  const columns: TableColumnsType<NumberRule> = [
    { title: t('admin.numbering.recordType'), dataIndex: 'recordType', render: (r: string) => t(`admin.recordTypes.${r}` as 'admin.recordTypes.customer') },
    { title: t('admin.numbering.prefix'), dataIndex: 'prefix', render: (p: string) => p || '—' },
    { title: t('admin.numbering.dateFormat'), dataIndex: 'dateFormat', render: (d: string) => t(`admin.numbering.formats.${d}` as 'admin.numbering.formats.none') },
    { title: t('admin.numbering.sequenceLength'), dataIndex: 'sequenceLength' },
    { title: t('admin.numbering.reset'), dataIndex: 'reset', render: (r: string) => t(`admin.numbering.resets.${r}` as 'admin.numbering.resets.never') },
    {
      title: t('admin.numbering.next'), dataIndex: 'next',
      render: (n: string, r) => <Flex gap={6}><Typography.Text code copyable>{n}</Typography.Text>{!r.configured && <Tag>{t('admin.numbering.default')}</Tag>}</Flex>,
    },
    { title: t('common.actions'), key: 'a', width: 1, render: (_, r) => <Button type="link" size="small" onClick={() => setEditing(r)}>{t('common.edit')}</Button> },
  ];

  return (
    <>
      <PageHeader title={t('admin.numbering.title')} description={t('admin.numbering.hint')} />
      <Table<NumberRule> rowKey="recordType" columns={columns} dataSource={rules.data} loading={rules.isFetching} pagination={false} scroll={{ x: 'max-content' }} />
      <FormModal target={editing} onClose={() => setEditing(null)} keyOf={(r) => r.recordType}
        title={(r) => t('admin.numbering.editTitle', { type: t(`admin.recordTypes.${r.recordType}` as 'admin.recordTypes.customer') })}
        render={(r) => <RuleForm rule={r} onClose={() => setEditing(null)} />} />
    </>
  );
}

function RuleForm({ rule, onClose }: { rule: NumberRule; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { form, onFinish, submitting, error } = useServerForm<Values, NumberRule>((v) => request<NumberRule>('PUT', `/numbering-rules/${rule.recordType}`, { body: { ...v, prefix: v.prefix?.trim() ?? '' } }), {
    onSuccess: async (saved) => {
      message.success(t('admin.numbering.saved', { next: saved.next }));
      await queryClient.invalidateQueries({ queryKey: adminKeys.numbering });
      onClose();
    },
  });
  const values = Form.useWatch([], form) as Partial<Values> | undefined;
  return (
    <>
      <FormError error={error} />
      <Form form={form} name="numbering" layout="vertical" onFinish={onFinish}
        initialValues={{ prefix: rule.prefix, dateFormat: rule.dateFormat, sequenceLength: rule.sequenceLength, reset: rule.reset }}>
        <Form.Item name="prefix" label={t('admin.numbering.prefix')} rules={[{ max: 20 }, { pattern: /^[\p{L}\p{N}_\-/]*$/u, message: t('admin.numbering.prefixHint') }]}>
          <Input autoFocus />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="dateFormat" label={t('admin.numbering.dateFormat')} style={{ flex: '1 1 160px' }}>
            <Select options={DATE_FORMATS.map((d) => ({ value: d, label: t(`admin.numbering.formats.${d}`) }))} />
          </Form.Item>
          <Form.Item name="sequenceLength" label={t('admin.numbering.sequenceLength')} style={{ flex: '1 1 120px' }}>
            <InputNumber min={1} max={12} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="reset" label={t('admin.numbering.reset')} style={{ flex: '1 1 160px' }}>
            <Select options={RESETS.map((r) => ({ value: r, label: t(`admin.numbering.resets.${r}`) }))} />
          </Form.Item>
        </Flex>
        <Flex vertical gap={4} style={{ marginBottom: 12 }} aria-live="polite">
          <Typography.Text type="secondary">{t('admin.numbering.preview')}</Typography.Text>
          <Typography.Text code style={{ fontSize: 16 }} data-testid="numbering-preview">{draftNumber(values ?? rule)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('admin.numbering.currentNext', { next: rule.next })}</Typography.Text>
        </Flex>
        <FormModalActions submitting={submitting} okText={t('common.save')} onCancel={onClose} />
      </Form>
    </>
  );
}
