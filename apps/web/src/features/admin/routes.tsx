import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

// Each page is its own chunk: an admin opening one setting downloads only that page.
const OrganizationPage = lazy(() => import('./OrganizationPage.tsx'));
const RolesPage = lazy(() => import('./RolesPage.tsx'));
const CustomFieldsPage = lazy(() => import('./CustomFieldsPage.tsx'));
const NumberingPage = lazy(() => import('./NumberingPage.tsx'));
const ApiKeysPage = lazy(() => import('./ApiKeysPage.tsx'));
const EmailSettingsPage = lazy(() => import('./EmailSettingsPage.tsx'));
const AuditPage = lazy(() => import('./AuditPage.tsx'));

function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

/** Further admin settings pages, mounted under /settings (behind the admin guard) by app/router.tsx. */
export const adminSettingsRoutes: RouteObject[] = [
  { path: 'organization', element: page(OrganizationPage) },
  { path: 'roles', element: page(RolesPage) },
  { path: 'custom-fields', element: page(CustomFieldsPage) },
  { path: 'numbering', element: page(NumberingPage) },
  { path: 'api-keys', element: page(ApiKeysPage) },
  { path: 'email', element: page(EmailSettingsPage) },
  { path: 'audit', element: page(AuditPage) },
];
