import type { FastifyInstance } from 'fastify';

export async function demoRoutes(_app: FastifyInstance) {
  // routes pending
}
