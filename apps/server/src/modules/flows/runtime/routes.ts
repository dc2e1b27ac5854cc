import type { FastifyInstance } from 'fastify';

/** Flow runs: executions per flow and per record, steps, retry, cancel, live node counts. PLACEHOLDER: runtime owner. */
export async function flowRunRoutes(_fastify: FastifyInstance) {}
