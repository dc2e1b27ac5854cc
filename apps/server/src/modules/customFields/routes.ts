import type { FastifyInstance } from 'fastify';

export async function customFieldRoutes(_app: FastifyInstance) {
  // routes pending
}
