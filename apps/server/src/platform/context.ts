import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Mailer } from './mail/mailer.ts';
import type { Notifier } from './notifications/notifier.ts';
import type { FileStore } from './files/store.ts';

/** The services every module uses, built once at start-up and handed to routes through app.ctx. */
export interface AppContext {
  config: Config;
  db: Database;
  log: FastifyBaseLogger;
  jobs: JobQueue;
  mailer: Mailer;
  notifier: Notifier;
  files: FileStore;
}
