import { useState } from 'react';
import { Button, Drawer, Flex, Layout } from 'antd';
import { MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router-dom';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { Logo, LogoMark } from '../components/Logo.tsx';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import { useIsMobile } from '../lib/useIsMobile.ts';
import { NavMenu } from './NavMenu.tsx';
import { UserMenu } from './UserMenu.tsx';

const SIDER_WIDTH = 224;

/** The signed-in shell: header (brand, language, bell, user), side navigation (a Drawer on phones), content. */
export function AppLayout() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ position: 'sticky', top: 0, zIndex: 10, borderBottom: '1px solid #eceef3', display: 'flex', alignItems: 'center', gap: 8 }}
      >
        {isMobile ? (
          <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.menu')} onClick={() => setDrawerOpen(true)} data-testid="nav-toggle" />
        ) : (
          <Button
            type="text"
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}
            onClick={() => setCollapsed((c) => !c)}
          />
        )}
        <Link to="/" aria-label="Loopline" style={{ display: 'flex' }}>
          {isMobile ? <LogoMark /> : <Logo />}
        </Link>
        <Flex align="center" gap={isMobile ? 2 : 8} style={{ marginInlineStart: 'auto' }}>
          <LanguageSwitch signedIn />
          <NotificationBell />
          <UserMenu compact={isMobile} />
        </Flex>
      </Layout.Header>
      <Layout>
        {!isMobile && (
          <Layout.Sider
            width={SIDER_WIDTH}
            collapsedWidth={64}
            collapsed={collapsed}
            trigger={null}
            style={{ borderInlineEnd: '1px solid #eceef3', paddingTop: 8 }}
          >
            <NavMenu collapsed={collapsed} />
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: isMobile ? 12 : 24, minWidth: 0 }}>
          <div style={{ maxWidth: 1200, margin: '0 auto' }}>
            <Outlet />
          </div>
        </Layout.Content>
      </Layout>
      {isMobile && (
        <Drawer
          placement="left"
          size={SIDER_WIDTH + 36}
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          title={<Logo size={24} />}
          styles={{ body: { padding: '8px 4px' } }}
        >
          <NavMenu onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      )}
    </Layout>
  );
}
