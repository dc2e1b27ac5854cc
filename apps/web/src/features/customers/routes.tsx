import type { RouteObject } from 'react-router-dom';

/** Customer pages, mounted under the app shell by app/router.tsx. */
export const customerRoutes: RouteObject[] = [];
