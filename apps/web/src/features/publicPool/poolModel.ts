/** Pure helpers of the pool screens: what the claim counter says, rule rows as the editor holds them. */
import type { Cap, Grade, Pool, PoolRecordType, Rule } from './api.ts';

export type ClaimCounter = { kind: 'limited'; left: number; limit: number } | { kind: 'unlimited'; count: number };

export function claimCounter(pool: Pick<Pool, 'dailyClaimLimit' | 'me'>): ClaimCounter {
  return pool.dailyClaimLimit === null
    ? { kind: 'unlimited', count: pool.me.claimedToday }
    : { kind: 'limited', left: pool.me.claimsLeft ?? 0, limit: pool.dailyClaimLimit };
}

/** Whether claiming `count` more fits today's limit (the server checks again). */
export function canClaim(pool: Pick<Pool, 'dailyClaimLimit' | 'me'>, count: number): boolean {
  return count > 0 && (pool.dailyClaimLimit === null || (pool.me.claimsLeft ?? 0) >= count);
}

export const GRADES: Grade[] = ['*', 'A', 'B', 'C'];

/** One editable row per grade that has a rule; '*' always first and always present. */
export function rulesToRows(rules: Rule[], recordType: PoolRecordType): Rule[] {
  const mine = rules.filter((r) => r.recordType === recordType);
  const rows = GRADES.flatMap((g) => mine.filter((r) => r.grade === g));
  if (!rows.some((r) => r.grade === '*')) rows.unshift({ recordType, grade: '*', noFollowupDays: null, noOpportunityDays: null, notClosedDays: null });
  return rows;
}

/** Rows back to the API: empty rows are dropped (no conditions = no rule), leads never carry opportunity days. */
export function rowsToRules(rows: Rule[]): Rule[] {
  return rows
    .map((r) => (r.recordType === 'lead' ? { ...r, noOpportunityDays: null } : r))
    .filter((r) => r.noFollowupDays !== null || r.noOpportunityDays !== null || r.notClosedDays !== null);
}

/** Grades that may still get their own row. */
export function freeGrades(rows: Rule[]): Grade[] {
  return GRADES.filter((g) => g !== '*' && !rows.some((r) => r.grade === g));
}

/** Caps as PUT /ownership-caps takes them (names are for display only). */
export function capsPayload(caps: Cap[]): Omit<Cap, 'userName' | 'departmentName'>[] {
  return caps.map(({ subjectType, userId, departmentId, maxOwned, maxLocked, countClosed }) => ({
    subjectType,
    userId: subjectType === 'user' ? userId : null,
    departmentId: subjectType === 'department' ? departmentId : null,
    maxOwned, maxLocked, countClosed,
  }));
}
