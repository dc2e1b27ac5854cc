import { Menu, type MenuProps } from 'antd';
import {
  ApartmentOutlined, AuditOutlined, DesktopOutlined, HomeOutlined, MailOutlined, TeamOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { useMe } from '../features/auth/useMe.ts';

/** Side navigation; also rendered inside the phone Drawer. Keys are paths so the active item follows the URL. */
export function NavMenu({ onNavigate, collapsed = false }: { onNavigate?: () => void; collapsed?: boolean }) {
  const { t } = useTranslation();
  const { isAdmin } = useMe();
  const location = useLocation();
  const navigate = useNavigate();

  const items: MenuProps['items'] = [
    { key: '/', icon: <HomeOutlined />, label: t('nav.home') },
    isAdmin
      ? {
          key: 'settings', type: 'group', label: collapsed ? null : t('nav.settings'),
          children: [
            { key: '/settings/users', icon: <TeamOutlined />, label: t('nav.users') },
            { key: '/settings/departments', icon: <ApartmentOutlined />, label: t('nav.departments') },
            { key: '/settings/outbox', icon: <MailOutlined />, label: t('nav.outbox') },
            { key: '/settings/login-logs', icon: <AuditOutlined />, label: t('nav.loginLogs') },
          ],
        }
      : null,
    {
      key: 'account', type: 'group', label: collapsed ? null : t('nav.account'),
      children: [{ key: '/account/sessions', icon: <DesktopOutlined />, label: t('nav.sessions') }],
    },
  ];

  return (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={[location.pathname]}
      onClick={({ key }) => {
        navigate(key);
        onNavigate?.();
      }}
      style={{ borderInlineEnd: 'none', paddingInline: 4 }}
    />
  );
}
