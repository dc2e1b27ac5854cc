/** A pool's recycle rules: one row per record type and grade ('*' = every other grade). */
import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import type { RulesInput } from './input.ts';
import type { RecycleRules } from './recycleRules.ts';
import { poolRecycleRules, pools, type PoolRecordType, type PoolRow, type RuleGrade } from './schema.ts';

export interface RuleOut {
  recordType: PoolRecordType;
  grade: RuleGrade;
  noFollowupDays: number | null;
  noOpportunityDays: number | null;
  notClosedDays: number | null;
}

const GRADE_ORDER: RuleGrade[] = ['*', 'A', 'B', 'C'];

export async function listRules(db: Db, tenantId: string, poolId: string): Promise<RuleOut[]> {
  const found = await db.select().from(poolRecycleRules).where(and(eq(poolRecycleRules.tenantId, tenantId), eq(poolRecycleRules.poolId, poolId)));
  return found
    .map(({ recordType, grade, noFollowupDays, noOpportunityDays, notClosedDays }) => ({ recordType, grade, noFollowupDays, noOpportunityDays, notClosedDays }))
    .sort((a, b) => a.recordType.localeCompare(b.recordType) || GRADE_ORDER.indexOf(a.grade) - GRADE_ORDER.indexOf(b.grade));
}

/** The pure evaluator's view of a pool's rules for one record type. */
export function toRecycleRules(pool: PoolRow, rules: RuleOut[], recordType: PoolRecordType): RecycleRules {
  const byGrade: RecycleRules['byGrade'] = {};
  for (const r of rules.filter((x) => x.recordType === recordType)) {
    byGrade[r.grade] = { noFollowupDays: r.noFollowupDays, noOpportunityDays: r.noOpportunityDays, notClosedDays: r.notClosedDays };
  }
  return { warnDaysBefore: pool.warnDaysBefore, exemptClosedDeals: pool.exemptClosedDeals, exemptOpenOpportunities: pool.exemptOpenOpportunities, byGrade };
}

export async function replaceRules(db: Db, actor: Actor, src: AuditSource, poolId: string, input: RulesInput): Promise<RuleOut[]> {
  return inTransaction(db, async (tx) => {
    const [pool] = await tx.select().from(pools).where(and(eq(pools.id, poolId), eq(pools.tenantId, actor.tenantId))).for('update');
    if (!pool) throw notFound('pool');
    const issues: { field: string; message: string }[] = [];
    const seen = new Set<string>();
    input.items.forEach((r, i) => {
      if (!pool.recordTypes.includes(r.recordType)) issues.push({ field: `items.${i}.recordType`, message: `this pool does not hold ${r.recordType}s` });
      if (seen.has(`${r.recordType}:${r.grade}`)) issues.push({ field: `items.${i}.grade`, message: 'a rule for this grade already exists' });
      seen.add(`${r.recordType}:${r.grade}`);
      if (r.recordType === 'lead' && r.noOpportunityDays !== null) issues.push({ field: `items.${i}.noOpportunityDays`, message: 'leads have no opportunities' });
      if (r.noFollowupDays === null && r.noOpportunityDays === null && r.notClosedDays === null) {
        issues.push({ field: `items.${i}.noFollowupDays`, message: 'set at least one condition' });
      }
    });
    if (issues.length) throw new AppError(400, 'VALIDATION_FAILED', issues.map((x) => `${x.field}: ${x.message}`).join('; '), { fields: issues });
    const before = await listRules(tx, actor.tenantId, poolId);
    await tx.delete(poolRecycleRules).where(eq(poolRecycleRules.poolId, poolId));
    if (input.items.length) await tx.insert(poolRecycleRules).values(input.items.map((r) => ({ ...r, tenantId: actor.tenantId, poolId })));
    const after = await listRules(tx, actor.tenantId, poolId);
    await recordAudit(tx, src, { action: 'update', recordType: 'pool', recordId: poolId, data: { rules: { before, after } } });
    return after;
  }, actor.tenantId);
}
