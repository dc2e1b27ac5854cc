import type { ReactNode } from 'react';
import { Card, Col, Flex, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import { ApartmentOutlined, MailOutlined, TeamOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../auth/useMe.ts';
import { useDepartments, useUsers } from '../settings/api.ts';

/** Welcome page with what the organization really has (members, invitations, departments). */
export default function HomePage() {
  const { t } = useTranslation();
  const { me, isAdmin } = useMe();
  // Counts come from the list endpoints; pageSize 1 because only `total` is needed.
  const active = useUsers({ status: 'active', pageSize: 1 });
  const invited = useUsers({ status: 'invited', pageSize: 1 });
  // The root department is the organization itself, so it is not counted as a department.
  const departments = useDepartments();
  if (!me) return null;

  const stat = (testId: string, title: string, value: number | undefined, loading: boolean, icon: ReactNode, to: string) => {
    const card = (
      <Card hoverable={isAdmin} size="small" data-testid={testId}>
        {loading ? <Skeleton active paragraph={false} /> : <Statistic title={title} value={value ?? '—'} prefix={icon} />}
      </Card>
    );
    // Members see the numbers; only admins can open the pages behind them.
    return <Col xs={8}>{isAdmin ? <Link to={to}>{card}</Link> : card}</Col>;
  };

  const steps = [
    { to: '/settings/users', icon: <TeamOutlined />, title: t('home.stepInvite'), desc: t('home.stepInviteDesc') },
    { to: '/settings/departments', icon: <ApartmentOutlined />, title: t('home.stepDepartments'), desc: t('home.stepDepartmentsDesc') },
    { to: '/settings/outbox', icon: <MailOutlined />, title: t('home.stepOutbox'), desc: t('home.stepOutboxDesc') },
  ];

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
        {stat('stat-members', t('home.activeMembers'), active.data?.total, active.isPending, <TeamOutlined />, '/settings/users')}
        {stat('stat-invited', t('home.invited'), invited.data?.total, invited.isPending, <MailOutlined />, '/settings/users')}
        {stat('stat-departments', t('home.departments'), departments.data?.filter((d) => d.parentId).length, departments.isPending, <ApartmentOutlined />, '/settings/departments')}
      </Row>

      {isAdmin && (
        <Card title={t('home.gettingStarted')} size="small">
          <Flex vertical>
            {steps.map((s) => (
              <Link key={s.to} to={s.to} style={{ color: 'inherit' }}>
                <Flex align="center" gap={12} style={{ padding: '10px 4px' }}>
                  <span style={{ fontSize: 20, color: '#4f46e5' }}>{s.icon}</span>
                  <Flex vertical style={{ flex: 1, minWidth: 0 }}>
                    <Typography.Text strong>{s.title}</Typography.Text>
                    <Typography.Text type="secondary">{s.desc}</Typography.Text>
                  </Flex>
                  <RightOutlined style={{ color: '#bbb' }} />
                </Flex>
              </Link>
            ))}
          </Flex>
        </Card>
      )}
      <Typography.Text type="secondary">{t('home.comingSoon')}</Typography.Text>
    </Flex>
  );
}
