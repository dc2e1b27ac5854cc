/**
 * Routes. Every page is its own lazily loaded chunk (React.lazy), so the first visit downloads only the
 * shell plus the page in view. Public auth pages share the branded AuthLayout; the rest sits behind
 * RequireAuth inside the AppLayout shell.
 */
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { createBrowserRouter } from 'react-router-dom';
import { Loading } from '../components/Loading.tsx';
import { NotFound, RouteError } from '../components/StatusPages.tsx';
import { AuthLayout } from '../features/auth/AuthLayout.tsx';
import { AppLayout } from './AppLayout.tsx';
import { PublicOnly, RequireAdmin, RequireAuth } from './guards.tsx';
import { customerRoutes } from '../features/customers/routes.tsx';
import { adminSettingsRoutes } from '../features/admin/routes.tsx';

const LoginPage = lazy(() => import('../features/auth/LoginPage.tsx'));
const SignupPage = lazy(() => import('../features/auth/SignupPage.tsx'));
const ForgotPasswordPage = lazy(() => import('../features/auth/ForgotPasswordPage.tsx'));
const ResetPasswordPage = lazy(() => import('../features/auth/ResetPasswordPage.tsx'));
const AcceptInvitationPage = lazy(() => import('../features/auth/AcceptInvitationPage.tsx'));
const HomePage = lazy(() => import('../features/home/HomePage.tsx'));
const UsersPage = lazy(() => import('../features/settings/UsersPage.tsx'));
const DepartmentsPage = lazy(() => import('../features/settings/DepartmentsPage.tsx'));
const OutboxPage = lazy(() => import('../features/settings/OutboxPage.tsx'));
const LoginLogPage = lazy(() => import('../features/settings/LoginLogPage.tsx'));
const MySessionsPage = lazy(() => import('../features/account/MySessionsPage.tsx'));

function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

export const router = createBrowserRouter([
  {
    element: <AuthLayout />,
    errorElement: <RouteError />,
    children: [
      { path: '/login', element: <PublicOnly>{page(LoginPage)}</PublicOnly> },
      { path: '/signup', element: <PublicOnly>{page(SignupPage)}</PublicOnly> },
      { path: '/forgot-password', element: page(ForgotPasswordPage) },
      { path: '/reset-password', element: page(ResetPasswordPage) },
      { path: '/accept-invitation', element: page(AcceptInvitationPage) },
    ],
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: page(HomePage) },
      {
        path: 'settings',
        element: <RequireAdmin />,
        children: [
          { path: 'users', element: page(UsersPage) },
          { path: 'departments', element: page(DepartmentsPage) },
          { path: 'outbox', element: page(OutboxPage) },
          { path: 'login-logs', element: page(LoginLogPage) },
          ...adminSettingsRoutes,
        ],
      },
      ...customerRoutes,
      { path: 'account/sessions', element: page(MySessionsPage) },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
