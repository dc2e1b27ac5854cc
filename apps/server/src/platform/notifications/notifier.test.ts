import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { createPostgresDatabase, usingPostgres } from '../../test/harness.ts';
import { createNotifier, type Notifier, type NotifierEvent } from './notifier.ts';

const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;
let url: string | undefined;
let drop: (() => Promise<void>) | undefined;
let db: Database;
const closing: (() => Promise<void>)[] = [];

beforeAll(async () => {
  if (usingPostgres) ({ url, drop } = await createPostgresDatabase());
  db = await openDatabase({ url, dataDir: null, poolSize: 3 });
  await migrate(db);
});
afterAll(async () => {
  for (const c of closing.reverse()) await c();
  await db.close();
  await drop?.();
});

async function tenantWithUsers(n: number): Promise<{ tenantId: string; users: string[] }> {
  const tenantId = crypto.randomUUID();
  const users = Array.from({ length: n }, () => crypto.randomUUID());
  await db.asSystem(async (d) => {
    await d.execute(sql`INSERT INTO tenants (id, name, slug) VALUES (${tenantId}, '示例科技', ${`t-${tenantId}`})`);
    for (const [i, id] of users.entries()) await d.execute(sql`INSERT INTO users (id, tenant_id, name) VALUES (${id}, ${tenantId}, ${`用户${i}`})`);
  });
  return { tenantId, users };
}

async function started(database: Database): Promise<Notifier> {
  const notifier = createNotifier(database, log);
  await notifier.start();
  closing.push(() => notifier.stop());
  return notifier;
}

/** Collects a subscriber's events; next(k) waits until k events have arrived. */
function collector() {
  const events: NotifierEvent[] = [];
  let wake: () => void = () => undefined;
  const listener = (e: { type: string; data: unknown }) => {
    events.push(e as NotifierEvent);
    wake();
  };
  async function next(k: number, ms = 5_000): Promise<NotifierEvent[]> {
    const end = Date.now() + ms;
    while (events.length < k) {
      if (Date.now() > end) throw new Error(`expected ${k} events, got ${events.length}`);
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 100);
      });
    }
    return events.slice(0, k);
  }
  return { events, listener, next };
}

describe('notifier', () => {
  it('stores the notification and pushes it, then the unread count, to that user only', async () => {
    const notifier = await started(db);
    const { tenantId, users: [alice, bob] } = await tenantWithUsers(2);
    const a = collector();
    const b = collector();
    const unsubscribe = notifier.subscribe(tenantId, alice!, a.listener);
    notifier.subscribe(tenantId, bob!, b.listener);

    await notifier.notify({ tenantId, userId: alice!, title: '新客户分配给您', body: '上海示例贸易有限公司', link: '/customers/1' });
    const [note, unread] = await a.next(2);
    expect(note).toMatchObject({ type: 'notification', data: { title: '新客户分配给您', body: '上海示例贸易有限公司', link: '/customers/1', kind: 'info', readAt: null } });
    expect((note!.data as { createdAt: string }).createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(unread).toEqual({ type: 'unread', data: { count: 1 } });

    await notifier.notify({ tenantId, userId: alice!, title: '第二条', kind: 'reminder' });
    expect((await a.next(4))[3]).toEqual({ type: 'unread', data: { count: 2 } });
    const rows = await db.owner.query<{ title: string }>('SELECT title FROM notifications WHERE user_id = $1 ORDER BY created_at', [alice]);
    expect(rows.rows.map((r) => r.title)).toEqual(['新客户分配给您', '第二条']);
    expect(b.events).toEqual([]);

    unsubscribe();
    await notifier.notify({ tenantId, userId: alice!, title: '没人在看' });
    await new Promise((r) => setTimeout(r, 300));
    expect(a.events).toHaveLength(4);
  });

  it.skipIf(!usingPostgres)('reaches subscribers on another instance through LISTEN/NOTIFY (PostgreSQL only)', async () => {
    const other = await openDatabase({ url, dataDir: null, poolSize: 2 }); // a second app process
    closing.push(() => other.close());
    const sender = await started(db);
    const receiver = await started(other);
    const { tenantId, users: [carol] } = await tenantWithUsers(1);
    const c = collector();
    receiver.subscribe(tenantId, carol!, c.listener);
    await sender.notify({ tenantId, userId: carol!, title: '来自另一台实例' });
    const [note, unread] = await c.next(2);
    expect(note).toMatchObject({ type: 'notification', data: { title: '来自另一台实例' } });
    expect(unread).toEqual({ type: 'unread', data: { count: 1 } });
  });

  it.skipIf(!usingPostgres)('reconnects the listener after its connection is killed, and resyncs the count', async () => {
    const other = await openDatabase({ url, dataDir: null, poolSize: 2 });
    closing.push(() => other.close());
    const receiver = await started(other);
    const sender = await started(db);
    const { tenantId, users: [dave] } = await tenantWithUsers(1);
    const d = collector();
    receiver.subscribe(tenantId, dave!, d.listener);
    const killed = await db.owner.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = 'loopline-notify' AND datname = current_database()`,
    );
    expect(killed.rows[0]!.n).toBeGreaterThanOrEqual(1);
    expect((await d.next(1))[0]).toEqual({ type: 'unread', data: { count: 0 } }); // resync after reconnecting
    await sender.notify({ tenantId, userId: dave!, title: '重连之后' });
    const events = await d.next(3);
    expect(events[1]).toMatchObject({ type: 'notification', data: { title: '重连之后' } });
    expect(events[2]).toEqual({ type: 'unread', data: { count: 1 } });
  });
});
