/**
 * Background jobs on pg-boss 10, stored in the app's own database (schema `pgboss`).
 *
 * PostgreSQL: pg-boss gets the connection string and its own small pool.
 * PGlite: pg-boss gets a custom `db.executeSql` over the one embedded session (see pgliteExecutor).
 * Handlers run at least once (a crash or a lost completion re-runs a job), so they must be idempotent.
 */
import PgBoss from 'pg-boss';
import type { PGlite } from '@electric-sql/pglite';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { registerSystemJobs } from './systemJobs.ts';

export interface JobQueue {
  start(): Promise<void>;
  /** finishes running jobs, then stops */
  stop(): Promise<void>;
  /** startAfter: a Date, or seconds from now. singletonKey: while a job with this key waits, more sends return null. */
  send(name: string, data?: object, opts?: { startAfter?: Date | number; singletonKey?: string }): Promise<string | null>;
  work<T extends object>(name: string, handler: (data: T) => Promise<void>): Promise<void>;
  /** cron in `tz` (default Asia/Shanghai); one schedule per name across all instances */
  schedule(name: string, cron: string, data?: object, opts?: { tz?: string }): Promise<void>;
  isRunning(): boolean;
}

/** pg-boss timing knobs (tests lower them) and the graceful-stop budget. */
export interface JobQueueOptions {
  pollingIntervalSeconds?: number;
  cronMonitorIntervalSeconds?: number;
  cronWorkerIntervalSeconds?: number;
  clockMonitorIntervalSeconds?: number;
  stopTimeoutMs?: number;
}

export const JOB_SCHEMA = 'pgboss';
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

type Exec = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] } | undefined>;
type Handler = (data: object) => Promise<void>;

/**
 * pg-boss's custom-db contract is one method, executeSql(text, values) → { rows }. On PGlite:
 * - parameterised statements go through query() (extended protocol; types serialize like node-postgres);
 * - statements without values may be several at once (schema creation, maintenance), which the
 *   extended protocol refuses, so they go through exec() and answer with the last result;
 * - pg-boss wraps schema creation/migration/maintenance in `BEGIN; … COMMIT;`. If one statement fails
 *   (e.g. the expected "already exists" race), PostgreSQL skips the COMMIT and, on PGlite's single
 *   session, every later query of the whole app would fail with "transaction is aborted". So that
 *   text runs inside pglite.transaction(), which rolls back on error and holds PGlite's exclusive lock.
 */
export function pgliteExecutor(pglite: PGlite): Exec {
  return async (text, values) => {
    if (values?.length) return pglite.query(text, values) as never;
    const locked = /^\s*BEGIN;([\s\S]*?);?\s*COMMIT;?\s*$/.exec(text);
    const results = locked ? await pglite.transaction((tx) => tx.exec(locked[1]!)) : await pglite.exec(text);
    return (results.at(-1) ?? { rows: [] }) as never;
  };
}

/**
 * pg-boss 10 only dedupes singletonKey on special queue policies or with a throttle window; on our
 * standard queues we want "one waiting job per key". A partial unique index on the partitioned job
 * table gives exactly that (pg-boss inserts with ON CONFLICT DO NOTHING, so send() answers null), and
 * partitions created later by create_queue() inherit it.
 */
const SINGLETON_INDEX = `CREATE UNIQUE INDEX IF NOT EXISTS job_loopline_singleton ON ${JOB_SCHEMA}.job (name, singleton_key)
  WHERE state < 'active' AND singleton_key IS NOT NULL AND singleton_on IS NULL AND policy = 'standard'`;

const CREATE_QUEUE = `WITH l AS (SELECT pg_advisory_xact_lock(hashtext('loopline.${JOB_SCHEMA}.create_queue')))
  SELECT ${JOB_SCHEMA}.create_queue($1, $2::json) FROM l WHERE NOT EXISTS (SELECT 1 FROM ${JOB_SCHEMA}.queue WHERE name = $1)`;
/** Failed jobs retry three times with exponential backoff from 10 s. */
const QUEUE_OPTIONS = { policy: 'standard', retryLimit: 3, retryDelay: 10, retryBackoff: true };

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createJobQueue(_config: Config, db: Database, log: FastifyBaseLogger, opts: JobQueueOptions = {}): JobQueue {
  const stopTimeoutMs = opts.stopTimeoutMs ?? 20_000;
  const handlers = new Map<string, Handler>();
  const schedules = new Map<string, { cron: string; data?: object; tz: string }>();
  const queues = new Set<string>();
  const running = new Set<Promise<void>>();
  const inflight = new Set<Promise<unknown>>();
  let runner: PgBoss | null = null; // full instance: workers, cron, maintenance (after start())
  let producer: Promise<PgBoss> | null = null; // see senderBoss()
  let ready: Promise<void> | null = null;
  let stopped = false;
  let closed = false;

  const pgliteExec = db.pglite ? pgliteExecutor(db.pglite) : null;
  // Like pg-boss's own Db once closed: answer undefined instead of touching a closed PGlite.
  const adapter = {
    executeSql(text: string, values?: unknown[]) {
      if (closed) return Promise.resolve(undefined);
      const p = pgliteExec!(text, values);
      inflight.add(p);
      p.finally(() => inflight.delete(p)).catch(() => undefined);
      return p;
    },
  };

  // pg-boss asserts on keys that are present but undefined, so only pass the ones set.
  const timing = Object.fromEntries(Object.entries(opts).filter(([k, v]) => v !== undefined && k !== 'stopTimeoutMs'));
  const polling = opts.pollingIntervalSeconds ? { pollingIntervalSeconds: opts.pollingIntervalSeconds } : {};

  function newBoss(sendOnly: boolean): PgBoss {
    const connection = db.pglite
      ? { db: adapter as unknown as PgBoss.Db }
      : { connectionString: db.connectionString, max: sendOnly ? 2 : 4, application_name: 'loopline-jobs' };
    const boss = new PgBoss({ schema: JOB_SCHEMA, ...timing, ...connection, ...(sendOnly ? { supervise: false, schedule: false } : {}) });
    // An 'error' event without a listener would crash the process; during shutdown they are expected noise.
    boss.on('error', (err) => (stopped ? log.debug({ err }, 'job queue error while stopping') : log.error({ err }, 'job queue error')));
    return boss;
  }

  const exec = (boss: PgBoss): Exec => (pgliteExec ? adapter.executeSql : (t, v) => boss.getDb().executeSql(t, v as unknown[]) as never);

  async function prepare(boss: PgBoss): Promise<void> {
    await boss.start(); // creates or migrates the pgboss schema under pg-boss's advisory lock
    ready ??= (async () => {
      const q = exec(boss);
      const found = await q(`SELECT to_regclass('${JOB_SCHEMA}.job_loopline_singleton') AS name`);
      if (found?.rows[0]?.name) return;
      // Two instances starting together may race on the index name; either way it exists afterwards.
      await q(SINGLETON_INDEX).catch((err: { code?: string }) => {
        if (err.code !== '23505' && err.code !== '42P07') log.warn({ err }, 'singleton index for jobs not created');
      });
    })();
    await ready;
  }

  async function ensureQueue(boss: PgBoss, name: string) {
    if (queues.has(name)) return;
    // pg-boss 10 drops sends to unknown queues silently, so every queue is created first. Its
    // create_queue() mixes DML with DDL (partition + foreign keys): two instances creating queues at
    // the same moment deadlock (40P01). Serialise creations under one advisory lock, skip existing
    // queues, and retry the rare deadlock with pg-boss's own unlocked start-up createQueue.
    for (let attempt = 1; ; attempt++) {
      try {
        await exec(boss)(CREATE_QUEUE, [name, JSON.stringify(QUEUE_OPTIONS)]);
        break;
      } catch (err) {
        if ((err as { code?: string }).code !== '40P01' || attempt >= 5) throw err;
        await delay(50 * attempt);
      }
    }
    queues.add(name);
  }

  async function attachWorker(boss: PgBoss, name: string, handler: Handler) {
    await ensureQueue(boss, name);
    await boss.offWork(name); // registering a name again replaces its handler
    await boss.work<object>(name, polling, async (jobs) => {
      for (const job of jobs) {
        const p = handler(job.data ?? {});
        running.add(p);
        try {
          await p;
        } catch (err) {
          log.error({ err, job: name, id: job.id }, 'job failed');
          throw err; // pg-boss retries with backoff
        } finally {
          running.delete(p);
        }
      }
    });
  }

  async function attachSchedule(boss: PgBoss, name: string, s: { cron: string; data?: object; tz: string }) {
    await ensureQueue(boss, name);
    await boss.schedule(name, s.cron, s.data ?? {}, { tz: s.tz });
  }

  /** Sends before start() (or with jobs disabled here) still persist: a send-only instance, no timers. */
  function senderBoss(): Promise<PgBoss> {
    if (runner) return Promise.resolve(runner);
    return (producer ??= (async () => {
      const boss = newBoss(true);
      await prepare(boss);
      return boss;
    })());
  }

  const queue: JobQueue = {
    async start() {
      if (runner || stopped) return;
      await producer?.catch(() => undefined); // PGlite has one session: let its schema setup finish first
      const boss = newBoss(false);
      await prepare(boss);
      const pendingWork = [...handlers];
      const pendingSchedules = [...schedules];
      runner = boss;
      for (const [name, h] of pendingWork) await attachWorker(boss, name, h);
      for (const [name, s] of pendingSchedules) await attachSchedule(boss, name, s);
      await registerSystemJobs(queue, db);
      log.info({ database: db.kind }, 'job queue started');
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      const deadline = Date.now() + stopTimeoutMs;
      const bosses = [runner, await producer?.catch(() => null)].filter((b): b is PgBoss => Boolean(b));
      // graceful: pg-boss stops fetching, then waits (up to the timeout) for active jobs.
      await Promise.all(bosses.map((b) => b.stop({ graceful: true, wait: true, timeout: stopTimeoutMs }).catch((err) => log.warn({ err }, 'job queue stop'))));
      // A fetch already in flight when stopping can still hand over a job after pg-boss's own check.
      while (running.size > 0 && Date.now() < deadline) await delay(50);
      if (running.size > 0) log.warn({ jobs: running.size }, 'job queue stopped with jobs still running');
      closed = true;
      await Promise.allSettled([...inflight]);
      runner = null;
    },

    async send(name, data, sendOpts = {}) {
      if (stopped) throw new Error('job queue is stopped');
      const boss = await senderBoss();
      await ensureQueue(boss, name);
      return boss.send(name, data ?? {}, { startAfter: sendOpts.startAfter, singletonKey: sendOpts.singletonKey });
    },

    async work(name, handler) {
      handlers.set(name, handler as Handler);
      if (runner) await attachWorker(runner, name, handler as Handler);
    },

    async schedule(name, cron, data, schedOpts = {}) {
      const s = { cron, data, tz: schedOpts.tz ?? DEFAULT_TIMEZONE };
      schedules.set(name, s);
      if (runner) await attachSchedule(runner, name, s);
    },

    isRunning: () => runner !== null && !stopped,
  };
  return queue;
}
