import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

const ImportHistoryPage = lazy(() => import('./ImportHistoryPage.tsx'));
const ImportDetailPage = lazy(() => import('./ImportDetailPage.tsx'));

function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

/** Import history and one import's result; the wizard itself opens from a list (extras.tsx). */
export const importRoutes: RouteObject[] = [
  { path: 'imports', element: page(ImportHistoryPage) },
  { path: 'imports/:id', element: page(ImportDetailPage) },
];
