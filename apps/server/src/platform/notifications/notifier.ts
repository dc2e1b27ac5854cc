/**
 * In-app notifications: a row per notification plus a live push to the user's open event streams.
 * Several app instances may serve the same user, so the push goes through the database: PostgreSQL
 * LISTEN/NOTIFY on `loopline_notifications`, and every instance delivers to its own subscribers.
 * PGlite is embedded in one process, so an in-process EventEmitter plays the same role.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Db } from '../db/client.ts';
import { notifications } from '../db/schema.ts';

export interface NotificationInput { tenantId: string; userId: string; title: string; body?: string; link?: string; kind?: string }

export interface NotificationItem { id: string; title: string; body: string | null; link: string | null; kind: string; readAt: string | null; createdAt: string }

export type NotifierEvent = { type: 'notification'; data: NotificationItem } | { type: 'unread'; data: { count: number } };

export interface Notifier {
  notify(n: NotificationInput): Promise<void>;
  subscribe(tenantId: string, userId: string, listener: (event: { type: 'notification' | 'unread'; data: unknown }) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const NOTIFY_CHANNEL = 'loopline_notifications';

type Row = typeof notifications.$inferSelect;
interface Payload { tenantId: string; userId: string; id: string }

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toNotificationItem(r: Row): NotificationItem {
  return { id: r.id, title: r.title, body: r.body, link: r.link, kind: r.kind, readAt: iso(r.readAt), createdAt: iso(r.createdAt)! };
}

export async function unreadCount(d: Db, tenantId: string, userId: string): Promise<number> {
  const [row] = await d
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.tenantId, tenantId), eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

export function createNotifier(db: Database, log: FastifyBaseLogger): Notifier {
  type Listener = (event: NotifierEvent) => void;
  const subscribers = new Map<string, Set<Listener>>();
  const key = (tenantId: string, userId: string) => `${tenantId}:${userId}`;
  const bus = new EventEmitter(); // PGlite only
  let client: pg.Client | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let failures = 0;
  let stopped = false;
  let chain = Promise.resolve(); // deliveries in arrival order, so unread counts never go backwards

  function push(k: string, events: NotifierEvent[]) {
    for (const listener of subscribers.get(k) ?? []) {
      for (const e of events) {
        try {
          listener(e);
        } catch (err) {
          log.warn({ err }, 'notification subscriber failed');
        }
      }
    }
  }

  async function deliver(p: Payload) {
    const k = key(p.tenantId, p.userId);
    if (!subscribers.get(k)?.size) return; // nobody here is watching: no query at all
    const found = await db.forTenant(p.tenantId, async (d) => {
      const [row] = await d.select().from(notifications).where(and(eq(notifications.id, p.id), eq(notifications.tenantId, p.tenantId), eq(notifications.userId, p.userId)));
      return row ? { item: toNotificationItem(row), count: await unreadCount(d, p.tenantId, p.userId) } : null;
    });
    if (found) push(k, [{ type: 'notification', data: found.item }, { type: 'unread', data: { count: found.count } }]);
  }

  function enqueue(p: Payload) {
    chain = chain.then(() => deliver(p)).catch((err) => log.warn({ err }, 'notification push failed'));
  }
  bus.on(NOTIFY_CHANNEL, enqueue);

  /** After a reconnect, pushes may have been missed: send every watcher its current unread count. */
  async function resync() {
    for (const k of subscribers.keys()) {
      const [tenantId, userId] = k.split(':') as [string, string];
      const count = await db.forTenant(tenantId, (d) => unreadCount(d, tenantId, userId));
      push(k, [{ type: 'unread', data: { count } }]);
    }
  }

  async function listen() {
    // keepAlive: an idle LISTEN connection dropped by a NAT or proxy must surface as an error, not go quiet.
    const c = new pg.Client({ connectionString: db.connectionString, application_name: 'loopline-notify', keepAlive: true, connectionTimeoutMillis: 10_000 });
    let gone = false;
    const lost = (err?: Error) => {
      if (gone) return; // 'error' and 'end' both fire: one reconnect per lost client
      gone = true;
      if (err && !stopped) log.warn({ err }, 'notification listener lost its connection');
      if (client === c) client = null;
      c.end().catch(() => undefined);
      reconnect();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    c.on('notification', (msg) => {
      if (msg.channel !== NOTIFY_CHANNEL || !msg.payload) return;
      try {
        enqueue(JSON.parse(msg.payload) as Payload);
      } catch (err) {
        log.warn({ err }, 'bad notification payload');
      }
    });
    await c.connect();
    await c.query(`LISTEN ${NOTIFY_CHANNEL}`);
    if (stopped) return void (await c.end());
    const wasReconnect = failures > 0;
    client = c;
    failures = 0;
    if (wasReconnect) await resync().catch((err) => log.warn({ err }, 'notification resync failed'));
  }

  function reconnect() {
    if (stopped || retryTimer) return;
    const wait = Math.min(30_000, 500 * 2 ** failures++); // 0.5 s, 1 s, 2 s … capped at 30 s
    retryTimer = setTimeout(() => {
      retryTimer = null;
      listen().catch((err) => {
        log.warn({ err, retryInMs: Math.min(30_000, 500 * 2 ** failures) }, 'notification listener reconnect failed');
        reconnect();
      });
    }, wait);
  }

  return {
    async notify(n) {
      const [row] = await db.forTenant(n.tenantId, (d) =>
        d.insert(notifications).values({ tenantId: n.tenantId, userId: n.userId, title: n.title, body: n.body ?? null, link: n.link ?? null, kind: n.kind ?? 'info' }).returning({ id: notifications.id }),
      );
      const payload: Payload = { tenantId: n.tenantId, userId: n.userId, id: row!.id };
      if (db.kind !== 'postgres') return void bus.emit(NOTIFY_CHANNEL, payload);
      // The row is stored; a failed push only delays the badge until the next refresh.
      await db
        .forTenant(n.tenantId, (d) => d.execute(sql`SELECT pg_notify(${NOTIFY_CHANNEL}, ${JSON.stringify(payload)})`))
        .catch((err) => log.warn({ err }, 'notification push failed'));
    },

    subscribe(tenantId, userId, listener) {
      const k = key(tenantId, userId);
      const set = subscribers.get(k) ?? new Set<Listener>();
      set.add(listener as Listener);
      subscribers.set(k, set);
      return () => {
        set.delete(listener as Listener);
        if (set.size === 0 && subscribers.get(k) === set) subscribers.delete(k);
      };
    },

    async start() {
      if (db.kind !== 'postgres' || client || stopped) return;
      await listen().catch((err) => {
        log.error({ err }, 'notification listener could not connect; retrying');
        failures = Math.max(failures, 1);
        reconnect();
      });
    },

    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
      await chain;
    },
  };
}
