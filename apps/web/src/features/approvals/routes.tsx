import type { RouteObject } from 'react-router-dom';

// PLACEHOLDER: pages are added by the feature's owner (lazy, like features/tasks/routes.tsx).
export const approvalRoutes: RouteObject[] = [];
export const approvalSettingsRoutes: RouteObject[] = [];
