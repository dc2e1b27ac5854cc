import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

const LeadListPage = lazy(() => import('./LeadListPage.tsx'));
const LeadDetailPage = lazy(() => import('./LeadDetailPage.tsx'));
const LeadRecycleBinPage = lazy(() => import('./LeadRecycleBinPage.tsx'));
const ConversionMappingPage = lazy(() => import('./ConversionMappingPage.tsx'));

function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

/** Lead pages, mounted under the app shell by app/routes.tsx; each page is its own chunk. */
export const leadRoutes: RouteObject[] = [
  { path: 'leads', element: page(LeadListPage) },
  { path: 'leads/recycle-bin', element: page(LeadRecycleBinPage) },
  { path: 'leads/:id', element: page(LeadDetailPage) },
];

/** This feature's admin pages, mounted under /settings behind the admin guard by app/routes.tsx. */
export const leadSettingsRoutes: RouteObject[] = [
  { path: 'lead-conversion', element: page(ConversionMappingPage) },
];
