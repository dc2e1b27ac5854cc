/** 折扣权限: per role, the largest discount (percent off list price) a quote may give without approval. */
import { sql } from 'drizzle-orm';
import { formatPercent, MoneyInputError, parsePercent } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { fieldError } from '../../platform/http/errors.ts';

export interface DiscountLimitItem { roleId: string; roleKey: string; roleName: string; roleNameEn: string | null; maxDiscountPct: string | null }

/** Every role of the tenant with its limit (null = no limit). */
export async function listDiscountLimits(db: Db, actor: Actor): Promise<{ items: DiscountLimitItem[] }> {
  const found = await rows<{ id: string; key: string; name: string; name_en: string | null; pct: string | null }>(db, sql`
    SELECT r.id::text AS id, r.key, r.name, r.name_en, dl.max_discount_pct::text AS pct
      FROM roles r LEFT JOIN discount_limits dl ON dl.tenant_id = r.tenant_id AND dl.role_id = r.id
     WHERE r.tenant_id = ${actor.tenantId} ORDER BY r.is_system DESC, r.name`);
  return { items: found.map((r) => ({ roleId: r.id, roleKey: r.key, roleName: r.name, roleNameEn: r.name_en, maxDiscountPct: r.pct === null ? null : formatPercent(parsePercent(r.pct)) })) };
}

/** PUT /discount-limits: the whole table at once; roles not listed keep their limit, null removes one. */
export async function saveDiscountLimits(db: Db, actor: Actor, src: AuditSource, items: { roleId: string; maxDiscountPct: string | number | null }[]): Promise<{ items: DiscountLimitItem[] }> {
  const parsed = items.map((it, i) => {
    if (it.maxDiscountPct === null || it.maxDiscountPct === '') return { roleId: it.roleId, pct: null };
    try {
      return { roleId: it.roleId, pct: formatPercent(parsePercent(it.maxDiscountPct, `items.${i}.maxDiscountPct`)) };
    } catch (err) {
      if (err instanceof MoneyInputError) throw fieldError(err.field, err.message);
      throw err;
    }
  });
  const seen = new Set<string>();
  parsed.forEach((p, i) => {
    if (seen.has(p.roleId)) throw fieldError(`items.${i}.roleId`, 'listed twice');
    seen.add(p.roleId);
  });
  await inTransaction(db, async (tx) => {
    const known = new Set((await rows<{ id: string }>(tx, sql`SELECT id::text AS id FROM roles WHERE tenant_id = ${actor.tenantId}`)).map((r) => r.id));
    parsed.forEach((p, i) => {
      if (!known.has(p.roleId)) throw fieldError(`items.${i}.roleId`, 'no such role');
    });
    const before = await listDiscountLimits(tx, actor);
    for (const p of parsed) {
      if (p.pct === null) await tx.execute(sql`DELETE FROM discount_limits WHERE tenant_id = ${actor.tenantId} AND role_id = ${p.roleId}`);
      else await tx.execute(sql`INSERT INTO discount_limits (tenant_id, role_id, max_discount_pct) VALUES (${actor.tenantId}, ${p.roleId}, ${p.pct})
        ON CONFLICT (tenant_id, role_id) DO UPDATE SET max_discount_pct = EXCLUDED.max_discount_pct`);
    }
    const after = await listDiscountLimits(tx, actor);
    const shape = (l: { items: DiscountLimitItem[] }) => Object.fromEntries(l.items.map((x) => [x.roleKey, x.maxDiscountPct]));
    await recordAudit(tx, src, { action: 'update', recordType: 'discountLimits', recordId: null, before: shape(before), after: shape(after) });
  }, actor.tenantId);
  return listDiscountLimits(db, actor);
}
