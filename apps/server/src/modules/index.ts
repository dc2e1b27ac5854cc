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
import { leadRoutes } from './leads/routes.ts';
import { contactRoutes } from './contacts/routes.ts';
import { dedupeRoutes } from './dedupe/routes.ts';
import { assignmentRoutes } from './assignment/routes.ts';
import { publicPoolRoutes } from './publicPool/routes.ts';
import { importRoutes } from './imports/routes.ts';
import { webFormRoutes } from './webForms/routes.ts';
import { webFormPages } from './webForms/publicPage.ts';
import { todoRoutes } from './todo/routes.ts';
import { handoverRoutes } from './handover/routes.ts';
import { followupRoutes } from './followups/routes.ts';
import { taskRoutes } from './tasks/routes.ts';
import { flowRoutes } from './flows/routes.ts';
import { flowRunRoutes } from './flows/runtime/routes.ts';
import { flowTriggerRoutes } from './flows/triggers/routes.ts';
import { productRoutes } from './products/routes.ts';
import { opportunityRoutes } from './opportunities/routes.ts';
import { approvalRoutes } from './approvals/routes.ts';
import { quoteRoutes } from './quotes/routes.ts';
import { contractRoutes } from './contracts/routes.ts';
import { orderRoutes } from './orders/routes.ts';
import { paymentRoutes } from './payments/routes.ts';
import { invoiceRoutes } from './invoices/routes.ts';
import { printTemplateRoutes } from './printTemplates/routes.ts';

/** Every module's routes, mounted under /api (health) and /api/v1 (the versioned REST API). */
export async function registerModules(app: FastifyInstance) {
  await app.register(healthRoutes);
  await app.register(
    async (v1) => {
      const platform = [authRoutes, organizationRoutes, adminRoutes, auditRoutes, notificationRoutes, fileRoutes, customFieldRoutes, numberingRoutes, viewRoutes, searchRoutes, demoRoutes, onboardingRoutes, preferenceRoutes, todoRoutes];
      const business = [customerRoutes, leadRoutes, contactRoutes, dedupeRoutes, assignmentRoutes, publicPoolRoutes, importRoutes, webFormRoutes, handoverRoutes, followupRoutes, taskRoutes, flowRoutes, flowRunRoutes, flowTriggerRoutes,
        productRoutes, opportunityRoutes, approvalRoutes, quoteRoutes, contractRoutes, orderRoutes, paymentRoutes, invoiceRoutes, printTemplateRoutes];
      for (const mod of [...platform, ...business]) {
        await v1.register(mod);
      }
    },
    { prefix: '/v1' },
  );
}

/** Pages served at the root, outside the API (no credentials are read there): public web forms. */
export async function registerPublicPages(app: FastifyInstance) {
  await app.register(webFormPages);
}
