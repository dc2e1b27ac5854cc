import type { ReactNode } from 'react';
import { Card, Col, Flex, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import { ApartmentOutlined, BankOutlined, MailOutlined, TeamOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isRouted } from '../../app/routes.tsx';
import { useMe } from '../auth/useMe.ts';
import { useOnboarding } from '../onboarding/api.ts';
import { GettingStarted, SampleData } from '../onboarding/GettingStarted.tsx';
import { TodoPanel } from '../todo/TodoPanel.tsx';
import { ApprovalsHomeCard } from '../approvals/HomeCard.tsx';

interface Stat {
  testId: string;
  title: string;
  value: number | undefined;
  icon: ReactNode;
  /** only linked when the user may open it */
  to: string | null;
}

/** Home: who and where you are, what waits for you (to-do), what the organization has, and — for a new one — how to get going. */
export default function HomePage() {
  const { t } = useTranslation();
  const { me, isAdmin } = useMe();
  const onboarding = useOnboarding();
  if (!me) return null;
  const counts = onboarding.data?.counts;
  const canSeeCustomers = isRouted('/customers') && (isAdmin || Boolean(me.permissions.objects.customer?.includes('view')));

  const stats: Stat[] = [
    { testId: 'stat-members', title: t('home.activeMembers'), value: counts?.activeUsers, icon: <TeamOutlined />, to: isAdmin ? '/settings/users' : null },
    { testId: 'stat-invited', title: t('home.invited'), value: counts?.invitedUsers, icon: <MailOutlined />, to: isAdmin ? '/settings/users' : null },
    { testId: 'stat-departments', title: t('home.departments'), value: counts?.departments, icon: <ApartmentOutlined />, to: isAdmin ? '/settings/departments' : null },
    ...(canSeeCustomers ? [{ testId: 'stat-customers', title: t('home.customers'), value: counts?.customers, icon: <BankOutlined />, to: '/customers' }] : []),
  ];
  const state = onboarding.data;

  return (
    <Flex vertical gap={20}>
      <div>
        <Typography.Title level={2} style={{ margin: 0 }} data-testid="home-greeting">{t('home.greeting', { name: me.user.name })}</Typography.Title>
        <Flex gap={8} align="center" wrap style={{ marginTop: 4 }}>
          <Typography.Text type="secondary" data-testid="home-org">{t('home.subtitle', { organization: me.tenant.name })}</Typography.Text>
          <Tag color={isAdmin ? 'purple' : 'default'}>{isAdmin ? t('home.admin') : t('home.member')}</Tag>
        </Flex>
      </div>

      <Row gutter={[12, 12]}>
        {stats.map((s) => {
          const card = (
            <Card hoverable={Boolean(s.to)} size="small" data-testid={s.testId}>
              {onboarding.isPending ? <Skeleton active paragraph={false} /> : <Statistic title={s.title} value={s.value ?? '—'} prefix={s.icon} />}
            </Card>
          );
          return <Col key={s.testId} xs={12} md={24 / stats.length}>{s.to ? <Link to={s.to}>{card}</Link> : card}</Col>;
        })}
      </Row>

      {isRouted('/todo') && <TodoPanel />}
      {isRouted('/approvals') && <ApprovalsHomeCard />}

      {isAdmin && state && !state.dismissed && <GettingStarted state={state} />}
      {isAdmin && state && !state.sampleDataLoaded && <SampleData />}
    </Flex>
  );
}
