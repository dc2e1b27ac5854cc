import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

const PoolPage = lazy(() => import('./PoolPage.tsx'));
const PoolSettingsPage = lazy(() => import('./PoolSettingsPage.tsx'));

function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

/** 公海: the pools I belong to, with what waits in them. */
export const publicPoolRoutes: RouteObject[] = [{ path: 'pool', element: page(PoolPage) }];

/** This feature's admin pages, mounted under /settings behind the admin guard by app/routes.tsx. */
export const publicPoolSettingsRoutes: RouteObject[] = [{ path: 'pools', element: page(PoolSettingsPage) }];
