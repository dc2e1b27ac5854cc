import { useState } from 'react';
import { App, Button, Divider, Flex, Form, Input, Radio, Typography } from 'antd';
import { ExperimentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, isApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { compact, FormError, useServerForm } from '../../lib/forms.tsx';
import { AuthHeading } from './AuthLayout.tsx';
import { rules } from './rules.ts';
import type { AuthResult, DemoResult, TenantChoice } from './types.ts';
import { useSession } from './useMe.ts';

interface LoginValues {
  identifier: string;
  password: string;
  tenantSlug?: string;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const next = params.get('next');
  const { signedIn } = useSession();
  // Set when the same account exists in several organizations (409 TENANT_CHOICE_REQUIRED).
  const [tenants, setTenants] = useState<TenantChoice[] | null>(null);
  const [demoLoading, setDemoLoading] = useState(false);

  const { form, onFinish, submitting, error, setError } = useServerForm<LoginValues, AuthResult>(
    (values) => api.post<AuthResult>('/auth/login', compact(values)),
    {
      onSuccess: () => signedIn(next),
      onError: (err) => {
        if (isApiError(err, 'TENANT_CHOICE_REQUIRED')) {
          const choices = err.detail<TenantChoice[]>('tenants') ?? [];
          setTenants(choices);
          form.setFieldValue('tenantSlug', choices[0]?.slug);
          return null; // the choice below is the message
        }
        return undefined;
      },
    },
  );

  const tryDemo = async () => {
    setDemoLoading(true);
    setError(null);
    const hide = message.loading(t('auth.demoLoading'), 0);
    try {
      const demo = await api.post<DemoResult>('/demo');
      await api.post<AuthResult>('/auth/login', compact({ identifier: demo.adminEmail, password: demo.password, tenantSlug: demo.tenant?.slug }));
      await signedIn('/');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      hide();
      setDemoLoading(false);
    }
  };

  return (
    <>
      <AuthHeading title={t('auth.loginTitle')} subtitle={t('auth.loginSubtitle')} />
      <FormError error={error} />
      <Form form={form} name="login" layout="vertical" onFinish={onFinish} requiredMark={false} size="large"
        // Another identifier may belong to other organizations: forget the previous choice.
        onValuesChange={(changed: Partial<LoginValues>) => {
          if ('identifier' in changed && tenants) {
            setTenants(null);
            form.setFieldValue('tenantSlug', undefined);
          }
        }}>
        <Form.Item name="identifier" label={t('auth.identifier')} rules={[rules.required(t('auth.identifier'))]}>
          <Input autoComplete="username" placeholder={t('auth.identifierPlaceholder')} autoFocus />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          rules={[{ required: true, message: t('auth.required', { field: t('auth.password') }) }]}
          extra={<Link to="/forgot-password">{t('auth.forgot')}</Link>}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        {tenants && (
          <Form.Item name="tenantSlug" label={t('auth.chooseTenant')} rules={[{ required: true, message: t('auth.chooseTenant') }]}>
            <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
              options={tenants.map((c) => ({ value: c.slug, label: c.name }))} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
          {t('auth.login')}
        </Button>
      </Form>
      <Flex justify="center" gap={4} wrap style={{ marginTop: 20 }}>
        <Typography.Text type="secondary">{t('auth.noAccount')}</Typography.Text>
        <Link to="/signup">{t('auth.signupLink')}</Link>
      </Flex>
      <Divider plain style={{ margin: '20px 0 12px' }} />
      <Button type="link" block icon={<ExperimentOutlined />} loading={demoLoading} onClick={() => void tryDemo()} data-testid="try-demo"
        style={{ whiteSpace: 'normal', height: 'auto' }}>
        {t('auth.tryDemo')}
      </Button>
    </>
  );
}
