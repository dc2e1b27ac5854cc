import { createElement, useMemo } from 'react';
import { Menu, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { useMe } from '../features/auth/useMe.ts';
import { ApprovalNavBadge } from '../features/approvals/NavBadge.tsx';
import { activeNavPath, visibleNavigation } from './navigation.ts';
import { isRouted } from './routes.tsx';

/** Side navigation from app/navigation.ts; also rendered inside the phone Drawer. Keys are paths. */
export function NavMenu({ onNavigate, collapsed = false }: { onNavigate?: () => void; collapsed?: boolean }) {
  const { t } = useTranslation();
  const { me, isAdmin } = useMe();
  const location = useLocation();
  const navigate = useNavigate();

  const groups = useMemo(
    () => visibleNavigation({
      isAdmin,
      // admins may do everything; others by their role's object permissions
      canView: (type) => isAdmin || Boolean(me?.permissions.objects[type]?.includes('view')),
      isRouted,
    }),
    [isAdmin, me],
  );

  const items: MenuProps['items'] = groups.map((g) => {
    const children = g.items.map((i) => ({
      key: i.path,
      icon: createElement(i.icon),
      label: <><span data-testid={`nav-${i.label}`}>{t(`nav.${i.label}`)}</span>{i.path === '/approvals' && !collapsed && <ApprovalNavBadge />}</>,
    }));
    if (!g.label) return { key: g.key, type: 'group' as const, children };
    // Collapsed: headings would be clipped, a divider keeps the groups apart.
    return { key: g.key, type: 'group' as const, label: collapsed ? null : t(`nav.groups.${g.label}`), children };
  });
  const active = activeNavPath(location.pathname, groups);

  return (
    <nav aria-label={t('nav.menu')}>
      <Menu
        mode="inline"
        items={items}
        selectedKeys={active ? [active] : []}
        onClick={({ key }) => {
          navigate(key);
          onNavigate?.();
        }}
        style={{ borderInlineEnd: 'none', paddingInline: 4 }}
      />
    </nav>
  );
}
