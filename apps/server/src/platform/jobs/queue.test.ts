/**
 * Job queue on the same database as the app: PGlite by default, PostgreSQL with TEST_DATABASE_URL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import PgBoss from 'pg-boss';
import { createPostgresDatabase, createTestApp, usingPostgres } from '../../test/harness.ts';
import { createJobQueue, JOB_SCHEMA, pgliteExecutor, type JobQueue } from './queue.ts';
import { CLEANUP_SESSIONS } from './systemJobs.ts';

const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;
const config = loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

/** A database that outlives one open handle: a PGlite data folder, or a fresh PostgreSQL database. */
async function durableDatabase(): Promise<{ open: () => Promise<Database> }> {
  if (usingPostgres) {
    const created = await createPostgresDatabase();
    cleanups.push(created.drop);
    return { open: () => openDatabase({ url: created.url, dataDir: null, poolSize: 3 }) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopline-jobs-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return { open: () => openDatabase({ dataDir: dir }) };
}

/** A fresh database for one test: in-memory PGlite, or a new PostgreSQL database. */
async function freshDatabase(): Promise<Database> {
  if (!usingPostgres) return openDatabase({ dataDir: null });
  return (await durableDatabase()).open();
}

async function until<T>(fn: () => Promise<T | undefined | false>, ms: number, step = 200): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, step));
  }
}

describe('job queue', () => {
  it('runs a delayed job after the process (and PGlite) restarts', async () => {
    const store = await durableDatabase();
    const db1 = await store.open();
    await migrate(db1);
    const q1 = createJobQueue(config, db1, log, { pollingIntervalSeconds: 0.5 });
    const ranEarly: unknown[] = [];
    await q1.work('restart-probe', async (data) => void ranEarly.push(data));
    await q1.start();
    const sentAt = Date.now();
    const id = await q1.send('restart-probe', { note: '重启后运行' }, { startAfter: 3 });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await q1.stop();
    expect(q1.isRunning()).toBe(false);
    await db1.close();

    const db2 = await store.open();
    cleanups.push(() => db2.close());
    const q2 = createJobQueue(config, db2, log, { pollingIntervalSeconds: 0.5 });
    cleanups.push(() => q2.stop());
    const ran = new Promise<{ data: unknown; at: number }>((resolve) => {
      void q2.work<{ note: string }>('restart-probe', async (data) => resolve({ data, at: Date.now() }));
    });
    await q2.start();
    expect(q2.isRunning()).toBe(true);
    const got = await Promise.race([ran, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('job did not run after restart')), 20_000))]);
    expect(got.data).toEqual({ note: '重启后运行' });
    expect(got.at - sentAt).toBeGreaterThanOrEqual(2_500); // startAfter was honoured across the restart
    expect(ranEarly).toEqual([]);
  }, 180_000);

  it('accepts work, schedules and sends before start(), and dedupes a waiting singletonKey', async () => {
    const db = await freshDatabase();
    cleanups.push(() => db.close());
    await migrate(db);
    const q = createJobQueue(config, db, log, { pollingIntervalSeconds: 0.5 });
    cleanups.push(() => q.stop());
    const seen: unknown[] = [];
    await q.work('early', async (data) => void seen.push(data)); // as a module would during route registration
    await q.schedule('early-cron', '30 3 * * *', { k: 1 });
    const first = await q.send('early', { n: 1 }, { singletonKey: 'customer-1' });
    const dup = await q.send('early', { n: 2 }, { singletonKey: 'customer-1' });
    expect(first).toBeTruthy();
    expect(dup).toBeNull();
    expect(q.isRunning()).toBe(false);
    await q.start();
    await until(async () => seen.length === 1, 15_000);
    expect(seen).toEqual([{ n: 1 }]);
    expect(await q.send('early', { n: 3 }, { singletonKey: 'customer-1' })).toBeTruthy(); // the first one is done
    const sched = await db.owner.query<{ name: string; cron: string; timezone: string }>(`SELECT name, cron, timezone FROM ${JOB_SCHEMA}.schedule ORDER BY name`);
    expect(sched.rows).toEqual([
      { name: CLEANUP_SESSIONS, cron: '0 * * * *', timezone: 'Asia/Shanghai' },
      { name: 'early-cron', cron: '30 3 * * *', timezone: 'Asia/Shanghai' },
    ]);
  }, 180_000);

  it('cleanup-sessions deletes long-expired and long-revoked sessions and tokens, keeps live ones', async () => {
    const db = await freshDatabase();
    cleanups.push(() => db.close());
    await migrate(db);
    const t = crypto.randomUUID();
    const u = crypto.randomUUID();
    await db.asSystem(async (d) => {
      await d.execute(sql`INSERT INTO tenants (id, name, slug) VALUES (${t}, '示例科技', ${`s-${t}`})`);
      await d.execute(sql`INSERT INTO users (id, tenant_id, name, email) VALUES (${u}, ${t}, '张三', 'z@example.com')`);
      await d.execute(sql`INSERT INTO sessions (id, tenant_id, user_id, csrf_token, expires_at, revoked_at) VALUES
        ('expired', ${t}, ${u}, 'c', now() - interval '2 days', NULL),
        ('revoked', ${t}, ${u}, 'c', now() + interval '5 days', now() - interval '25 hours'),
        ('recently-expired', ${t}, ${u}, 'c', now() - interval '1 hour', NULL),
        ('live', ${t}, ${u}, 'c', now() + interval '7 days', NULL)`);
      await d.execute(sql`INSERT INTO auth_tokens (id, tenant_id, user_id, kind, expires_at, used_at) VALUES
        ('old-reset', ${t}, ${u}, 'reset', now() - interval '3 days', NULL),
        ('used-invite', ${t}, ${u}, 'invite', now() + interval '3 days', now() - interval '2 days'),
        ('fresh-invite', ${t}, ${u}, 'invite', now() + interval '3 days', NULL)`);
    });
    const q = createJobQueue(config, db, log, { pollingIntervalSeconds: 0.5 });
    cleanups.push(() => q.stop());
    await q.start(); // registers the system jobs
    await q.send(CLEANUP_SESSIONS); // run it now instead of waiting for the hour
    const ids = (table: string) => db.owner.query<{ id: string }>(`SELECT id FROM ${table} ORDER BY id`).then((r) => r.rows.map((x) => x.id));
    await until(async () => (await ids('sessions')).length === 2, 15_000);
    expect(await ids('sessions')).toEqual(['live', 'recently-expired']);
    await until(async () => (await ids('auth_tokens')).length === 1, 5_000);
    expect(await ids('auth_tokens')).toEqual(['fresh-invite']);
  }, 180_000);

  it('starts and stops with the app (health shows it running)', async () => {
    const env = await createTestApp({}, { jobs: true });
    try {
      expect(env.app.ctx.jobs.isRunning()).toBe(true);
      const health = await env.app.inject({ method: 'GET', url: '/api/health' });
      expect(health.json()).toMatchObject({ queue: { running: true } });
    } finally {
      await env.close(); // onClose stops the queue before the database closes
    }
    expect(env.app.ctx.jobs.isRunning()).toBe(false);
  }, 180_000);

  it.skipIf(usingPostgres)('PGlite: a failing BEGIN…COMMIT batch rolls back instead of leaving the one session aborted; maintenance runs', async () => {
    const db = await openDatabase({ dataDir: null });
    cleanups.push(() => db.close());
    const exec = pgliteExecutor(db.pglite!);
    await exec('CREATE TABLE t (a int)');
    await expect(exec('BEGIN; INSERT INTO t VALUES (1); CREATE TABLE t (a int); COMMIT;')).rejects.toThrow(/already exists/);
    expect((await exec('SELECT count(*)::int AS n FROM t'))?.rows).toEqual([{ n: 0 }]); // no values: the exec() path
    expect((await exec('SELECT count(*)::int AS n FROM t WHERE a > $1', [0]))?.rows).toEqual([{ n: 0 }]);
    // pg-boss's own maintenance (expire, archive, drop) are such batches
    const boss = new PgBoss({ db: { executeSql: (t, v) => exec(t, v) as never }, schema: JOB_SCHEMA, supervise: false, schedule: false });
    await boss.start();
    await expect(boss.maintain()).resolves.toBeTruthy();
    await boss.stop({ graceful: false });
  }, 180_000);

  it.skipIf(!usingPostgres)(
    'two instances scheduling the same cron run each minute exactly once (PostgreSQL only: PGlite is one process)',
    async () => {
      // pg-boss cron has minute resolution: a '* * * * *' schedule fires on start and again at the next
      // minute boundary, so the shortest meaningful run is "two minutes observed" (≤ ~62 s) plus a grace
      // period for a duplicate to show up. The monitor/worker intervals are lowered so each instance
      // checks the schedule every second, i.e. both keep trying to fire every minute.
      const created = await createPostgresDatabase();
      cleanups.push(created.drop);
      const open = () => openDatabase({ url: created.url, dataDir: null, poolSize: 2 });
      const dbA = await open();
      const dbB = await open();
      cleanups.push(() => dbA.close(), () => dbB.close());
      await migrate(dbA);
      await dbA.owner.query('CREATE TABLE cron_counter (minute timestamptz PRIMARY KEY, n int NOT NULL)');
      // Starting in a minute's last seconds could let that minute's run finish after the boundary.
      const sec = new Date().getSeconds();
      if (sec >= 50) await new Promise((r) => setTimeout(r, (61 - sec) * 1000));

      const timing = { pollingIntervalSeconds: 0.5, cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1, clockMonitorIntervalSeconds: 60 };
      const instances: JobQueue[] = [];
      for (const [db, who] of [[dbA, 'A'], [dbB, 'B']] as const) {
        const q = createJobQueue(config, db, log, timing);
        cleanups.push(() => q.stop());
        instances.push(q);
        await q.schedule('tick', '* * * * *', { who });
        await q.work('tick', async () => {
          await db.owner.query(`INSERT INTO cron_counter VALUES (date_trunc('minute', now()), 1) ON CONFLICT (minute) DO UPDATE SET n = cron_counter.n + 1`);
        });
      }
      await Promise.all(instances.map((q) => q.start()));
      const counts = () => dbA.owner.query<{ minute: Date; n: number }>('SELECT minute, n FROM cron_counter ORDER BY minute').then((r) => r.rows);
      await until(async () => (await counts()).length >= 2, 80_000, 500);
      await new Promise((r) => setTimeout(r, 5_000)); // both instances keep trying within the minute
      const rows = await counts();
      expect(rows.length).toBeGreaterThanOrEqual(2);
      expect(rows.map((r) => r.n)).toEqual(rows.map(() => 1));
      expect(new Date(rows[1]!.minute).getTime() - new Date(rows[0]!.minute).getTime()).toBe(60_000);
    },
    150_000,
  );
});
