import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

const InboxPage = lazy(() => import('./InboxPage.tsx'));
const InstancePage = lazy(() => import('./InstancePage.tsx'));
const ApprovalFlowsPage = lazy(() => import('./ApprovalFlowsPage.tsx'));

const page = (Page: React.LazyExoticComponent<React.ComponentType>) => <Suspense fallback={<Loading />}><Page /></Suspense>;

/** /approvals (the inbox) and /approvals/:id (one approval). */
export const approvalRoutes: RouteObject[] = [
  { path: 'approvals', element: page(InboxPage) },
  { path: 'approvals/:id', element: page(InstancePage) },
];

/** Settings › 审批流程 (children of /settings); the designer itself is /settings/flows/:id. */
export const approvalSettingsRoutes: RouteObject[] = [
  { path: 'approval-flows', element: page(ApprovalFlowsPage) },
];
