import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

const RunListPage = lazy(() => import('./RunListPage.tsx'));
const ExecutionPage = lazy(() => import('./ExecutionPage.tsx'));

function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

/** Run history of a flow and one execution's path (children of /settings, behind the admin guard). */
export const flowRunSettingsRoutes: RouteObject[] = [
  { path: 'flows/:id/runs', element: page(RunListPage) },
  { path: 'flows/:id/runs/:executionId', element: page(ExecutionPage) },
];
