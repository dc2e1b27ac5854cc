import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Popconfirm, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api, request } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { compact, FormError, useServerForm } from '../../lib/forms.tsx';
import { useMe } from '../auth/useMe.ts';
import { adminKeys, type MailSettings } from './api.ts';

interface SmtpValues {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  from?: string;
}
interface TestResult { status: 'sent' | 'kept' | 'failed'; error?: string }

export default function EmailSettingsPage() {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: adminKeys.mail, queryFn: () => api.get<MailSettings>('/admin/mail-settings') });
  if (!settings.data) return <Loading />;
  const s = settings.data;
  const mode = s.smtp ? 'organization' : s.envSmtp ? 'server' : 'outbox';
  return (
    <>
      <PageHeader title={t('admin.email.title')} description={t('admin.email.hint')} />
      <Alert type={mode === 'outbox' ? 'warning' : 'success'} showIcon style={{ marginBottom: 16 }}
        title={t(`admin.email.mode.${mode}`)}
        description={<Link to="/settings/outbox">{t('admin.email.openOutbox')}</Link>} />
      <Flex gap={16} wrap align="flex-start">
        <Card title={t('admin.email.smtp')} style={{ flex: '1 1 360px', maxWidth: 640 }}>
          <SmtpForm settings={s} />
        </Card>
        <Card title={t('admin.email.test')} style={{ flex: '1 1 280px', maxWidth: 420 }}>
          <TestSend />
        </Card>
      </Flex>
    </>
  );
}

function SmtpForm({ settings }: { settings: MailSettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const smtp = settings.smtp;
  const save = (body: unknown) => request<MailSettings>('PUT', '/admin/mail-settings', { body });
  const done = (saved: MailSettings) => {
    queryClient.setQueryData(adminKeys.mail, saved);
    message.success(t('common.saved'));
  };
  const { form, onFinish, submitting, error, setError } = useServerForm<SmtpValues, MailSettings>(
    // A blank password keeps the stored one: it is write-only and never comes back to the browser.
    (v) => save({ smtp: { ...compact(v), port: v.port, secure: Boolean(v.secure) } }),
    { onSuccess: (saved) => { form.setFieldValue('password', ''); done(saved); } },
  );
  const remove = async () => {
    try {
      done(await save({ smtp: null }));
      form.resetFields();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <>
      <FormError error={error} />
      <Form form={form} name="smtp" layout="vertical" onFinish={onFinish}
        initialValues={{ host: smtp?.host ?? '', port: smtp?.port ?? 465, secure: smtp?.secure ?? true, user: smtp?.user ?? '', from: smtp?.from ?? '', password: '' }}>
        <Flex gap={12} wrap>
          <Form.Item name="host" label={t('admin.email.host')} style={{ flex: '3 1 200px' }} rules={[{ required: true, whitespace: true, message: t('admin.email.host') }]}>
            <Input placeholder="smtp.exmail.qq.com" />
          </Form.Item>
          <Form.Item name="port" label={t('admin.email.port')} style={{ flex: '1 1 100px' }} rules={[{ required: true, message: t('admin.email.port') }]}>
            <InputNumber min={1} max={65535} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item name="secure" valuePropName="checked" extra={t('admin.email.secureHint')}>
          <Checkbox>{t('admin.email.secure')}</Checkbox>
        </Form.Item>
        <Form.Item name="user" label={t('admin.email.user')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="password" label={t('admin.email.password')} extra={smtp?.passwordSet ? t('admin.email.passwordSet') : t('admin.email.passwordNotSet')}>
          <Input.Password autoComplete="new-password" placeholder={smtp?.passwordSet ? '••••••••' : undefined} />
        </Form.Item>
        <Form.Item name="from" label={t('admin.email.from')} extra={t('admin.email.fromHint', { from: settings.defaultFrom })}>
          <Input placeholder="示例科技 <no-reply@example.com>" />
        </Form.Item>
        <Flex gap={8} wrap>
          <Button type="primary" htmlType="submit" loading={submitting}>{t('common.save')}</Button>
          {smtp && (
            <Popconfirm title={t('admin.email.removeConfirm')} onConfirm={() => remove()}>
              <Button danger>{t('admin.email.remove')}</Button>
            </Popconfirm>
          )}
        </Flex>
      </Form>
    </>
  );
}

function TestSend() {
  const { t } = useTranslation();
  const { me } = useMe();
  const [result, setResult] = useState<TestResult | null>(null);
  const { form, onFinish, submitting, error } = useServerForm<{ to: string }, TestResult>((v) => api.post('/admin/mail/test', { to: v.to.trim() }), {
    onSuccess: (r) => setResult(r),
  });
  const type = result?.status === 'sent' ? 'success' : result?.status === 'kept' ? 'info' : 'error';
  return (
    <>
      <FormError error={error} />
      <Form form={form} name="mailTest" layout="vertical" onFinish={(v) => { setResult(null); return onFinish(v); }} initialValues={{ to: me?.user.email ?? '' }}>
        <Form.Item name="to" label={t('admin.email.to')} rules={[{ required: true, type: 'email', message: t('auth.emailInvalid') }]}>
          <Input type="email" />
        </Form.Item>
        <Button htmlType="submit" icon={<SendOutlined />} loading={submitting} data-testid="mail-test">{t('admin.email.sendTest')}</Button>
      </Form>
      {result && (
        <Alert style={{ marginTop: 12 }} type={type} showIcon role="status" data-testid="mail-test-result"
          title={t(`admin.email.result.${result.status}`)}
          description={result.error ? <Typography.Text className="ll-break">{result.error}</Typography.Text> : result.status === 'kept' ? <Link to="/settings/outbox">{t('admin.email.openOutbox')}</Link> : undefined} />
      )}
    </>
  );
}
