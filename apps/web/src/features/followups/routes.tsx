import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

const FollowupsPage = lazy(() => import('./FollowupsPage.tsx'));

/** Follow-up pages (my follow-ups list). Quick entry lives on record pages through the records extension points. */
export const followupRoutes: RouteObject[] = [
  { path: 'followups', element: <Suspense fallback={<Loading />}><FollowupsPage /></Suspense> },
];
