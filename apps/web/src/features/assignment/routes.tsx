import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

const AssignmentRulesPage = lazy(() => import('./AssignmentRulesPage.tsx'));

/** Settings pages of lead assignment, mounted under /settings (behind the admin guard) by app/routes.tsx. */
export const assignmentSettingsRoutes: RouteObject[] = [
  { path: 'assignment-rules', element: <Suspense fallback={<Loading />}><AssignmentRulesPage /></Suspense> },
];
