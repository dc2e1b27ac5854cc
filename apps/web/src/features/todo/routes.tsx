import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

const TodoPage = lazy(() => import('./TodoPage.tsx'));

function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

/** The to-do centre's full page; the home page shows its panel. */
export const todoRoutes: RouteObject[] = [{ path: 'todo', element: page(TodoPage) }];
