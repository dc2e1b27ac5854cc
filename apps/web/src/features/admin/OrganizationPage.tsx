import { useMemo, useState } from 'react';
import { App, Avatar, Button, Card, Flex, Form, Input, Select, Typography, Upload } from 'antd';
import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Loading } from '../../components/Loading.tsx';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { meQueryKey } from '../auth/useMe.ts';
import { adminKeys, useOrganization, type OrganizationProfile } from './api.ts';
import { uploadFile } from './upload.ts';

interface Values {
  name: string;
  timeZone: string;
  currency: string;
  fiscalYearStartMonth: number;
}

/** Common choices first; the browser's full IANA list follows (where the browser can give it). */
const PREFERRED_ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'America/New_York', 'UTC'];
const CURRENCIES = [['CNY', '¥'], ['HKD', 'HK$'], ['TWD', 'NT$'], ['USD', '$'], ['EUR', '€'], ['JPY', '¥'], ['GBP', '£'], ['SGD', 'S$']] as const;

function timeZones(): string[] {
  const more = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return [...new Set([...PREFERRED_ZONES, ...more])];
}

export default function OrganizationPage() {
  const { t } = useTranslation();
  const org = useOrganization();
  if (!org.data) return <Loading />;
  return (
    <>
      <PageHeader title={t('admin.org.title')} description={t('admin.org.hint')} />
      <Flex gap={16} wrap align="flex-start">
        <Card title={t('admin.org.profile')} style={{ flex: '1 1 360px', maxWidth: 640 }}>
          <ProfileForm org={org.data} />
        </Card>
        <Card title={t('admin.org.logo')} style={{ flex: '1 1 260px', maxWidth: 360 }}>
          <LogoEditor org={org.data} />
        </Card>
      </Flex>
    </>
  );
}

function ProfileForm({ org }: { org: OrganizationProfile }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const zones = useMemo(() => timeZones().map((z) => ({ value: z, label: z })), []);
  const months = Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: t('admin.org.month', { n: i + 1 }) }));
  const { form, onFinish, submitting, error } = useServerForm<Values, OrganizationProfile>((v) => api.patch('/organization', { ...v, name: v.name.trim() }), {
    onSuccess: async (saved) => {
      message.success(t('common.saved'));
      queryClient.setQueryData(adminKeys.organization, saved);
      await queryClient.invalidateQueries({ queryKey: meQueryKey }); // the shell shows the name and formats by zone
    },
  });
  return (
    <>
      <FormError error={error} />
      <Form form={form} name="organization" layout="vertical" onFinish={onFinish}
        initialValues={{ name: org.name, timeZone: org.timeZone, currency: org.currency, fiscalYearStartMonth: org.fiscalYearStartMonth }}>
        <Form.Item name="name" label={t('admin.org.name')} rules={[{ required: true, whitespace: true, message: t('admin.org.name') }, { max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="timeZone" label={t('admin.org.timeZone')} extra={t('admin.org.timeZoneHint')}>
          <Select showSearch options={zones} />
        </Form.Item>
        <Form.Item name="currency" label={t('admin.org.currency')}>
          <Select options={CURRENCIES.map(([code, symbol]) => ({ value: code, label: `${code} · ${symbol} · ${t(`admin.currency.${code}`)}` }))} />
        </Form.Item>
        <Form.Item name="fiscalYearStartMonth" label={t('admin.org.fiscalYearStart')} extra={t('admin.org.fiscalYearHint')}>
          <Select options={months} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={submitting}>{t('common.save')}</Button>
      </Form>
    </>
  );
}

function LogoEditor({ org }: { org: OrganizationProfile }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);

  const setLogo = async (work: () => Promise<string | null>) => {
    setBusy(true);
    try {
      const logoFileId = await work();
      const saved = await api.patch<OrganizationProfile>('/organization', { logoFileId });
      queryClient.setQueryData(adminKeys.organization, saved);
      message.success(logoFileId ? t('admin.org.logoSaved') : t('admin.org.logoRemoved'));
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={12} align="flex-start">
      <Avatar shape="square" size={96} src={org.logoUrl ?? undefined} alt={t('admin.org.logo')}>
        {org.name.slice(0, 2)}
      </Avatar>
      <Typography.Text type="secondary">{t('admin.org.logoHint')}</Typography.Text>
      <Flex gap={8} wrap>
        <Upload accept="image/png,image/jpeg" showUploadList={false}
          beforeUpload={(file) => {
            void setLogo(async () => (await uploadFile(file)).id);
            return false; // we upload ourselves, through the files API
          }}>
          <Button icon={<UploadOutlined />} loading={busy}>{t('admin.org.uploadLogo')}</Button>
        </Upload>
        {org.logoFileId && (
          <Button icon={<DeleteOutlined />} disabled={busy} onClick={() => void setLogo(async () => null)}>{t('admin.org.removeLogo')}</Button>
        )}
      </Flex>
    </Flex>
  );
}
