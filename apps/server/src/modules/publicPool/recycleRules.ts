/**
 * The recycle rules of a pool, as a pure function: given a pool's rules, one owned record and the
 * clock, should the record go back to the pool, should its owner be warned, or is it kept?
 * This is the specification; recycleSql.ts does the same set-based for a whole tenant (tests check
 * that both agree). No I/O here.
 */
import type { PoolRecordType, RuleGrade } from './schema.ts';

export const DAY_MS = 86_400_000;

export type RecycleReason = 'noFollowup' | 'noOpportunity' | 'notClosed';
export const RECYCLE_REASONS: RecycleReason[] = ['noFollowup', 'noOpportunity', 'notClosed'];
export type KeepReason = 'locked' | 'closedDeal' | 'openOpportunity' | 'noRule' | 'notDue' | 'warned';

/** Days per condition; null = the condition is off. */
export interface GradeRule {
  noFollowupDays: number | null;
  noOpportunityDays: number | null;
  notClosedDays: number | null;
}

export interface RecycleRules {
  /** warn the owner this many days before the return; 0 = no warning */
  warnDaysBefore: number;
  exemptClosedDeals: boolean;
  exemptOpenOpportunities: boolean;
  /** '*' applies to grades without their own rule and to records without a grade */
  byGrade: Partial<Record<RuleGrade, GradeRule>>;
}

export interface RecycleWarning {
  ownerId: string;
  reason: RecycleReason;
  warnedAt: Date;
}

/** What the rules read of an owned record. */
export interface RecycleCandidate {
  recordType: PoolRecordType;
  ownerId: string;
  grade: 'A' | 'B' | 'C' | null;
  /** when the current owner got it (owner_since, else created_at) */
  ownerSince: Date;
  lastFollowupAt: Date | null;
  /** customers only; null = no opportunity yet (counts from ownerSince) */
  lastOpportunityAt: Date | null;
  /** customer deal won / repeat; lead converted */
  closed: boolean;
  /** customers only */
  locked: boolean;
  /** open opportunities (always 0 until the opportunities module exists) */
  openOpportunities: number;
  /** the last warning sent for this record, if any */
  warning: RecycleWarning | null;
}

export type RecycleDecision =
  | { action: 'keep'; reason: KeepReason; dueAt?: Date; returnAt?: Date }
  | { action: 'warn'; reason: RecycleReason; dueAt: Date; returnAt: Date }
  | { action: 'return'; reason: RecycleReason; dueAt: Date; returnAt: Date };

const addDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY_MS);
const later = (a: Date | null, b: Date) => (a && a.getTime() > b.getTime() ? a : b);

/** The rule for a grade: its own, else the '*' rule. */
export function ruleFor(rules: RecycleRules, grade: RecycleCandidate['grade']): GradeRule | null {
  return (grade && rules.byGrade[grade]) || rules.byGrade['*'] || null;
}

/**
 * The earliest deadline among the conditions that apply, with the time its clock started (a
 * newer follow-up, opportunity or owner restarts it). Ties go to the first of RECYCLE_REASONS.
 */
export function earliestDeadline(rule: GradeRule, rec: RecycleCandidate): { reason: RecycleReason; since: Date; dueAt: Date } | null {
  const options: { reason: RecycleReason; since: Date; days: number | null }[] = [
    { reason: 'noFollowup', since: later(rec.lastFollowupAt, rec.ownerSince), days: rule.noFollowupDays },
    // leads have no opportunities
    { reason: 'noOpportunity', since: later(rec.lastOpportunityAt, rec.ownerSince), days: rec.recordType === 'customer' ? rule.noOpportunityDays : null },
    { reason: 'notClosed', since: rec.ownerSince, days: rec.closed ? null : rule.notClosedDays },
  ];
  let best: { reason: RecycleReason; since: Date; dueAt: Date } | null = null;
  for (const o of options) {
    if (o.days === null || o.days === undefined) continue;
    const dueAt = addDays(o.since, o.days);
    if (!best || dueAt.getTime() < best.dueAt.getTime()) best = { reason: o.reason, since: o.since, dueAt };
  }
  return best;
}

export function evaluateRecycle(rules: RecycleRules, rec: RecycleCandidate, now: Date): RecycleDecision {
  if (rec.recordType === 'customer' && rec.locked) return { action: 'keep', reason: 'locked' };
  // a converted lead is finished business whatever the pool says
  if (rec.closed && (rec.recordType === 'lead' || rules.exemptClosedDeals)) return { action: 'keep', reason: 'closedDeal' };
  if (rules.exemptOpenOpportunities && rec.openOpportunities > 0) return { action: 'keep', reason: 'openOpportunity' };
  const rule = ruleFor(rules, rec.grade);
  const deadline = rule && earliestDeadline(rule, rec);
  if (!deadline) return { action: 'keep', reason: 'noRule' };
  const { reason, since, dueAt } = deadline;
  const t = now.getTime();

  const warnDays = Math.max(0, rules.warnDaysBefore);
  if (warnDays === 0) {
    return t >= dueAt.getTime() ? { action: 'return', reason, dueAt, returnAt: dueAt } : { action: 'keep', reason: 'notDue', dueAt, returnAt: dueAt };
  }
  // The owner always gets warnDays of notice: a record already overdue when first warned returns
  // warnDays after the warning, not at once.
  const w = rec.warning;
  if (w && w.ownerId === rec.ownerId && w.reason === reason && w.warnedAt.getTime() >= since.getTime()) {
    const returnAt = later(addDays(w.warnedAt, warnDays), dueAt);
    return t >= returnAt.getTime() ? { action: 'return', reason, dueAt, returnAt } : { action: 'keep', reason: 'warned', dueAt, returnAt };
  }
  if (t >= addDays(dueAt, -warnDays).getTime()) return { action: 'warn', reason, dueAt, returnAt: later(addDays(now, warnDays), dueAt) };
  return { action: 'keep', reason: 'notDue', dueAt, returnAt: dueAt };
}
