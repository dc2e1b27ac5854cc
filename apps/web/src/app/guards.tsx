import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation, useSearchParams } from 'react-router-dom';
import { Loading } from '../components/Loading.tsx';
import { Forbidden, Offline } from '../components/status.tsx';
import { safeNext, useMe } from '../features/auth/useMe.ts';

/** Signed-in area: unknown users go to the login page, which brings them back here afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const { me, isPending, isError, refetch } = useMe();
  if (isPending) return <Loading fullPage />;
  if (isError && !me) {
    return <Offline onRetry={() => void refetch()} />;
  }
  if (!me) {
    const here = location.pathname + location.search;
    const to = here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
    return <Navigate to={to} replace />;
  }
  return <>{children}</>;
}

/** Administration pages; the server enforces this too, the guard just explains instead of showing errors. */
export function RequireAdmin() {
  const { isAdmin } = useMe();
  return isAdmin ? <Outlet /> : <Forbidden />;
}

/** Login and signup make no sense when already signed in: go where the user was heading. */
export function PublicOnly({ children }: { children: ReactNode }) {
  const { me, isPending } = useMe();
  const [params] = useSearchParams();
  if (isPending) return <Loading />;
  if (me) return <Navigate to={safeNext(params.get('next'))} replace />;
  return <>{children}</>;
}
