import { App, Button, Card, Descriptions, Form, Input, Radio } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api } from '../../lib/api.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { currentLocale, LOCALES, setLocale, type Locale } from '../../lib/i18n.ts';
import { rules } from '../auth/rules.ts';
import type { CurrentUser } from '../auth/types.ts';
import { meQueryKey, useMe } from '../auth/useMe.ts';

interface ProfileValues {
  name: string;
  mobile?: string;
  locale: Locale;
}

/** The user's own name, mobile and language (PATCH /auth/me); the organization's settings shown for context. */
export default function ProfilePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { me } = useMe();
  const { form, onFinish, submitting, error } = useServerForm<ProfileValues, CurrentUser>(
    (v) => api.patch<CurrentUser>('/auth/me', { name: v.name.trim(), mobile: v.mobile?.trim() || null, locale: v.locale }),
    {
      onSuccess: async (_user, v) => {
        if (v.locale !== currentLocale()) await setLocale(v.locale);
        await queryClient.invalidateQueries({ queryKey: meQueryKey });
        message.success(t('profile.saved'));
      },
    },
  );
  if (!me) return null;

  return (
    <>
      <PageHeader title={t('profile.title')} description={t('profile.hint')} />
      <Card style={{ maxWidth: 560 }}>
        <FormError error={error} />
        <Form form={form} name="profile" layout="vertical" onFinish={onFinish} requiredMark={false}
          initialValues={{ name: me.user.name, mobile: me.user.mobile ?? '', locale: me.user.locale ?? currentLocale() }}>
          <Form.Item label={t('profile.email')}>
            <Input value={me.user.email ?? '—'} disabled autoComplete="email" />
          </Form.Item>
          <Form.Item name="name" label={t('profile.name')} rules={[rules.required(t('profile.name')), { max: 60 }]}>
            <Input autoComplete="name" maxLength={60} />
          </Form.Item>
          <Form.Item name="mobile" label={`${t('profile.mobile')} (${t('common.optional')})`} rules={[rules.mobile()]}>
            <Input type="tel" inputMode="tel" autoComplete="tel" />
          </Form.Item>
          <Form.Item name="locale" label={t('profile.language')}>
            <Radio.Group optionType="button" options={LOCALES.map((l) => ({ value: l, label: t(`lang.${l}`) }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={submitting} data-testid="profile-save">{t('common.save')}</Button>
        </Form>
      </Card>
      <Card size="small" style={{ maxWidth: 560, marginTop: 16 }}>
        <Descriptions column={1} size="small" items={[
          { key: 'org', label: t('profile.organization'), children: me.tenant.name },
          { key: 'tz', label: t('profile.timeZone'), children: me.tenant.timeZone },
          { key: 'cur', label: t('profile.currency'), children: me.tenant.currency },
        ]} />
      </Card>
    </>
  );
}
