// Interface only; implementation pending (pg-boss on the same database).
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';

export interface JobQueue {
  start(): Promise<void>;
  /** finishes running jobs, then stops */
  stop(): Promise<void>;
  send(name: string, data?: object, opts?: { startAfter?: Date | number; singletonKey?: string }): Promise<string | null>;
  work<T extends object>(name: string, handler: (data: T) => Promise<void>): Promise<void>;
  schedule(name: string, cron: string, data?: object): Promise<void>;
  isRunning(): boolean;
}

export function createJobQueue(_config: Config, _db: Database, _log: FastifyBaseLogger): JobQueue {
  throw new Error('not implemented');
}
