import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

const CustomerListPage = lazy(() => import('./CustomerListPage.tsx'));
const CustomerDetailPage = lazy(() => import('./CustomerDetailPage.tsx'));
const CustomerRecycleBinPage = lazy(() => import('./CustomerRecycleBinPage.tsx'));
const HandoverPage = lazy(() => import('./HandoverPage.tsx'));

function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

/** Customer pages, mounted under the app shell by app/router.tsx; each page is its own chunk. */
export const customerRoutes: RouteObject[] = [
  { path: 'customers', element: page(CustomerListPage) },
  { path: 'customers/recycle-bin', element: page(CustomerRecycleBinPage) },
  { path: 'customers/handover', element: page(HandoverPage) },
  { path: 'customers/:id', element: page(CustomerDetailPage) },
];
