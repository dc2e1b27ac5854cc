import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

const PrintTemplatesPage = lazy(() => import('./PrintTemplatesPage.tsx'));
const PrintTemplateEditorPage = lazy(() => import('./PrintTemplateEditorPage.tsx'));

function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

/** /settings/print-templates (list per record type), /settings/print-templates/new?type=… and /:id (editor with preview). */
export const printTemplateSettingsRoutes: RouteObject[] = [
  { path: 'print-templates', element: page(PrintTemplatesPage) },
  { path: 'print-templates/new', element: page(PrintTemplateEditorPage) },
  { path: 'print-templates/:id', element: page(PrintTemplateEditorPage) },
];
