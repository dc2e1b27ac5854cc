// Interface only; implementation pending (in-app notifications + SSE push).
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.ts';

export interface NotificationInput { tenantId: string; userId: string; title: string; body?: string; link?: string; kind?: string }

export interface Notifier {
  notify(n: NotificationInput): Promise<void>;
  subscribe(tenantId: string, userId: string, listener: (event: { type: 'notification' | 'unread'; data: unknown }) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createNotifier(_db: Database, _log: FastifyBaseLogger): Notifier {
  throw new Error('not implemented');
}
