/**
 * Giving records back to a pool by hand, with a reason: by their owner, or by someone who may
 * transfer them. Without a pool named, a record goes to its home pool (where it was claimed from),
 * else its owner's first pool, else the tenant's first pool for that record type.
 */
import { sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Actor } from '../../platform/auth/actor.ts';
import type { AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { can } from '../../platform/permissions/effective.ts';
import { ownerScope } from '../../platform/permissions/recordAccess.ts';
import { customers } from '../customers/schema.ts';
import { leads } from '../leads/schema.ts';
import type { ReturnInput } from './input.ts';
import { homePoolsSql } from './membership.ts';
import { contactsFollowCustomers, lockPool, lockRows, logMoves, settle, TABLE, uuids, type Failure, type MoveResult } from './moves.ts';
import type { PoolRecordType } from './schema.ts';

interface Locked { id: string; owner_id: string | null; pool_id: string | null; title: string; locked: boolean; visible: boolean; transferable: boolean }

/**
 * Visibility and transfer rights as columns of the locked read (alias r), with the same data-scope
 * and sharing rules as visibleRecords()/writableRecords(), so one query answers every id.
 */
function accessColumns(actor: Actor, recordType: PoolRecordType): SQL {
  const r = alias(recordType === 'customer' ? customers : leads, 'r');
  const scoped = (action: 'view' | 'transfer') => {
    if (!can(actor.perms, recordType, action)) return sql`false`;
    const scope = ownerScope(actor, r.ownerId);
    if (!scope) return sql`true`;
    const shared = sql`r.id = ANY(ARRAY(SELECT s.record_id FROM record_shares s WHERE s.tenant_id = ${actor.tenantId} AND s.record_type = ${recordType}
      AND s.user_id = ${actor.userId} AND (s.expires_at IS NULL OR s.expires_at > now()) ${action === 'transfer' ? sql`AND s.access = 'write'` : sql``}))`;
    return sql`(${scope} OR ${shared})`;
  };
  const locked = recordType === 'customer' ? sql`r.locked` : sql`false`;
  return sql`, ${locked} AS locked, (r.owner_id = ${actor.userId} OR ${scoped('view')}) AS visible, ${scoped('transfer')} AS transferable`;
}

/** The pool each record goes to when none was named. */
async function defaultPools(tx: Db, tenantId: string, recordType: PoolRecordType, recs: Locked[]): Promise<Map<string, string>> {
  if (!recs.length) return new Map();
  const found = await rows<{ id: string; pool_id: string | null }>(tx, sql`
    SELECT r.id::text AS id, coalesce(home.id, hp.pool_id, first.id)::text AS pool_id
    FROM ${TABLE[recordType]} r
      LEFT JOIN pools home ON home.id = r.pool_id AND ${recordType} = ANY(home.record_types)
      LEFT JOIN ${homePoolsSql(tenantId, recordType)} hp ON hp.user_id = r.owner_id
      LEFT JOIN LATERAL (SELECT id FROM pools WHERE tenant_id = ${tenantId} AND ${recordType} = ANY(record_types) ORDER BY position, created_at, id LIMIT 1) first ON true
    WHERE r.tenant_id = ${tenantId} AND r.id = ANY(${uuids(recs.map((x) => x.id))})`);
  return new Map(found.filter((f) => f.pool_id).map((f) => [f.id, f.pool_id!]));
}

export async function returnToPool(db: Db, actor: Actor, src: AuditSource, input: ReturnInput, now = new Date()): Promise<MoveResult> {
  const { recordType, ids, reason } = input;
  const result = await inTransaction(db, async (tx) => {
    const named = input.poolId ? await lockPool(tx, actor, input.poolId, recordType, 'poolId') : null;
    const found = await lockRows<Locked>(tx, actor, recordType, ids, accessColumns(actor, recordType));
    const failed: Failure[] = [];
    const movable: Locked[] = [];
    for (const id of ids) {
      const r = found.get(id);
      if (!r || !r.visible) failed.push({ id, code: 'NOT_FOUND', message: `${recordType} not found` });
      else if (!r.owner_id) failed.push({ id, code: 'NOT_OWNED', message: 'it has no owner: it is already in a pool' });
      else if (r.owner_id !== actor.userId && !r.transferable) failed.push({ id, code: 'FORBIDDEN', message: 'only its owner or someone who may transfer it can return it' });
      else if (r.locked) failed.push({ id, code: 'LOCKED', message: 'a locked customer stays with its owner; unlock it first' });
      else movable.push(r);
    }
    const target = named ? new Map(movable.map((r) => [r.id, named.id])) : await defaultPools(tx, actor.tenantId, recordType, movable);
    const byPool = new Map<string, Locked[]>();
    for (const r of movable) {
      const p = target.get(r.id);
      if (!p) failed.push({ id: r.id, code: 'NO_POOL', message: `there is no pool for ${recordType}s yet` });
      else byPool.set(p, [...(byPool.get(p) ?? []), r]);
    }
    const ok: string[] = [];
    const at = now.toISOString();
    for (const [poolId, recs] of byPool) {
      const pool = named ?? (await lockPool(tx, actor, poolId, recordType));
      // SET reads the old row: previous_owner_id takes the owner being replaced
      const moved = await rows<{ id: string; from: string }>(tx, sql`UPDATE ${TABLE[recordType]} SET previous_owner_id = owner_id, owner_id = NULL,
          owner_since = NULL, pool_id = ${poolId}, pool_entered_at = ${at}::timestamptz, updated_at = ${at}::timestamptz
        WHERE tenant_id = ${actor.tenantId} AND id = ANY(${uuids(recs.map((x) => x.id))}) RETURNING id::text AS id, previous_owner_id::text AS from`);
      await tx.execute(sql`DELETE FROM pool_recycle_warnings WHERE tenant_id = ${actor.tenantId} AND record_type = ${recordType} AND record_id = ANY(${uuids(moved.map((m) => m.id))})`);
      if (recordType === 'customer' && moved.length) await contactsFollowCustomers(tx, actor.tenantId, sql`SELECT unnest(${uuids(moved.map((m) => m.id))})`);
      await logMoves(tx, src, { kind: 'return', recordType, poolId, poolName: pool.name, records: moved.map((m) => ({ id: m.id, from: m.from, to: null })), reason, now });
      ok.push(...moved.map((m) => m.id));
    }
    return { ok: ok.sort(), failed };
  }, actor.tenantId);
  return settle(result);
}
