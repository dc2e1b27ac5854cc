/**
 * The outbox of external effects (email, outgoing webhooks), delivered after the step committed.
 * At least once: the delivery id travels as Idempotency-Key so receivers can drop repeats. A
 * failing target is retried with backoff (10 s · 2^n), then marked failed after MAX_ATTEMPTS; each
 * delivery is claimed with a short lease and worked concurrently, so one slow target never holds up
 * the others, nor any execution (steps never wait for deliveries).
 */
import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows } from '../../../platform/db/query.ts';
import { crashPoint, SimulatedCrash } from './worker.ts';

export const MAX_ATTEMPTS = 5;
export const BACKOFF_BASE_MS = 10_000;
/** a claimed delivery is not picked up again before this (a crashed deliverer's work is retried after it) */
export const LEASE_MS = 60_000;
export const WEBHOOK_TIMEOUT_MS = 10_000;
const CONCURRENCY = 8;

export interface DeliveryDeps {
  ctx: AppContext;
  webhookTimeoutMs?: number;
  faults?: { beforeDeliver?(deliveryId: string): void };
}

interface DeliveryRow { id: string; tenant_id: string; kind: 'email' | 'webhook'; request: Record<string, unknown>; attempts: number }

export const backoffMs = (attempts: number) => BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1);

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

type Attempt = { ok: true; status: number | null } | { ok: false; status: number | null; error: string };

async function postWebhook(d: DeliveryRow, timeoutMs: number): Promise<Attempt> {
  const url = String(d.request.url ?? '');
  const body = String(d.request.body ?? '');
  const secret = typeof d.request.secret === 'string' && d.request.secret ? d.request.secret : null;
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Loopline-Flows/1',
        'idempotency-key': d.id,
        ...(secret ? { 'x-loopline-signature': signature(secret, body) } : {}),
      },
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return { ok: false, status: res.status, error: `对方返回 HTTP ${res.status}` };
  } catch (err) {
    const e = err as { name?: string; message?: string; cause?: { code?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return { ok: false, status: null, error: `请求超时（${Math.round(timeoutMs / 1000)} 秒）` };
    return { ok: false, status: null, error: `请求失败：${e.cause?.code ?? e.message ?? String(err)}` };
  }
}

async function sendEmail(ctx: AppContext, d: DeliveryRow): Promise<Attempt> {
  const res = await ctx.mailer.deliver({ tenantId: d.tenant_id, to: String(d.request.to), subject: String(d.request.subject ?? ''), text: String(d.request.text ?? '') });
  return res.status === 'failed' ? { ok: false, status: null, error: `邮件发送失败：${res.error ?? ''}` } : { ok: true, status: null };
}

/** Claims one due delivery (lease + one more attempt), or undefined if someone else did. */
async function claim(ctx: AppContext, tenantId: string, id: string, now: Date): Promise<DeliveryRow | undefined> {
  return ctx.db.forTenant(tenantId, (db) => one<DeliveryRow>(db, sql`UPDATE flow_deliveries
      SET attempts = attempts + 1, next_attempt_at = ${new Date(now.getTime() + LEASE_MS).toISOString()}::timestamptz
    WHERE id = ${id} AND tenant_id = ${tenantId} AND status = 'pending' AND next_attempt_at <= ${now.toISOString()}::timestamptz
    RETURNING id::text AS id, tenant_id::text AS tenant_id, kind, request, attempts`));
}

async function settle(ctx: AppContext, d: DeliveryRow, r: Attempt, now: Date): Promise<void> {
  const at = now.toISOString();
  await ctx.db.forTenant(d.tenant_id, (db) => {
    if (r.ok) return db.execute(sql`UPDATE flow_deliveries SET status = 'sent', sent_at = ${at}::timestamptz, response_status = ${r.status}, last_error = NULL WHERE id = ${d.id}`);
    const give_up = d.attempts >= MAX_ATTEMPTS;
    const next = new Date(now.getTime() + backoffMs(d.attempts)).toISOString();
    return db.execute(sql`UPDATE flow_deliveries SET status = ${give_up ? 'failed' : 'pending'}, last_error = ${r.error}, response_status = ${r.status},
      next_attempt_at = ${give_up ? sql`next_attempt_at` : sql`${next}::timestamptz`} WHERE id = ${d.id}`);
  });
}

async function deliverOne(deps: DeliveryDeps, c: { id: string; tenant_id: string }, now: Date): Promise<boolean> {
  const d = await claim(deps.ctx, c.tenant_id, c.id, now);
  if (!d) return false;
  if (typeof d.request === 'string') d.request = JSON.parse(d.request);
  crashPoint(deps.faults?.beforeDeliver, d.id);
  const result = d.kind === 'webhook' ? await postWebhook(d, deps.webhookTimeoutMs ?? WEBHOOK_TIMEOUT_MS) : await sendEmail(deps.ctx, d);
  await settle(deps.ctx, d, result, now);
  if (!result.ok) deps.ctx.log.info({ deliveryId: d.id, attempts: d.attempts, error: result.error }, 'flow delivery failed');
  return true;
}

/** Attempts every delivery due at `now` (all tenants); answers how many were attempted. */
export async function deliverDue(deps: DeliveryDeps, now: Date, limit = 500): Promise<number> {
  const due = await deps.ctx.db.asSystem((db) => rows<{ id: string; tenant_id: string }>(db, sql`SELECT id::text AS id, tenant_id::text AS tenant_id
    FROM flow_deliveries WHERE status = 'pending' AND next_attempt_at <= ${now.toISOString()}::timestamptz ORDER BY next_attempt_at, id LIMIT ${limit}`));
  let attempted = 0;
  let crash: SimulatedCrash | null = null;
  let next = 0;
  const lane = async () => {
    while (next < due.length && !crash) {
      const c = due[next++]!;
      try {
        if (await deliverOne(deps, c, now)) attempted += 1;
      } catch (err) {
        if (err instanceof SimulatedCrash) crash = err;
        else deps.ctx.log.error({ err, deliveryId: c.id }, 'flow delivery could not be worked');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, lane));
  if (crash) throw crash;
  return attempted;
}
