import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

const DedupePage = lazy(() => import('./DedupePage.tsx'));

/** The 查重 page, mounted under the app shell by app/routes.tsx; its own chunk. */
export const dedupeRoutes: RouteObject[] = [
  { path: 'dedupe', element: <Suspense fallback={<Loading />}><DedupePage /></Suspense> },
];
