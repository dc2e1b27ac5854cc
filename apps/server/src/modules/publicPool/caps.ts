/**
 * Ownership caps (PRODUCT.md): a user — or a department's members together, sub-departments
 * included — may own at most N customers and lock at most M; whether customers with a closed deal
 * count toward N is part of each cap. Every path that gives someone customers calls
 * assertOwnershipCaps inside its transaction: claim and assign from the pool, transfer, convert,
 * create, lock.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { conflict } from '../../platform/http/errors.ts';
import { ownershipCaps } from './schema.ts';

/** Records a user is about to gain: customers owned, customers locked. */
export interface OwnershipGain {
  userId: string;
  customers?: number;
  locked?: number;
  /**
   * Optional, more precise than `customers`: the customers being moved to the user. Closed ones
   * count only where the cap counts closed customers, locked ones count toward max locked, and
   * ones the user already owns count not at all.
   */
  customerIds?: string[];
}

type CapRow = typeof ownershipCaps.$inferSelect;
interface Tally { all: number; open: number; locked: number }
const zero = (): Tally => ({ all: 0, open: 0, locked: 0 });
const add = (a: Tally, b: Tally): Tally => ({ all: a.all + b.all, open: a.open + b.open, locked: a.locked + b.locked });

const ids = (list: string[]) => sql`${sql.param(list)}::uuid[]`;
const OPEN = sql`deal_status NOT IN ('won', 'repeat')`;

/** What each user gains, from counts and/or the customers being moved. */
async function gainsByUser(tx: Db, gains: OwnershipGain[]): Promise<Map<string, Tally>> {
  const out = new Map<string, Tally>();
  for (const g of gains) {
    let t: Tally = { all: g.customers ?? 0, open: g.customers ?? 0, locked: g.locked ?? 0 };
    if (g.customerIds?.length) {
      const [r] = await rows<Tally>(tx, sql`SELECT count(*)::int AS all, count(*) FILTER (WHERE ${OPEN})::int AS open, count(*) FILTER (WHERE locked)::int AS locked
        FROM customers WHERE id = ANY(${ids(g.customerIds)}) AND owner_id IS DISTINCT FROM ${g.userId}`);
      t = add(t, { all: Number(r?.all ?? 0), open: Number(r?.open ?? 0), locked: Number(r?.locked ?? 0) });
    }
    out.set(g.userId, add(out.get(g.userId) ?? zero(), t));
  }
  return out;
}

async function owned(tx: Db, tenantId: string, userIds: string[]): Promise<Tally> {
  const [r] = await rows<Tally>(tx, sql`SELECT count(*)::int AS all, count(*) FILTER (WHERE ${OPEN})::int AS open, count(*) FILTER (WHERE locked)::int AS locked
    FROM customers WHERE tenant_id = ${tenantId} AND deleted_at IS NULL AND owner_id = ANY(${ids(userIds)})`);
  return { all: Number(r?.all ?? 0), open: Number(r?.open ?? 0), locked: Number(r?.locked ?? 0) };
}

function check(cap: CapRow, now: Tally, gain: Tally, who: Record<string, unknown>, name: string): void {
  const ownedNow = cap.countClosed ? now.all : now.open;
  const adding = cap.countClosed ? gain.all : gain.open;
  if (cap.maxOwned !== null && adding > 0 && ownedNow + adding > cap.maxOwned) {
    throw conflict('OWNERSHIP_CAP', `${name} owns ${ownedNow} customers; the cap is ${cap.maxOwned}${adding > 1 ? ` (adding ${adding})` : ''}`,
      { ...who, cap: 'maxOwned', limit: cap.maxOwned, count: ownedNow, adding });
  }
  if (cap.maxLocked !== null && gain.locked > 0 && now.locked + gain.locked > cap.maxLocked) {
    throw conflict('OWNERSHIP_CAP', `${name} has ${now.locked} locked customers; the cap is ${cap.maxLocked}`,
      { ...who, cap: 'maxLocked', limit: cap.maxLocked, count: now.locked, adding: gain.locked });
  }
}

/**
 * Throws 409 OWNERSHIP_CAP (details name the user, the cap and the count) when a gain would take a
 * user or their department over the configured max owned / max locked customers. Call inside the
 * transaction that makes the change, after locking the rows being moved. It holds a transaction
 * lock per capped user and department until commit, so concurrent gains are counted one after
 * the other and cannot both slip under a cap.
 */
export async function assertOwnershipCaps(tx: Db, tenantId: string, gains: OwnershipGain[]): Promise<void> {
  if (!gains.some((g) => (g.customers ?? 0) > 0 || (g.locked ?? 0) > 0 || g.customerIds?.length)) return;
  const caps = await tx.select().from(ownershipCaps).where(eq(ownershipCaps.tenantId, tenantId));
  if (caps.length === 0) return;
  const gain = await gainsByUser(tx, gains);
  const userIds = [...gain.keys()];
  const users = await rows<{ id: string; name: string }>(tx, sql`SELECT id, name FROM users WHERE tenant_id = ${tenantId} AND id = ANY(${ids(userIds)})`);
  const names = new Map(users.map((u) => [u.id, u.name]));

  const deptCaps = caps.filter((c) => c.subjectType === 'department');
  // members of each capped department, sub-departments included
  const deptMembers = new Map<string, { name: string; users: string[] }>();
  if (deptCaps.length) {
    const found = await rows<{ root: string; root_name: string; user_id: string }>(tx, sql`WITH RECURSIVE sub(root, id) AS (
        SELECT department_id, department_id FROM ownership_caps WHERE tenant_id = ${tenantId} AND subject_type = 'department'
        UNION ALL SELECT sub.root, d.id FROM departments d JOIN sub ON d.parent_id = sub.id WHERE d.tenant_id = ${tenantId})
      SELECT sub.root, rd.name AS root_name, u.id AS user_id FROM sub JOIN departments rd ON rd.id = sub.root
        JOIN users u ON u.tenant_id = ${tenantId} AND u.department_id = sub.id`);
    for (const f of found) {
      const d = deptMembers.get(f.root) ?? { name: f.root_name, users: [] };
      d.users.push(f.user_id);
      deptMembers.set(f.root, d);
    }
  }
  const everyone = caps.find((c) => c.subjectType === 'everyone');
  const userCap = (id: string) => caps.find((c) => c.subjectType === 'user' && c.userId === id) ?? everyone;
  const cappedUsers = userIds.filter((id) => userCap(id)).sort();
  const affectedDepts = deptCaps.filter((c) => deptMembers.get(c.departmentId!)?.users.some((u) => gain.has(u)));

  // One global order (sorted keys) so two transactions never wait on each other crosswise.
  const keys = [...cappedUsers.map((u) => `u:${u}`), ...affectedDepts.map((c) => `d:${c.departmentId}`)].sort();
  for (const k of keys) await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`ownership:${tenantId}:${k}`}))`);

  for (const u of cappedUsers) {
    check(userCap(u)!, await owned(tx, tenantId, [u]), gain.get(u)!, { userId: u, userName: names.get(u) ?? null }, names.get(u) ?? u);
  }
  for (const c of affectedDepts) {
    const d = deptMembers.get(c.departmentId!)!;
    const g = d.users.reduce((t, u) => add(t, gain.get(u) ?? zero()), zero());
    const first = d.users.find((u) => gain.has(u))!;
    check(c, await owned(tx, tenantId, d.users), g, { userId: first, userName: names.get(first) ?? null, departmentId: c.departmentId, departmentName: d.name }, d.name);
  }
}
