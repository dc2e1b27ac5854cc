import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { pendingMigrations } from '../../platform/db/migrate.ts';

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.object({ kind: z.enum(['pglite', 'postgres']), reachable: z.boolean(), migrationsPending: z.array(z.string()) }),
  queue: z.object({ running: z.boolean() }),
  uptimeSeconds: z.number(),
});

/** Liveness and readiness in one: database reachable, migrations current, queue running. */
export async function healthRoutes(app: FastifyInstance) {
  app.get('/health', { config: { public: true }, schema: { tags: ['system'], response: { 200: healthSchema, 503: healthSchema } } }, async (_req, reply) => {
    const { db, jobs, config } = app.ctx;
    let reachable = true;
    let pending: string[] = [];
    try {
      await db.asSystem((d) => d.execute(sql`SELECT 1`));
      pending = await pendingMigrations(db);
    } catch {
      reachable = false;
    }
    const running = jobs.isRunning() || !config.JOBS_ENABLED;
    const ok = reachable && pending.length === 0 && running;
    return reply.status(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'degraded',
      database: { kind: db.kind, reachable, migrationsPending: pending },
      queue: { running: jobs.isRunning() },
      uptimeSeconds: Math.round(process.uptime()),
    });
  });
}
