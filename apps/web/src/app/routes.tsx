/**
 * The pages inside the signed-in shell. Every page is its own lazily loaded chunk (React.lazy), so the
 * first visit downloads only the shell plus the page in view. The navigation reads this table too:
 * a menu entry appears only once its page is routed here (see navigation.ts), so nothing links nowhere.
 */
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { matchPath, type RouteObject } from 'react-router-dom';
import { Loading } from '../components/Loading.tsx';
import { NotFound } from '../components/status.tsx';
import { customerRoutes } from '../features/customers/routes.tsx';
import { adminSettingsRoutes } from '../features/admin/routes.tsx';
import { leadRoutes, leadSettingsRoutes } from '../features/leads/routes.tsx';
import { contactRoutes } from '../features/contacts/routes.tsx';
import { dedupeRoutes } from '../features/dedupe/routes.tsx';
import { publicPoolRoutes, publicPoolSettingsRoutes } from '../features/publicPool/routes.tsx';
import { importRoutes } from '../features/imports/routes.tsx';
import { todoRoutes } from '../features/todo/routes.tsx';
import { assignmentSettingsRoutes } from '../features/assignment/routes.tsx';
import { webFormSettingsRoutes } from '../features/webForms/routes.tsx';
import { followupRoutes } from '../features/followups/routes.tsx';
import { taskRoutes } from '../features/tasks/routes.tsx';
import { flowSettingsRoutes } from '../features/flows/routes.tsx';
import { flowRunSettingsRoutes } from '../features/flowRuns/routes.tsx';
import { productRoutes, productSettingsRoutes } from '../features/products/routes.tsx';
import { opportunityRoutes, opportunitySettingsRoutes } from '../features/opportunities/routes.tsx';
import { approvalRoutes, approvalSettingsRoutes } from '../features/approvals/routes.tsx';
import { quoteRoutes, quoteSettingsRoutes } from '../features/quotes/routes.tsx';
import { contractRoutes, orderRoutes } from '../features/contracts/routes.tsx';
import { paymentRoutes, invoiceRoutes } from '../features/payments/routes.tsx';
import { printTemplateSettingsRoutes } from '../features/printTemplates/routes.tsx';
import { RequireAdmin } from './guards.tsx';

const HomePage = lazy(() => import('../features/home/HomePage.tsx'));
const UsersPage = lazy(() => import('../features/settings/UsersPage.tsx'));
const DepartmentsPage = lazy(() => import('../features/settings/DepartmentsPage.tsx'));
const OutboxPage = lazy(() => import('../features/settings/OutboxPage.tsx'));
const LoginLogPage = lazy(() => import('../features/settings/LoginLogPage.tsx'));
const MySessionsPage = lazy(() => import('../features/account/MySessionsPage.tsx'));
const ProfilePage = lazy(() => import('../features/account/ProfilePage.tsx'));

export function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

/** Settings pages routed here unless the admin feature already provides the same path. */
const coreSettings: RouteObject[] = [
  { path: 'users', element: page(UsersPage) },
  { path: 'departments', element: page(DepartmentsPage) },
  { path: 'outbox', element: page(OutboxPage) },
  { path: 'login-logs', element: page(LoginLogPage) },
].filter((r) => !adminSettingsRoutes.some((a) => a.path === r.path));

export const shellRoutes: RouteObject[] = [
  { index: true, element: page(HomePage) },
  { path: 'settings', element: <RequireAdmin />, children: [...adminSettingsRoutes, ...coreSettings, ...assignmentSettingsRoutes, ...webFormSettingsRoutes, ...publicPoolSettingsRoutes, ...leadSettingsRoutes, ...flowSettingsRoutes, ...flowRunSettingsRoutes, ...productSettingsRoutes, ...opportunitySettingsRoutes, ...approvalSettingsRoutes, ...quoteSettingsRoutes, ...printTemplateSettingsRoutes] },
  ...customerRoutes,
  ...leadRoutes, ...contactRoutes, ...dedupeRoutes, ...publicPoolRoutes, ...importRoutes, ...todoRoutes, ...followupRoutes, ...taskRoutes,
  ...productRoutes, ...opportunityRoutes, ...approvalRoutes, ...quoteRoutes, ...contractRoutes, ...orderRoutes, ...paymentRoutes, ...invoiceRoutes,
  { path: 'account/profile', element: page(ProfilePage) },
  { path: 'account/sessions', element: page(MySessionsPage) },
];

/**
 * Full path patterns of every routed page ("/settings/users", "/customers/:id"), the catch-all left out.
 * A route with children is a layout (e.g. the admin guard); its page, if any, is its index child.
 */
export function routePatterns(routes: RouteObject[] = shellRoutes, base = ''): string[] {
  const out: string[] = [];
  for (const r of routes) {
    if (r.path === '*') continue;
    const here = r.path ? `${base}/${r.path.replace(/^\//, '')}` : base;
    if (r.children) out.push(...routePatterns(r.children, here));
    else out.push(here || '/');
  }
  return out;
}

let patterns: string[] | undefined;
/** Whether a path has a page (navigation hides entries of modules that do not exist yet). */
export function isRouted(path: string): boolean {
  patterns ??= routePatterns();
  return patterns.some((p) => matchPath({ path: p, end: true }, path) !== null);
}

export const notFoundRoute: RouteObject = { path: '*', element: <NotFound /> };
