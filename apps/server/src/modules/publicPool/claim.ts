/**
 * Taking records out of a pool: a member claims them (claim permission, daily limit, reclaim
 * cool-down, ownership caps), or a pool admin / manager assigns them to someone. Two people claiming
 * the same record at once: the row lock queues the second, who then finds it owned → ALREADY_CLAIMED.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one, rows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { conflict, fieldError, forbidden, notFound } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { assertOwnershipCaps } from './caps.ts';
import type { AssignInput, ClaimInput } from './input.ts';
import { poolRole } from './membership.ts';
import { contactsFollowCustomers, lockPool, lockRows, logMoves, settle, TABLE, uuids, type Failure, type MoveResult } from './moves.ts';
import { claimsToday } from './pools.ts';
import { DAY_MS } from './recycleRules.ts';
import type { PoolRecordType, PoolRow } from './schema.ts';

interface Locked { id: string; owner_id: string | null; pool_id: string | null; title: string }

/** Splits the requested ids into those waiting in this pool and per-id failures. */
function waitingIn(pool: PoolRow, ids: string[], found: Map<string, Locked>, failed: Failure[]): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const r = found.get(id);
    if (!r || r.pool_id !== pool.id) failed.push({ id, code: 'NOT_FOUND', message: 'not in this pool' });
    else if (r.owner_id) failed.push({ id, code: 'ALREADY_CLAIMED', message: 'someone has already taken it' });
    else out.push(id);
  }
  return out;
}

/** Moves waiting records to an owner; ids someone else took meanwhile come back as failures. */
async function takeOut(tx: Db, actor: Actor, pool: PoolRow, recordType: PoolRecordType, ids: string[], ownerId: string, now: Date): Promise<string[]> {
  if (!ids.length) return [];
  const at = now.toISOString();
  const moved = await rows<{ id: string }>(tx, sql`UPDATE ${TABLE[recordType]} SET owner_id = ${ownerId}, owner_since = ${at}::timestamptz,
      pool_entered_at = NULL, updated_at = ${at}::timestamptz ${recordType === 'lead' ? sql`, assigned_at = ${at}::timestamptz` : sql``}
    WHERE tenant_id = ${actor.tenantId} AND id = ANY(${uuids(ids)}) AND owner_id IS NULL AND pool_id = ${pool.id} AND deleted_at IS NULL
    RETURNING id::text AS id`);
  if (recordType === 'customer' && moved.length) await contactsFollowCustomers(tx, actor.tenantId, sql`SELECT unnest(${uuids(moved.map((r) => r.id))})`);
  return moved.map((r) => r.id);
}

export async function claimFromPool(db: Db, actor: Actor, src: AuditSource, poolId: string, input: ClaimInput, now = new Date()): Promise<MoveResult> {
  const { recordType, ids } = input;
  if (!can(actor.perms, recordType, 'claim')) throw forbidden(`no permission to claim ${recordType}s`, { object: recordType, action: 'claim' });
  const result = await inTransaction(db, async (tx) => {
    const pool = await lockPool(tx, actor, poolId, recordType);
    if (!(await poolRole(tx, actor, poolId)).member) throw notFound('pool');
    // one claimer at a time per person: the daily count and the caps count see each other's claims
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`pool-claim:${actor.tenantId}:${actor.userId}`}))`);
    const failed: Failure[] = [];
    let eligible = waitingIn(pool, ids, await lockRows<Locked>(tx, actor, recordType, ids), failed);

    if (eligible.length && pool.reclaimCooldownDays) {
      const since = new Date(now.getTime() - pool.reclaimCooldownDays * DAY_MS);
      const cooling = await rows<{ id: string; until: Date | string }>(tx, sql`SELECT record_id::text AS id, max(created_at) + ${pool.reclaimCooldownDays}::int * interval '24 hours' AS until
        FROM pool_events WHERE tenant_id = ${actor.tenantId} AND record_type = ${recordType} AND record_id = ANY(${uuids(eligible)})
          AND kind = 'return' AND from_owner_id = ${actor.userId} AND created_at > ${since.toISOString()}::timestamptz GROUP BY record_id`);
      for (const c of cooling) {
        failed.push({ id: c.id, code: 'RECLAIM_COOLDOWN', message: `you gave it back recently; you may claim it again from ${new Date(c.until).toISOString()}` });
      }
      const blocked = new Set(cooling.map((c) => c.id));
      eligible = eligible.filter((id) => !blocked.has(id));
    }

    if (eligible.length && pool.dailyClaimLimit !== null) {
      const used = await claimsToday(tx, actor, pool.id, now);
      if (used + eligible.length > pool.dailyClaimLimit) {
        const remaining = Math.max(0, pool.dailyClaimLimit - used);
        throw conflict('DAILY_CLAIM_LIMIT', `you may claim ${pool.dailyClaimLimit} per day from this pool and have ${remaining} left today`, { limit: pool.dailyClaimLimit, used, remaining, requested: eligible.length });
      }
    }
    if (eligible.length && recordType === 'customer') await assertOwnershipCaps(tx, actor.tenantId, [{ userId: actor.userId, customerIds: eligible }]);

    const ok = await takeOut(tx, actor, pool, recordType, eligible, actor.userId, now);
    const taken = new Set(ok);
    for (const id of eligible) if (!taken.has(id)) failed.push({ id, code: 'ALREADY_CLAIMED', message: 'someone has already taken it' });
    await logMoves(tx, src, { kind: 'claim', recordType, poolId: pool.id, poolName: pool.name, records: ok.map((id) => ({ id, from: null, to: actor.userId })), now });
    return { ok: ok.sort(), failed };
  }, actor.tenantId);
  return settle(result);
}

/** Who may hand out a pool's records: tenant admins, the pool's admins, and members who may transfer. */
async function assertMayAssign(tx: Db, actor: Actor, poolId: string, recordType: PoolRecordType): Promise<void> {
  const role = await poolRole(tx, actor, poolId);
  if (!role.member) throw notFound('pool');
  if (!role.admin && !can(actor.perms, recordType, 'transfer')) throw forbidden('only pool admins and people who may transfer records assign from a pool');
}

export async function assignFromPool(db: Db, actor: Actor, src: AuditSource, poolId: string, input: AssignInput, now = new Date()): Promise<MoveResult & { poolName: string }> {
  const { recordType, ids, ownerId } = input;
  const result = await inTransaction(db, async (tx) => {
    const pool = await lockPool(tx, actor, poolId, recordType);
    await assertMayAssign(tx, actor, poolId, recordType);
    const owner = await one(tx, sql`SELECT 1 AS ok FROM users WHERE tenant_id = ${actor.tenantId} AND id = ${ownerId} AND status = 'active'`);
    if (!owner) throw fieldError('ownerId', 'no such active user');
    const failed: Failure[] = [];
    const eligible = waitingIn(pool, ids, await lockRows<Locked>(tx, actor, recordType, ids), failed);
    if (eligible.length && recordType === 'customer') await assertOwnershipCaps(tx, actor.tenantId, [{ userId: ownerId, customerIds: eligible }]);
    const ok = await takeOut(tx, actor, pool, recordType, eligible, ownerId, now);
    await logMoves(tx, src, { kind: 'assign', recordType, poolId: pool.id, poolName: pool.name, records: ok.map((id) => ({ id, from: null, to: ownerId })), now });
    return { ok: ok.sort(), failed, poolName: pool.name };
  }, actor.tenantId);
  settle(result);
  return result;
}
