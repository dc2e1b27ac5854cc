import type { FastifyInstance } from 'fastify';

export async function viewRoutes(_app: FastifyInstance) {
  // routes pending
}
