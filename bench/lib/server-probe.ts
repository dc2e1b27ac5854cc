/**
 * Preloaded into the benchmarked server (`node --import tsx --import bench/lib/server-probe.ts
 * apps/server/src/main.ts`); it never changes what the app does unless BENCH_PGLITE_YIELD=1.
 *
 * - event-loop delay: perf_hooks.monitorEventLoopDelay, read and reset over IPC;
 * - query capture: records the SQL text and parameters the app sends (pg.Client#query and
 *   PGlite#query), so the raw-SQL benchmark replays exactly what the API runs;
 * - BENCH_PGLITE_YIELD=1: the experiment of docs/benchmarks.md — PGlite#query calls are queued
 *   and each one first yields to the event loop (setImmediate), so queued queries no longer run
 *   back to back in one macrotask while sockets wait.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';

export interface CapturedQuery {
  text: string;
  params: unknown[];
  /** 'array' when the driver asked for rows as arrays (drizzle does for selects) */
  rowMode?: string;
}

const eld = monitorEventLoopDelay({ resolution: 5 });
eld.enable();

let capturing: CapturedQuery[] | null = null;
const record = (text: unknown, params: unknown, rowMode?: unknown) => {
  if (capturing && typeof text === 'string') {
    capturing.push({ text, params: Array.isArray(params) ? [...params] : [], ...(typeof rowMode === 'string' ? { rowMode } : {}) });
  }
};

type AnyFn = (...args: unknown[]) => unknown;
const clientProto = pg.Client.prototype as unknown as { query: AnyFn };
const pgQuery = clientProto.query;
clientProto.query = function (this: unknown, config: unknown, values?: unknown, cb?: unknown) {
  if (capturing) {
    if (typeof config === 'string') record(config, values);
    else if (config && typeof config === 'object') {
      const c = config as { text?: string; values?: unknown[]; rowMode?: string };
      record(c.text, Array.isArray(values) ? values : c.values, c.rowMode);
    }
  }
  return pgQuery.call(this, config, values, cb);
};

const pgliteProto = PGlite.prototype as unknown as { query: AnyFn };
const pgliteQuery = pgliteProto.query;
const yieldBetween = process.env.BENCH_PGLITE_YIELD === '1';
// PGlite runs each query synchronously and hands its mutex to the next waiter through a promise
// (a microtask), so N queued queries run back to back in ONE macrotask: no socket is read, no
// timer fires, until the queue is empty. The experiment queues queries itself and returns to the
// event loop (setImmediate) before each one, so the loop turns between queries.
let chain: Promise<unknown> = Promise.resolve();
pgliteProto.query = function (this: unknown, text: unknown, params?: unknown, options?: unknown) {
  record(text, params, (options as { rowMode?: string } | undefined)?.rowMode);
  if (!yieldBetween) return pgliteQuery.call(this, text, params, options);
  const run = chain.then(
    () => new Promise<void>((resolve) => setImmediate(resolve)).then(() => pgliteQuery.call(this, text, params, options)),
  );
  chain = run.catch(() => undefined);
  return run;
};

const ms = (ns: number) => +(ns / 1e6).toFixed(2);

process.on('message', (msg: { id: number; cmd: string }) => {
  const reply = (data: unknown) => process.send?.({ id: msg.id, data });
  switch (msg.cmd) {
    case 'eld': {
      const data = {
        count: eld.count,
        min: ms(eld.min), mean: ms(eld.mean), p50: ms(eld.percentile(50)), p90: ms(eld.percentile(90)),
        p99: ms(eld.percentile(99)), max: ms(eld.max),
      };
      eld.reset();
      reply(data);
      return;
    }
    case 'captureStart':
      capturing = [];
      reply(true);
      return;
    case 'captureStop': {
      const got = capturing ?? [];
      capturing = null;
      reply(got);
      return;
    }
    case 'memory':
      reply({ ...process.memoryUsage(), maxRssKb: process.resourceUsage().maxRSS });
      return;
    default:
      reply(null);
  }
});
