import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

const ProductListPage = lazy(() => import('./ProductListPage.tsx'));
const ProductDetailPage = lazy(() => import('./ProductDetailPage.tsx'));
const ProductRecycleBinPage = lazy(() => import('./ProductRecycleBinPage.tsx'));
const PriceBooksPage = lazy(() => import('./PriceBooksPage.tsx'));

function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

/** Product pages under the app shell; each page is its own chunk. */
export const productRoutes: RouteObject[] = [
  { path: 'products', element: page(ProductListPage) },
  { path: 'products/recycle-bin', element: page(ProductRecycleBinPage) },
  { path: 'products/:id', element: page(ProductDetailPage) },
];

/** Under /settings (admins): price books with their entries and quantity tiers. */
export const productSettingsRoutes: RouteObject[] = [
  { path: 'price-books', element: page(PriceBooksPage) },
];
