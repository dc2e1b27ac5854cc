import { Avatar, Dropdown, Flex, Typography } from 'antd';
import { CheckOutlined, DesktopOutlined, GlobalOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useChangeLanguage } from '../components/LanguageSwitch.tsx';
import { useMe, useSession } from '../features/auth/useMe.ts';
import { currentLocale, LOCALES, type Locale } from '../lib/i18n.ts';

/** Avatar with the user's and organization's name; opens profile, devices, language and log out. */
export function UserMenu({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const { logout } = useSession();
  const navigate = useNavigate();
  const changeLanguage = useChangeLanguage(true);
  if (!me) return null;
  const initial = me.user.name.trim().slice(0, 1).toUpperCase() || '?';
  const locale = currentLocale();

  return (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{
        items: [
          { key: 'who', disabled: true, label: <span className="ll-break">{me.user.email ?? me.user.mobile}</span> },
          { type: 'divider' },
          { key: 'profile', icon: <UserOutlined />, label: <span data-testid="menu-profile">{t('nav.profile')}</span> },
          { key: 'sessions', icon: <DesktopOutlined />, label: t('nav.sessions') },
          {
            key: 'language', icon: <GlobalOutlined />, label: t('lang.label'),
            children: LOCALES.map((l) => ({ key: `lang:${l}`, label: t(`lang.${l}`), extra: l === locale ? <CheckOutlined /> : null })),
          },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, danger: true, label: <span data-testid="logout">{t('nav.logout')}</span> },
        ],
        onClick: ({ key }) => {
          if (key === 'profile') navigate('/account/profile');
          if (key === 'sessions') navigate('/account/sessions');
          if (key.startsWith('lang:')) changeLanguage(key.slice(5) as Locale);
          if (key === 'logout') void logout();
        },
      }}
    >
      {/* A real button: reachable with Tab, opened with Enter or Space. */}
      <button type="button" className="ll-plain-button" data-testid="user-menu" aria-label={me.user.name}>
        <Flex align="center" gap={8}>
          <Avatar style={{ background: '#4f46e5', flex: 'none' }}>{initial}</Avatar>
          {!compact && (
            <Flex vertical style={{ lineHeight: 1.25, maxWidth: 180, textAlign: 'start' }}>
              <Typography.Text strong ellipsis>{me.user.name}</Typography.Text>
              <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>{me.tenant.name}</Typography.Text>
            </Flex>
          )}
        </Flex>
      </button>
    </Dropdown>
  );
}
