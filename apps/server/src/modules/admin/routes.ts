import type { FastifyInstance } from 'fastify';
import { apiKeyRoutes } from './apiKeys.ts';
import { loginLogRoutes } from './loginLogs.ts';
import { mailSettingsRoutes } from './mail.ts';
import { outboxRoutes } from './outbox.ts';

/** Administration: API keys, login log, mail settings and outbox. */
export async function adminRoutes(app: FastifyInstance) {
  await app.register(apiKeyRoutes);
  await app.register(loginLogRoutes);
  await app.register(mailSettingsRoutes);
  await app.register(outboxRoutes);
}
