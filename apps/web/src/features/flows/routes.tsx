import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

// The designer pages carry @xyflow/react and dagre: lazily loaded, never in the startup bundle.
const FlowListPage = lazy(() => import('./FlowListPage.tsx'));
const FlowDesignerPage = lazy(() => import('./FlowDesignerPage.tsx'));
const FlowVersionPage = lazy(() => import('./FlowVersionPage.tsx'));

const page = (Page: React.LazyExoticComponent<React.ComponentType>) => <Suspense fallback={<Loading />}><Page /></Suspense>;

/** Settings › 自动化流程: flow list, the designer and a published version (children of /settings). */
export const flowSettingsRoutes: RouteObject[] = [
  { path: 'flows', element: page(FlowListPage) },
  { path: 'flows/:id', element: page(FlowDesignerPage) },
  { path: 'flows/:id/versions/:version', element: page(FlowVersionPage) },
];
