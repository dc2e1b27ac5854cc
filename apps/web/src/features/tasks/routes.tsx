import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

const TasksPage = lazy(() => import('./TasksPage.tsx'));
const CalendarPage = lazy(() => import('./CalendarPage.tsx'));

function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

/** My tasks / team tasks (/tasks) and the calendar (/calendar). */
export const taskRoutes: RouteObject[] = [
  { path: 'tasks', element: page(TasksPage) },
  { path: 'calendar', element: page(CalendarPage) },
];
