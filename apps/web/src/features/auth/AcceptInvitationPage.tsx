import { useState } from 'react';
import { Button, Form, Input, Result } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';
import { api } from '../../lib/api.ts';
import { compact, FormError, useServerForm } from '../../lib/forms.tsx';
import { AuthHeading } from './AuthLayout.tsx';
import { rules } from './rules.ts';
import type { AuthResult, InvitationInfo } from './types.ts';
import { useSession } from './useMe.ts';

interface AcceptValues {
  name: string;
  mobile?: string;
  password: string;
  confirm: string;
}

export default function AcceptInvitationPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { signedIn } = useSession();
  // Once accepted the token is spent: signing in clears the query cache, and a refetch now would
  // flash "invitation invalid" while we move on to the home page.
  const [accepted, setAccepted] = useState(false);
  const invitation = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => api.get<InvitationInfo>(`/auth/invitations/${encodeURIComponent(token)}`),
    enabled: Boolean(token) && !accepted,
    retry: false,
  });
  const { form, onFinish, submitting, error } = useServerForm<AcceptValues, AuthResult>(
    ({ confirm: _confirm, ...values }) => api.post<AuthResult>('/auth/invitations/accept', { token, ...compact(values) }),
    {
      onSuccess: () => {
        setAccepted(true);
        return signedIn('/');
      },
    },
  );

  if (accepted || (token && invitation.isPending)) return <Loading />;
  if (!token || invitation.isError || !invitation.data) {
    return (
      <Result status="warning" title={token ? t('auth.inviteInvalid') : t('auth.tokenMissing')}
        extra={<Link to="/login"><Button>{t('auth.loginLink')}</Button></Link>} />
    );
  }
  const info = invitation.data;

  return (
    <>
      <AuthHeading title={t('auth.inviteTitle', { organization: info.organizationName })}
        subtitle={t('auth.inviteSubtitle', { email: info.email })} />
      <FormError error={error} />
      <Form form={form} name="accept" layout="vertical" onFinish={onFinish} requiredMark={false} size="large"
        initialValues={{ name: info.name ?? '' }}>
        <Form.Item label={t('auth.email')}>
          <Input value={info.email} disabled autoComplete="username" />
        </Form.Item>
        <Form.Item name="name" label={t('auth.name')} rules={[rules.required(t('auth.name')), { max: 60 }]}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item name="mobile" label={`${t('auth.mobile')} (${t('common.optional')})`} rules={[rules.mobile()]}>
          <Input type="tel" autoComplete="tel" inputMode="tel" />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[rules.password()]} extra={t('auth.passwordHint')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="confirm" label={t('auth.passwordConfirm')} dependencies={['password']}
          rules={[{ required: true, message: t('auth.passwordMismatch') }, rules.sameAs('password')]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting}>{t('auth.inviteAccept')}</Button>
      </Form>
    </>
  );
}
