import { App, Button, Card, Form, Radio, Select, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { assignmentKeys, usePools, type AssignmentSettings, type Fallback, type Person } from './api.ts';
import { PersonSelect } from './PersonSelect.tsx';

/** What happens to a lead no rule assigns: a default owner, a public pool, or nobody yet. */
export function FallbackCard({ settings, people }: { settings: AssignmentSettings; people: Person[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const pools = usePools();
  const { form, onFinish, submitting, error } = useServerForm<AssignmentSettings, AssignmentSettings>(
    (v) => api.put<AssignmentSettings>('/assignment-settings', {
      fallback: v.fallback,
      defaultOwnerId: v.fallback === 'owner' ? v.defaultOwnerId ?? null : null,
      poolId: v.fallback === 'pool' ? v.poolId ?? null : null,
    }),
    {
      onSuccess: (saved) => {
        queryClient.setQueryData(assignmentKeys.settings, saved);
        message.success(t('assignment.fallback.saved'));
      },
    },
  );
  const fallback = (Form.useWatch('fallback', form) as Fallback | undefined) ?? settings.fallback;
  const choices: Fallback[] = ['owner', 'pool', 'none'];

  return (
    <Card title={t('assignment.fallback.title')} size="small" style={{ flex: '1 1 320px' }} data-testid="assignment-fallback">
      <Typography.Paragraph type="secondary">{t('assignment.fallback.hint')}</Typography.Paragraph>
      <FormError error={error} />
      <Form form={form} layout="vertical" name="assignment-fallback" initialValues={settings} onFinish={onFinish}>
        <Form.Item name="fallback">
          <Radio.Group options={choices.map((c) => ({ value: c, label: t(`assignment.fallback.${c}`) }))} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} />
        </Form.Item>
        {fallback === 'owner' && (
          <Form.Item name="defaultOwnerId" label={t('assignment.fallback.defaultOwner')} rules={[{ required: true }]}>
            <PersonSelect people={people} />
          </Form.Item>
        )}
        {fallback === 'pool' && (
          <Form.Item name="poolId" label={t('assignment.fallback.pool_')} rules={[{ required: true }]}>
            <Select loading={pools.isLoading} options={(pools.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
              notFoundContent={t('assignment.fallback.noPools')} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={submitting}>{t('common.save')}</Button>
      </Form>
    </Card>
  );
}
