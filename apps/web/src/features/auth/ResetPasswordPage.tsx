import { useState } from 'react';
import { Button, Form, Input, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, isApiError } from '../../lib/api.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { AuthHeading } from './AuthLayout.tsx';
import { rules } from './rules.ts';

interface ResetValues {
  password: string;
  confirm: string;
}

export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [state, setState] = useState<'form' | 'done' | 'invalid'>(token ? 'form' : 'invalid');
  const { form, onFinish, submitting, error } = useServerForm<ResetValues>(
    (values) => api.post('/auth/password/reset', { token, password: values.password }),
    {
      onSuccess: () => setState('done'),
      onError: (err) => {
        if (!isApiError(err, 'INVALID_TOKEN')) return undefined;
        setState('invalid');
        return null;
      },
    },
  );

  if (state === 'done') {
    return (
      <Result status="success" title={t('auth.resetDone')}
        extra={<Link to="/login"><Button type="primary">{t('auth.loginLink')}</Button></Link>} />
    );
  }
  if (state === 'invalid') {
    return (
      <Result status="warning" title={token ? t('auth.tokenInvalid') : t('auth.tokenMissing')}
        extra={<Link to="/forgot-password"><Button type="primary">{t('auth.requestNewLink')}</Button></Link>} />
    );
  }

  return (
    <>
      <AuthHeading title={t('auth.resetTitle')} />
      <FormError error={error} />
      <Form form={form} name="reset" layout="vertical" onFinish={onFinish} requiredMark={false} size="large">
        <Form.Item name="password" label={t('auth.password')} rules={[rules.password()]} extra={t('auth.passwordHint')}>
          <Input.Password autoComplete="new-password" autoFocus />
        </Form.Item>
        <Form.Item name="confirm" label={t('auth.passwordConfirm')} dependencies={['password']}
          rules={[{ required: true, message: t('auth.passwordMismatch') }, rules.sameAs('password')]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting}>{t('auth.resetSubmit')}</Button>
      </Form>
    </>
  );
}
