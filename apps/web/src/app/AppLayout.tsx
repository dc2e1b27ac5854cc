import { lazy, Suspense, useState } from 'react';
import { Button, Drawer, Flex, Layout } from 'antd';
import { MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router-dom';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { Logo, LogoMark } from '../components/Logo.tsx';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import { useIsMobile } from '../lib/useIsMobile.ts';
import { NavMenu } from './NavMenu.tsx';
import { UserMenu } from './UserMenu.tsx';

// Search pulls in antd's Select machinery; loading it right after the first paint keeps it out of the
// initial bundle. The placeholder has the same size, so nothing jumps when it arrives.
const GlobalSearch = lazy(() => import('../features/search/GlobalSearch.tsx'));

const SIDER_WIDTH = 224;

function SearchPlaceholder({ mobile }: { mobile: boolean }) {
  return mobile
    ? <Button type="text" icon={<SearchOutlined />} disabled aria-hidden="true" />
    : <div style={{ width: 280, height: 32, border: '1px solid #d9d9d9', borderRadius: 8, background: '#fff' }} aria-hidden="true" />;
}

/** The signed-in shell: header (brand, search, language, bell, user), side navigation (a Drawer on phones), content. */
export function AppLayout() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a href="#main" className="ll-skip">{t('nav.skipToContent')}</a>
      <Layout.Header
        // lineHeight: antd's header line-height (its full height) would otherwise stretch the search input
        style={{ position: 'sticky', top: 0, zIndex: 10, borderBottom: '1px solid #eceef3', display: 'flex', alignItems: 'center', gap: isMobile ? 4 : 8, lineHeight: 1.5715 }}
      >
        {isMobile ? (
          <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.menu')} onClick={() => setDrawerOpen(true)} data-testid="nav-toggle" />
        ) : (
          <Button
            type="text"
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}
            aria-expanded={!collapsed}
            onClick={() => setCollapsed((c) => !c)}
          />
        )}
        <Link to="/" aria-label="Loopline" style={{ display: 'flex' }}>
          {isMobile ? <LogoMark /> : <Logo />}
        </Link>
        {!isMobile && (
          <div style={{ marginInlineStart: 24 }}>
            <Suspense fallback={<SearchPlaceholder mobile={false} />}><GlobalSearch /></Suspense>
          </div>
        )}
        <Flex align="center" gap={isMobile ? 0 : 8} style={{ marginInlineStart: 'auto' }}>
          {isMobile && <Suspense fallback={<SearchPlaceholder mobile />}><GlobalSearch mobile /></Suspense>}
          <LanguageSwitch signedIn compact={isMobile} />
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
        <Layout.Content id="main" tabIndex={-1} style={{ padding: isMobile ? 12 : 24, minWidth: 0, outline: 'none' }}>
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
