import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

const WebFormListPage = lazy(() => import('./WebFormListPage.tsx'));
const WebFormEditorPage = lazy(() => import('./WebFormEditorPage.tsx'));

function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

/** Web-form settings pages, mounted under /settings (behind the admin guard) by app/routes.tsx. */
export const webFormSettingsRoutes: RouteObject[] = [
  { path: 'web-forms', element: page(WebFormListPage) },
  { path: 'web-forms/:id', element: page(WebFormEditorPage) },
];
