import type { FastifyInstance } from 'fastify';

/** Tasks (任务), calendar and the private iCalendar feed. PLACEHOLDER: tasks owner. */
export async function taskRoutes(_fastify: FastifyInstance) {}
