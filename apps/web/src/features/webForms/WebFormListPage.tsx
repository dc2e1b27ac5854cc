import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App, Button, Card, Flex, Form, Input, List, Popconfirm, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { CodeOutlined, LinkOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormModal, FormModalActions } from '../../components/FormModal.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime, formatNumber, fromNow } from '../../lib/format.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { embedCode, formUrl, useWebForms, webFormKeys, type WebForm } from './api.ts';
import { useCopy } from './useCopy.ts';

/** Web forms: link, submissions and published state at a glance; copy link / embed code; create. */
export default function WebFormListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const mobile = useIsMobile();
  const forms = useWebForms();
  const copy = useCopy();
  const [creating, setCreating] = useState(false);
  const origin = window.location.origin;

  const toggle = useMutation({
    mutationFn: (f: WebForm) => api.patch<WebForm>(`/web-forms/${f.id}`, { enabled: !f.enabled }),
    onSuccess: (f) => {
      message.success(t(f.enabled ? 'webForms.publishedOk' : 'webForms.unpublishedOk'));
      return queryClient.invalidateQueries({ queryKey: webFormKeys.all });
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  const remove = useMutation({
    mutationFn: (f: WebForm) => api.delete(`/web-forms/${f.id}`),
    onSuccess: () => {
      message.success(t('webForms.deleted'));
      return queryClient.invalidateQueries({ queryKey: webFormKeys.all });
    },
    onError: (err) => message.error(errorMessage(err)),
  });

  const status = (f: WebForm) => (
    <Switch checked={f.enabled} loading={toggle.isPending && toggle.variables?.id === f.id} onChange={() => toggle.mutate(f)}
      aria-label={t(f.enabled ? 'webForms.unpublish' : 'webForms.publish')} checkedChildren={t('webForms.published')} unCheckedChildren={t('webForms.draft')} />
  );
  const actions = (f: WebForm) => [
    <Button key="link" type="link" size="small" icon={<LinkOutlined />} onClick={() => copy(formUrl(f, origin))}>{t('webForms.copyLink')}</Button>,
    <Button key="embed" type="link" size="small" icon={<CodeOutlined />} onClick={() => copy(embedCode(f, origin))}>{t('webForms.copyEmbed')}</Button>,
    <Link key="edit" to={`/settings/web-forms/${f.id}`}><Button type="link" size="small">{t('common.edit')}</Button></Link>,
    <Popconfirm key="del" title={t('webForms.deleteConfirm', { name: f.name })} onConfirm={() => remove.mutateAsync(f).catch(() => undefined)}>
      <Button type="link" size="small" danger>{t('common.delete')}</Button>
    </Popconfirm>,
  ];
  const last = (f: WebForm) => (f.lastSubmissionAt ? <span title={formatDateTime(f.lastSubmissionAt)}>{fromNow(f.lastSubmissionAt)}</span> : <Typography.Text type="secondary">{t('webForms.never')}</Typography.Text>);
  const urlOf = (f: WebForm) => (
    <Typography.Link href={formUrl(f, origin)} target="_blank" rel="noopener noreferrer" className="ll-break">{formUrl(f, origin)}</Typography.Link>
  );

  const columns: TableColumnsType<WebForm> = [
    { title: t('webForms.name'), key: 'name', render: (_, f) => <Link to={`/settings/web-forms/${f.id}`}><Typography.Text strong>{f.name}</Typography.Text></Link> },
    { title: t('webForms.url'), key: 'url', render: (_, f) => urlOf(f) },
    { title: t('webForms.submissions'), dataIndex: 'submissionCount', align: 'right', render: (n: number) => formatNumber(n) },
    { title: t('webForms.lastSubmission'), key: 'last', render: (_, f) => last(f) },
    { title: t('webForms.status'), key: 'status', render: (_, f) => status(f) },
    { title: t('common.actions'), key: 'actions', width: 1, render: (_, f) => <Flex wrap={false}>{actions(f)}</Flex> },
  ];

  return (
    <>
      <PageHeader title={t('webForms.title')} description={t('webForms.hint')}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('webForms.create')}</Button>} />
      {mobile ? (
        <List loading={forms.isPending} dataSource={forms.data ?? []} locale={{ emptyText: t('webForms.empty') }}
          renderItem={(f) => (
            <Card size="small" style={{ marginBottom: 12 }} data-testid="web-form-card"
              title={<Link to={`/settings/web-forms/${f.id}`}>{f.name}</Link>} extra={status(f)}>
              <Flex vertical gap={4}>
                {urlOf(f)}
                <Flex gap={8} wrap>
                  <Tag>{t('webForms.submissions')} {formatNumber(f.submissionCount)}</Tag>
                  <span>{t('webForms.lastSubmission')}: {last(f)}</span>
                </Flex>
                <Flex wrap>{actions(f)}</Flex>
              </Flex>
            </Card>
          )} />
      ) : (
        <Table<WebForm> rowKey="id" columns={columns} dataSource={forms.data} loading={forms.isFetching} pagination={false}
          scroll={{ x: 'max-content' }} locale={{ emptyText: t('webForms.empty') }} />
      )}
      <FormModal target={creating ? true : null} onClose={() => setCreating(false)} title={() => t('webForms.createTitle')}
        render={() => <CreateForm onClose={() => setCreating(false)} />} />
    </>
  );
}

function CreateForm({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { form, onFinish, submitting, error } = useServerForm<{ name: string }, WebForm>(
    (v) => api.post('/web-forms', { name: v.name.trim(), language: i18n.language.startsWith('en') ? 'en' : 'zh-CN' }),
    {
      onSuccess: async (created) => {
        message.success(t('webForms.created'));
        await queryClient.invalidateQueries({ queryKey: webFormKeys.all });
        onClose();
        navigate(`/settings/web-forms/${created.id}`);
      },
    },
  );
  return (
    <>
      <FormError error={error} />
      <Form form={form} name="webForm" layout="vertical" onFinish={onFinish}>
        <Form.Item name="name" label={t('webForms.name')} extra={t('webForms.nameHint')} rules={[{ required: true, whitespace: true, message: t('webForms.name') }, { max: 60 }]}>
          <Input autoFocus />
        </Form.Item>
        <FormModalActions submitting={submitting} okText={t('common.create')} onCancel={onClose} />
      </Form>
    </>
  );
}
