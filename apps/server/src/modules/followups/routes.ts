import type { FastifyInstance } from 'fastify';

/** Follow-up records (跟进记录). PLACEHOLDER: follow-ups owner. */
export async function followupRoutes(_fastify: FastifyInstance) {}
