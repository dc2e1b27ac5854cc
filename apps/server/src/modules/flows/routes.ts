import type { FastifyInstance } from 'fastify';

/** Flows (流程): definitions, versions, publish, dry run; runs and their steps. PLACEHOLDER: admin-API owner. */
export async function flowRoutes(_fastify: FastifyInstance) {}
