import type { RouteObject } from 'react-router-dom';

/** Run history of a flow and one execution's path (children of /settings). */
export const flowRunSettingsRoutes: RouteObject[] = [];
