/** Home: "待我审批" — the first few approvals waiting for the user, each linking to it; hidden when nothing waits. */
import { Card, List, Space, Typography } from 'antd';
import { AuditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { fromNow } from '../../lib/format.ts';
import { useInbox } from './api.ts';

export function ApprovalsHomeCard() {
  const { t } = useTranslation();
  const inbox = useInbox('waiting', 0, 5);
  const items = inbox.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Card size="small" data-testid="home-approvals" title={<Space><AuditOutlined />{t('approvals.home.title')} · {inbox.data?.total ?? items.length}</Space>}
      extra={<Link to="/approvals">{t('approvals.home.all')}</Link>}>
      <List size="small" dataSource={items} renderItem={(i) => (
        <List.Item key={i.instanceId} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{fromNow(i.submittedAt)}</Typography.Text>}>
          <Link to={`/approvals/${i.instanceId}`} className="ll-break">{i.title}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>{i.submittedByName}</Typography.Text>
        </List.Item>
      )} />
    </Card>
  );
}
