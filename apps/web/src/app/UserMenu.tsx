import { Avatar, Dropdown, Flex, Typography } from 'antd';
import { DesktopOutlined, LogoutOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMe, useSession } from '../features/auth/useMe.ts';

/** Avatar with the user's and organization's name; opens account links and log out. */
export function UserMenu({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const { logout } = useSession();
  const navigate = useNavigate();
  if (!me) return null;
  const initial = me.user.name.trim().slice(0, 1).toUpperCase() || '?';

  return (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{
        items: [
          { key: 'who', disabled: true, label: <span className="ll-break">{me.user.email ?? me.user.mobile}</span> },
          { type: 'divider' },
          { key: 'sessions', icon: <DesktopOutlined />, label: t('nav.sessions') },
          { key: 'logout', icon: <LogoutOutlined />, danger: true, label: <span data-testid="logout">{t('nav.logout')}</span> },
        ],
        onClick: ({ key }) => {
          if (key === 'sessions') navigate('/account/sessions');
          if (key === 'logout') void logout();
        },
      }}
    >
      <Flex align="center" gap={8} style={{ cursor: 'pointer' }} role="button" tabIndex={0} data-testid="user-menu">
        <Avatar style={{ background: '#4f46e5', flex: 'none' }}>{initial}</Avatar>
        {!compact && (
          <Flex vertical style={{ lineHeight: 1.25, maxWidth: 180 }}>
            <Typography.Text strong ellipsis>{me.user.name}</Typography.Text>
            <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>{me.tenant.name}</Typography.Text>
          </Flex>
        )}
      </Flex>
    </Dropdown>
  );
}
