import type { FastifyInstance } from 'fastify';

/** Manual runs, inbound webhooks (anonymous, by key) and the per-record log of flows considered. PLACEHOLDER: triggers owner. */
export async function flowTriggerRoutes(_fastify: FastifyInstance) {}
