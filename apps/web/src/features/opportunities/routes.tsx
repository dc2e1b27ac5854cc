import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

const OpportunityListPage = lazy(() => import('./OpportunityListPage.tsx'));
const OpportunityDetailPage = lazy(() => import('./OpportunityDetailPage.tsx'));
const OpportunityRecycleBinPage = lazy(() => import('./OpportunityRecycleBinPage.tsx'));
const BoardPage = lazy(() => import('./BoardPage.tsx'));
const ForecastPage = lazy(() => import('./ForecastPage.tsx'));
const PipelinesPage = lazy(() => import('./PipelinesPage.tsx'));

function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

/** Opportunity list, board, detail, recycle bin and the forecast; each page is its own chunk. */
export const opportunityRoutes: RouteObject[] = [
  { path: 'opportunities', element: page(OpportunityListPage) },
  { path: 'opportunities/board', element: page(BoardPage) },
  { path: 'opportunities/recycle-bin', element: page(OpportunityRecycleBinPage) },
  { path: 'opportunities/:id', element: page(OpportunityDetailPage) },
  { path: 'forecast', element: page(ForecastPage) },
];
/** /settings/pipelines (admin). */
export const opportunitySettingsRoutes: RouteObject[] = [{ path: 'pipelines', element: page(PipelinesPage) }];
