import type { RouteObject } from 'react-router-dom';

/** My tasks / team tasks (/tasks) and the calendar (/calendar). */
export const taskRoutes: RouteObject[] = [];
