import type { RouteObject } from 'react-router-dom';

/** Further admin settings pages (organization, roles, custom fields, …), mounted under /settings by app/router.tsx. */
export const adminSettingsRoutes: RouteObject[] = [];
