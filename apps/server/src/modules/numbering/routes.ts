import type { FastifyInstance } from 'fastify';

export async function numberingRoutes(_app: FastifyInstance) {
  // routes pending
}
