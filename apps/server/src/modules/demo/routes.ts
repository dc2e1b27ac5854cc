import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, ensureDemoOrganization } from './seed.ts';

/** One step to a demo organization with realistic Chinese data; the login page offers it. */
export async function demoRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.post('/demo', {
    config: { public: true },
    schema: { tags: ['demo'], summary: 'Create (or find) the demo organization 示例科技有限公司', response: { 201: z.object({ tenantId: z.string(), created: z.boolean(), adminEmail: z.string(), password: z.string() }), 403: z.unknown() } },
  }, async (_req, reply) => {
    if (!app.ctx.config.DEMO_ENABLED) return reply.status(403).send({ error: { code: 'DEMO_DISABLED', message: 'the demo organization is disabled on this server' } });
    const demo = await ensureDemoOrganization(app.ctx);
    return reply.status(201).send({ ...demo, adminEmail: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD });
  });
}
