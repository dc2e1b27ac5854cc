/**
 * Routes. Public auth pages share the branded AuthLayout; the rest (app/routes.tsx) sits behind
 * RequireAuth inside the AppLayout shell. Every page is a lazily loaded chunk.
 */
import { lazy } from 'react';
import { createBrowserRouter } from 'react-router-dom';
import { RouteError } from '../components/status.tsx';
import { AuthLayout } from '../features/auth/AuthLayout.tsx';
import { AppLayout } from './AppLayout.tsx';
import { PublicOnly, RequireAuth } from './guards.tsx';
import { notFoundRoute, page, shellRoutes } from './routes.tsx';

const LoginPage = lazy(() => import('../features/auth/LoginPage.tsx'));
const SignupPage = lazy(() => import('../features/auth/SignupPage.tsx'));
const ForgotPasswordPage = lazy(() => import('../features/auth/ForgotPasswordPage.tsx'));
const ResetPasswordPage = lazy(() => import('../features/auth/ResetPasswordPage.tsx'));
const AcceptInvitationPage = lazy(() => import('../features/auth/AcceptInvitationPage.tsx'));

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
    children: [...shellRoutes, notFoundRoute],
  },
]);
