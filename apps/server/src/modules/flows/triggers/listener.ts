/**
 * Wakes the dispatcher when a change that a flow listens to commits. The audit path NOTIFYs
 * FLOW_EVENTS_CHANNEL at commit; every instance listens (a dedicated connection on PostgreSQL,
 * PGlite's own listen in one process) and sends one `flows.dispatch` job (singletonKey: while one
 * waits, more sends are dropped). Notifications of a burst are coalesced for a moment first. The
 * minute schedule of the same job catches anything a lost connection missed.
 */
import pg from 'pg';
import type { AppContext } from '../../../platform/context.ts';
import { FLOW_EVENTS_CHANNEL } from '../../../platform/audit/audit.ts';

export interface FlowEventListener {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** `onEvents` runs at most once per `coalesceMs` however many notifications arrive. */
export function createFlowEventListener(ctx: AppContext, onEvents: () => Promise<unknown>, opts: { coalesceMs?: number } = {}): FlowEventListener {
  const coalesceMs = opts.coalesceMs ?? 50;
  let client: pg.Client | null = null;
  let unlisten: (() => Promise<void>) | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let pending: NodeJS.Timeout | null = null;
  let failures = 0;
  let stopped = false;

  function notified() {
    if (pending || stopped) return;
    pending = setTimeout(() => {
      pending = null;
      onEvents().catch((err) => ctx.log.warn({ err }, 'flow dispatch wake-up failed'));
    }, coalesceMs);
  }

  async function listenPostgres() {
    const c = new pg.Client({ connectionString: ctx.db.connectionString, application_name: 'loopline-flows', keepAlive: true, connectionTimeoutMillis: 10_000 });
    let gone = false;
    const lost = (err?: Error) => {
      if (gone) return; // 'error' and 'end' both fire: one reconnect per lost client
      gone = true;
      if (err && !stopped) ctx.log.warn({ err }, 'flow event listener lost its connection');
      if (client === c) client = null;
      c.end().catch(() => undefined);
      reconnect();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    c.on('notification', (msg) => {
      if (msg.channel === FLOW_EVENTS_CHANNEL) notified();
    });
    await c.connect();
    await c.query(`LISTEN ${FLOW_EVENTS_CHANNEL}`);
    if (stopped) return void (await c.end());
    const wasReconnect = failures > 0;
    client = c;
    failures = 0;
    if (wasReconnect) notified(); // events may have committed while we were away
  }

  function reconnect() {
    if (stopped || retryTimer) return;
    const wait = Math.min(30_000, 500 * 2 ** failures++);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      listenPostgres().catch((err) => {
        ctx.log.warn({ err }, 'flow event listener reconnect failed');
        reconnect();
      });
    }, wait);
  }

  return {
    async start() {
      if (stopped || client || unlisten) return;
      if (ctx.db.kind === 'postgres') {
        await listenPostgres().catch((err) => {
          ctx.log.error({ err }, 'flow event listener could not connect; retrying');
          failures = Math.max(failures, 1);
          reconnect();
        });
      } else if (ctx.db.pglite) {
        unlisten = await ctx.db.pglite.listen(FLOW_EVENTS_CHANNEL, () => notified());
      }
    },
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (pending) clearTimeout(pending);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
      const u = unlisten;
      unlisten = null;
      await u?.().catch(() => undefined);
    },
  };
}
