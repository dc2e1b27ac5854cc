import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

const QuoteListPage = lazy(() => import('./QuoteListPage.tsx'));
const QuoteDetailPage = lazy(() => import('./QuoteDetailPage.tsx'));
const QuoteRecycleBinPage = lazy(() => import('./QuoteRecycleBinPage.tsx'));
const DiscountLimitsPage = lazy(() => import('./DiscountLimitsPage.tsx'));

function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

/** Quote pages, mounted under the app shell by app/routes.tsx; each page is its own chunk. */
export const quoteRoutes: RouteObject[] = [
  { path: 'quotes', element: page(QuoteListPage) },
  { path: 'quotes/recycle-bin', element: page(QuoteRecycleBinPage) },
  { path: 'quotes/:id', element: page(QuoteDetailPage) },
];

/** Under /settings (admin only). */
export const quoteSettingsRoutes: RouteObject[] = [
  { path: 'discount-limits', element: page(DiscountLimitsPage) },
];
