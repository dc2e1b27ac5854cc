import type { FastifyInstance } from 'fastify';
import { apiKeyRoutes } from './apiKeys.ts';
import { loginLogRoutes } from './loginLogs.ts';
import { outboxRoutes } from './outbox.ts';

/** Administration: API keys, login log, mail outbox. */
export async function adminRoutes(app: FastifyInstance) {
  await app.register(apiKeyRoutes);
  await app.register(loginLogRoutes);
  await app.register(outboxRoutes);
}
