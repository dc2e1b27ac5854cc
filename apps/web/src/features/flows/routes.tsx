import type { RouteObject } from 'react-router-dom';

/** Settings › 自动化流程: flow list and the designer (children of /settings). */
export const flowSettingsRoutes: RouteObject[] = [];
