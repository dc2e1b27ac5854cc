import type { RouteObject } from 'react-router-dom';

/** Follow-up pages (my follow-ups list). Quick entry lives on record pages through the records extension points. */
export const followupRoutes: RouteObject[] = [];
