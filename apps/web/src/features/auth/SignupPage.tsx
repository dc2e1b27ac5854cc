import { Button, Flex, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../lib/api.ts';
import { compact, FormError, useServerForm } from '../../lib/forms.tsx';
import { currentLocale } from '../../lib/i18n.ts';
import { AuthHeading } from './AuthLayout.tsx';
import { rules } from './rules.ts';
import type { AuthResult } from './types.ts';
import { useSession } from './useMe.ts';

interface SignupValues {
  organizationName: string;
  name: string;
  email: string;
  mobile?: string;
  password: string;
}

function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

export default function SignupPage() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const { form, onFinish, submitting, error } = useServerForm<SignupValues, AuthResult>(
    // The organization starts in the language and time zone the founder is using right now.
    (values) => api.post<AuthResult>('/auth/signup', { ...compact(values), locale: currentLocale(), timeZone: browserTimeZone() }),
    { onSuccess: () => signedIn('/') },
  );

  return (
    <>
      <AuthHeading title={t('auth.signupTitle')} subtitle={t('auth.signupSubtitle')} />
      <FormError error={error} />
      <Form form={form} name="signup" layout="vertical" onFinish={onFinish} requiredMark={false} size="large">
        <Form.Item name="organizationName" label={t('auth.organizationName')}
          rules={[rules.required(t('auth.organizationName')), { min: 2, max: 100 }]}>
          <Input autoComplete="organization" placeholder={t('auth.organizationPlaceholder')} autoFocus />
        </Form.Item>
        <Form.Item name="name" label={t('auth.name')} rules={[rules.required(t('auth.name')), { max: 60 }]}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item name="email" label={t('auth.email')} rules={[rules.required(t('auth.email')), rules.email()]}>
          <Input type="email" autoComplete="email" inputMode="email" />
        </Form.Item>
        <Form.Item name="mobile" label={`${t('auth.mobile')} (${t('common.optional')})`} rules={[rules.mobile()]}>
          <Input type="tel" autoComplete="tel" inputMode="tel" />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[rules.password()]} extra={t('auth.passwordHint')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="signup-submit">
          {t('auth.signup')}
        </Button>
      </Form>
      <Flex justify="center" gap={4} wrap style={{ marginTop: 20 }}>
        <Typography.Text type="secondary">{t('auth.haveAccount')}</Typography.Text>
        <Link to="/login">{t('auth.loginLink')}</Link>
      </Flex>
    </>
  );
}
