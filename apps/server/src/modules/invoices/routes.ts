import type { FastifyInstance } from 'fastify';

// PLACEHOLDER: the module's REST routes (see modules/tasks/routes.ts for the pattern).
export async function invoiceRoutes(_fastify: FastifyInstance) {}
