import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

const ContractListPage = lazy(() => import('./ContractListPage.tsx'));
const ContractDetailPage = lazy(() => import('./ContractDetailPage.tsx'));
const ContractRecycleBinPage = lazy(() => import('./ContractRecycleBinPage.tsx'));
const OrderListPage = lazy(() => import('./orders/OrderListPage.tsx'));
const OrderDetailPage = lazy(() => import('./orders/OrderDetailPage.tsx'));

function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

/** Contract pages, mounted under the app shell by app/routes.tsx; each page is its own chunk. */
export const contractRoutes: RouteObject[] = [
  { path: 'contracts', element: page(ContractListPage) },
  { path: 'contracts/recycle-bin', element: page(ContractRecycleBinPage) },
  { path: 'contracts/:id', element: page(ContractDetailPage) },
];

/** Order pages. */
export const orderRoutes: RouteObject[] = [
  { path: 'orders', element: page(OrderListPage) },
  { path: 'orders/:id', element: page(OrderDetailPage) },
];
