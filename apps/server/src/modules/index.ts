import type { FastifyInstance } from 'fastify';
import { healthRoutes } from './health/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { organizationRoutes } from './organization/routes.ts';
import { adminRoutes } from './admin/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { fileRoutes } from './files/routes.ts';
import { customFieldRoutes } from './customFields/routes.ts';
import { numberingRoutes } from './numbering/routes.ts';
import { viewRoutes } from './views/routes.ts';
import { customerRoutes } from './customers/routes.ts';
import { searchRoutes } from './search/routes.ts';
import { demoRoutes } from './demo/routes.ts';
import { onboardingRoutes } from './onboarding/routes.ts';
import { preferenceRoutes } from './preferences/routes.ts';

/** Every module's routes, mounted under /api (health) and /api/v1 (the versioned REST API). */
export async function registerModules(app: FastifyInstance) {
  await app.register(healthRoutes);
  await app.register(
    async (v1) => {
      for (const mod of [authRoutes, organizationRoutes, adminRoutes, auditRoutes, notificationRoutes, fileRoutes, customFieldRoutes, numberingRoutes, viewRoutes, customerRoutes, searchRoutes, demoRoutes, onboardingRoutes, preferenceRoutes]) {
        await v1.register(mod);
      }
    },
    { prefix: '/v1' },
  );
}
