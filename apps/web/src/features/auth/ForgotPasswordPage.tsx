import { useState } from 'react';
import { Button, Form, Input, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../lib/api.ts';
import { compact, FormError, useServerForm } from '../../lib/forms.tsx';
import { AuthHeading } from './AuthLayout.tsx';
import { rules } from './rules.ts';

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  const { form, onFinish, submitting, error } = useServerForm<{ identifier: string }>(
    (values) => api.post('/auth/password/forgot', compact(values)),
    { onSuccess: () => setSent(true) },
  );

  // The server answers 202 whether or not the account exists, so we never reveal who has an account.
  if (sent) {
    return (
      <Result status="success" title={t('auth.forgotSent')} subTitle={t('auth.forgotSentHint')}
        extra={<Link to="/login"><Button type="primary">{t('auth.loginLink')}</Button></Link>} />
    );
  }

  return (
    <>
      <AuthHeading title={t('auth.forgotTitle')} subtitle={t('auth.forgotSubtitle')} />
      <FormError error={error} />
      <Form form={form} name="forgot" layout="vertical" onFinish={onFinish} requiredMark={false} size="large">
        <Form.Item name="identifier" label={t('auth.identifier')} rules={[rules.required(t('auth.identifier'))]}>
          <Input autoComplete="username" placeholder={t('auth.identifierPlaceholder')} autoFocus />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting}>{t('auth.sendLink')}</Button>
      </Form>
      <div style={{ marginTop: 20, textAlign: 'center' }}>
        <Link to="/login">{t('common.back')}</Link>
      </div>
    </>
  );
}
