import { App, Button, Card, Flex, Popconfirm, Progress, Typography } from 'antd';
import { CheckCircleFilled, ExperimentOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isRouted } from '../../app/routes.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useDismissOnboarding, useLoadSampleData, type OnboardingState, type StepKey } from './api.ts';

/** Where each step is done. A step whose page does not exist yet is left out: no dead ends. */
const STEP_LINKS: Record<StepKey, string> = {
  invite: '/settings/users',
  departments: '/settings/departments',
  customers: '/customers',
};

/** The admin's checklist for a new organization; each step ticks itself from real data. */
export function GettingStarted({ state }: { state: OnboardingState }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const dismiss = useDismissOnboarding();
  const steps = state.steps.filter((s) => isRouted(STEP_LINKS[s.key]));
  const done = steps.filter((s) => s.done).length;

  const hide = () =>
    dismiss.mutate(true, { onSuccess: () => message.success(t('onboarding.dismissed')), onError: (err) => message.error(errorMessage(err)) });

  return (
    <Card
      data-testid="onboarding"
      title={t('onboarding.title')}
      extra={<Button type="link" size="small" onClick={hide} loading={dismiss.isPending} data-testid="onboarding-dismiss">{t('onboarding.dismiss')}</Button>}
    >
      <Flex align="center" gap={12} style={{ marginBottom: 8 }}>
        <Progress percent={steps.length ? Math.round((done / steps.length) * 100) : 100} showInfo={false} size="small" style={{ flex: 1, margin: 0 }} />
        <Typography.Text type="secondary" style={{ flex: 'none' }}>{t('onboarding.progress', { done, total: steps.length })}</Typography.Text>
      </Flex>
      {done === steps.length && <Typography.Paragraph type="success">{t('onboarding.allDone')}</Typography.Paragraph>}
      <Flex vertical component="ol" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {steps.map((s) => (
          <li key={s.key} data-testid={`onboarding-step-${s.key}`} data-done={s.done}>
            <Link to={STEP_LINKS[s.key]} style={{ color: 'inherit', display: 'block', borderRadius: 8 }}>
              <Flex align="center" gap={12} style={{ padding: '10px 4px' }}>
                {s.done
                  ? <CheckCircleFilled style={{ fontSize: 22, color: '#16a34a' }} aria-label={t('onboarding.done')} />
                  : <span style={{ width: 22, height: 22, borderRadius: '50%', border: '2px solid #c7c9d9', flex: 'none' }} aria-hidden="true" />}
                <Flex vertical style={{ flex: 1, minWidth: 0 }}>
                  <Typography.Text strong delete={s.done} type={s.done ? 'secondary' : undefined}>{t(`onboarding.steps.${s.key}.title`)}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>{t(`onboarding.steps.${s.key}.desc`)}</Typography.Text>
                </Flex>
                {!s.done && <Typography.Text style={{ color: '#4f46e5', flex: 'none' }}>{t('onboarding.go')} <RightOutlined /></Typography.Text>}
              </Flex>
            </Link>
          </li>
        ))}
      </Flex>
    </Card>
  );
}

/** "Load sample data": 20 sample companies owned by the admin, once per organization. */
export function SampleData() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const load = useLoadSampleData();
  return (
    <Card size="small" data-testid="sample-data">
      <Flex align="center" gap={12} wrap>
        <ExperimentOutlined style={{ fontSize: 22, color: '#4f46e5' }} />
        <Flex vertical style={{ flex: '1 1 220px', minWidth: 0 }}>
          <Typography.Text strong>{t('onboarding.sampleTitle')}</Typography.Text>
          <Typography.Text type="secondary">{t('onboarding.sampleDesc')}</Typography.Text>
        </Flex>
        <Popconfirm title={t('onboarding.sampleConfirm')} onConfirm={() =>
          load.mutateAsync().then(
            (r) => void message.success(t('onboarding.sampleLoaded', { count: r.customers })),
            (err: unknown) => void message.error(errorMessage(err)),
          )}>
          <Button loading={load.isPending} data-testid="load-sample-data">{t('onboarding.sampleLoad')}</Button>
        </Popconfirm>
      </Flex>
    </Card>
  );
}
