/** What claim, assign and return share: the record tables, per-id outcomes, the pool log and audit. */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { AppError, fieldError, notFound } from '../../platform/http/errors.ts';
import { poolEvents, pools, type PoolEventKind, type PoolRecordType, type PoolRow } from './schema.ts';

export const TABLE: Record<PoolRecordType, SQL> = { customer: sql.raw('customers'), lead: sql.raw('leads') };
export const uuids = (list: string[]) => sql`${sql.param(list)}::uuid[]`;

export interface Failure { id: string; code: string; message: string }
export interface MoveResult { ok: string[]; failed: Failure[] }

const STATUS: Record<string, number> = { NOT_FOUND: 404, FORBIDDEN: 403 };

/**
 * The answer to a move: partial success is a 200 listing what failed; when nothing moved, the
 * first failure becomes the error itself (a single claim someone else won is a plain 409
 * ALREADY_CLAIMED), with every failure in details.failed.
 */
export function settle(result: MoveResult): MoveResult {
  if (result.ok.length > 0 || result.failed.length === 0) return result;
  const first = result.failed.find((f) => f.code !== 'NOT_FOUND') ?? result.failed[0]!;
  throw new AppError(STATUS[first.code] ?? 409, first.code, first.message, { failed: result.failed });
}

/** The pool, locked against deletion and edits while records move; 404 when absent, 400 when it does not hold the type. */
export async function lockPool(tx: Db, actor: Actor, poolId: string, recordType: PoolRecordType, field = 'recordType'): Promise<PoolRow> {
  const [pool] = await tx.select().from(pools).where(and(eq(pools.id, poolId), eq(pools.tenantId, actor.tenantId))).for('share');
  if (!pool) throw notFound('pool');
  if (!pool.recordTypes.includes(recordType)) throw fieldError(field, `this pool does not hold ${recordType}s`, 'WRONG_RECORD_TYPE');
  return pool;
}

/** Rows about to move, locked in id order so overlapping requests queue instead of deadlocking. */
export async function lockRows<T>(tx: Db, actor: Actor, recordType: PoolRecordType, ids: string[], extra: SQL = sql``): Promise<Map<string, T>> {
  const t = TABLE[recordType];
  const found = (await tx.execute(sql`SELECT id::text AS id, owner_id::text AS owner_id, pool_id::text AS pool_id, name AS title ${extra}
    FROM ${t} r WHERE tenant_id = ${actor.tenantId} AND id = ANY(${uuids(ids)}) AND deleted_at IS NULL
    ORDER BY id FOR UPDATE`)) as unknown as { rows: (T & { id: string })[] };
  return new Map(found.rows.map((r) => [r.id, r]));
}

export interface PoolMove {
  kind: PoolEventKind;
  recordType: PoolRecordType;
  poolId: string;
  poolName: string;
  records: { id: string; from: string | null; to: string | null }[];
  reason?: string | null;
  now: Date;
}

/** One pool_events row and one audit entry per moved record, in the caller's transaction. */
export async function logMoves(tx: Db, src: AuditSource, m: PoolMove): Promise<void> {
  if (!m.records.length) return;
  await tx.insert(poolEvents).values(m.records.map((r) => ({
    tenantId: src.tenantId, poolId: m.poolId, recordType: m.recordType, recordId: r.id, kind: m.kind,
    fromOwnerId: r.from, toOwnerId: r.to, actorId: src.actorId, reasonCode: m.kind === 'return' ? 'manual' : null, reason: m.reason ?? null, createdAt: m.now,
  })));
  const action = m.kind === 'claim' ? 'claimFromPool' : m.kind === 'assign' ? 'assignFromPool' : 'returnToPool';
  for (const r of m.records) {
    await recordAudit(tx, src, {
      action, recordType: m.recordType, recordId: r.id, before: { ownerId: r.from }, after: { ownerId: r.to },
      data: { poolId: m.poolId, poolName: m.poolName, ...(m.kind === 'return' ? { reasonCode: 'manual', reason: m.reason } : {}) },
    });
  }
}

/**
 * A customer's contacts go where the customer goes: returned to the pool, the previous owner's
 * contacts become ownerless (so the rep stops seeing them); claimed or assigned, the ownerless ones
 * follow the new owner. Contacts someone else owns on purpose are left alone.
 */
export async function contactsFollowCustomers(tx: Db, tenantId: string, customerIds: SQL): Promise<void> {
  await tx.execute(sql`UPDATE contacts k SET owner_id = c.owner_id, updated_at = now()
    FROM customers c
    WHERE k.customer_id = c.id AND c.tenant_id = ${tenantId} AND k.tenant_id = ${tenantId} AND c.id IN (${customerIds})
      AND k.deleted_at IS NULL AND k.owner_id IS DISTINCT FROM c.owner_id
      AND (k.owner_id IS NULL OR k.owner_id = c.previous_owner_id)`);
}
