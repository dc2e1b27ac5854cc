/** The caps table as the settings page edits it: read with current counts, replace as a whole. */
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { AppError } from '../../platform/http/errors.ts';
import { ownershipCaps } from './schema.ts';

const count = z.number().int().min(0).max(1_000_000).nullable();
export const capInput = z
  .object({
    subjectType: z.enum(['everyone', 'user', 'department']),
    userId: z.string().uuid().nullish(),
    departmentId: z.string().uuid().nullish(),
    maxOwned: count.default(null),
    maxLocked: count.default(null),
    countClosed: z.boolean().default(true),
  })
  .strict();
export const capsInput = z.object({ items: z.array(capInput).max(1000) }).strict();
export type CapsInput = z.infer<typeof capsInput>;

export interface CapOut {
  id: string;
  subjectType: 'everyone' | 'user' | 'department';
  userId: string | null;
  userName: string | null;
  departmentId: string | null;
  departmentName: string | null;
  maxOwned: number | null;
  maxLocked: number | null;
  countClosed: boolean;
}

export async function listCaps(db: Db, tenantId: string): Promise<CapOut[]> {
  return rows<CapOut>(db, sql`SELECT c.id, c.subject_type AS "subjectType", c.user_id AS "userId", u.name AS "userName",
      c.department_id AS "departmentId", d.name AS "departmentName", c.max_owned AS "maxOwned", c.max_locked AS "maxLocked", c.count_closed AS "countClosed"
    FROM ownership_caps c LEFT JOIN users u ON u.id = c.user_id LEFT JOIN departments d ON d.id = c.department_id
    WHERE c.tenant_id = ${tenantId}
    ORDER BY CASE c.subject_type WHEN 'everyone' THEN 0 WHEN 'department' THEN 1 ELSE 2 END, d.name, u.name`);
}

/** Checks each row names exactly its subject, once, in this tenant; problems name items.N.field. */
async function validate(db: Db, tenantId: string, input: CapsInput): Promise<void> {
  const issues: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  const userIds = input.items.flatMap((i) => (i.userId ? [i.userId] : []));
  const deptIds = input.items.flatMap((i) => (i.departmentId ? [i.departmentId] : []));
  const wanted = sql`${sql.param([...userIds, ...deptIds])}::uuid[]`;
  const known = new Set((await rows<{ id: string }>(db, sql`SELECT id::text AS id FROM users WHERE tenant_id = ${tenantId} AND id = ANY(${wanted})
    UNION SELECT id::text FROM departments WHERE tenant_id = ${tenantId} AND id = ANY(${wanted})`)).map((r) => r.id));
  input.items.forEach((item, i) => {
    const field = item.subjectType === 'user' ? 'userId' : item.subjectType === 'department' ? 'departmentId' : null;
    const subject = field ? item[field] : null;
    if (field && !subject) issues.push({ field: `items.${i}.${field}`, message: 'required' });
    else if (field && subject && !known.has(subject)) issues.push({ field: `items.${i}.${field}`, message: `no such ${item.subjectType}` });
    const key = `${item.subjectType}:${subject ?? ''}`;
    if (seen.has(key)) issues.push({ field: `items.${i}.subjectType`, message: 'this subject already has a cap' });
    seen.add(key);
  });
  if (issues.length) throw new AppError(400, 'VALIDATION_FAILED', issues.map((x) => `${x.field}: ${x.message}`).join('; '), { fields: issues });
}

export async function replaceCaps(db: Db, actor: Actor, src: AuditSource, input: CapsInput): Promise<CapOut[]> {
  return inTransaction(db, async (tx) => {
    await validate(tx, actor.tenantId, input);
    const before = await listCaps(tx, actor.tenantId);
    await tx.delete(ownershipCaps).where(eq(ownershipCaps.tenantId, actor.tenantId));
    if (input.items.length) {
      await tx.insert(ownershipCaps).values(input.items.map((i) => ({
        tenantId: actor.tenantId, subjectType: i.subjectType,
        userId: i.subjectType === 'user' ? i.userId! : null, departmentId: i.subjectType === 'department' ? i.departmentId! : null,
        maxOwned: i.maxOwned, maxLocked: i.maxLocked, countClosed: i.countClosed,
      })));
    }
    const after = await listCaps(tx, actor.tenantId);
    const plain = (list: CapOut[]) => list.map(({ id: _id, userName: _u, departmentName: _d, ...rest }) => rest);
    await recordAudit(tx, src, { action: 'update', recordType: 'ownershipCaps', data: { before: plain(before), after: plain(after) } });
    return after;
  });
}
