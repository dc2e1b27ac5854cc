// Pure lead-assignment engine: rules + lead + state in, assignee + next state
// out. No I/O, so the caller decides how state is stored and locked (one row
// lock per rule cursor keeps concurrent creates in round-robin order), and a
// bulk import can thread the state through assignBatch in memory.
import { toFilterPredicate, type FieldCatalog, type FilterContext, type FilterNode, type FilterPredicate } from '@loopline/shared';

export interface LoadBalancedMember {
  userId: string;
  /** > 0; a member with weight 2 is given twice the open leads of weight 1. */
  weight: number;
  /** Max open leads; null = no cap. */
  cap: number | null;
  onLeave: boolean;
}
export type AssignmentTarget =
  | { kind: 'user'; userId: string }
  | { kind: 'roundRobin'; userIds: string[] }
  | { kind: 'loadBalanced'; members: LoadBalancedMember[] };
export interface AssignmentRule {
  id: string;
  name: string;
  enabled: boolean;
  /** null = matches every lead (a catch-all rule). */
  condition: FilterNode | null;
  target: AssignmentTarget;
}
export type Assignee = { kind: 'user'; userId: string } | { kind: 'pool'; poolId: string };
export interface AssignmentState {
  /** Per rule: index of the member to try first next time (round-robin and load-balanced tie-breaks). */
  roundRobinCursor: Record<string, number>;
  /** Open leads per user; every user assignment adds one. */
  openLeads: Record<string, number>;
}
export interface AssignmentOptions {
  catalog: FieldCatalog;
  ctx?: FilterContext;
  /** Used when no rule assigns: a default owner, a pool, or null (left unassigned). */
  defaultAssignee: Assignee | null;
  /** Whether a user may get leads now (active, not on leave); default: everyone. Unavailable people are skipped. */
  available?: (userId: string) => boolean;
  /** How reasons name a user or pool (e.g. its display name); default: the id. */
  nameOf?: (userId: string) => string;
}
export interface Reason {
  zh: string;
  en: string;
}
export interface Assignment {
  ruleId: string | null;
  assignee: Assignee | null;
  reason: Reason;
}
export interface AssignmentResult extends Assignment {
  nextState: AssignmentState;
}

interface Compiled {
  rule: AssignmentRule;
  /** null when the condition is invalid (e.g. a deleted custom field): the rule never matches. */
  test: FilterPredicate | null;
  error: string | null;
}

function compile(rules: AssignmentRule[], o: AssignmentOptions): Compiled[] {
  return rules.map((rule) => {
    if (rule.condition === null) return { rule, test: () => true, error: null };
    try {
      return { rule, test: toFilterPredicate(rule.condition, o.catalog, o.ctx), error: null };
    } catch (e) {
      // One broken rule must not stop lead capture; explain() shows the error.
      return { rule, test: null, error: e instanceof Error ? e.message : String(e) };
    }
  });
}

const cloneState = (s: AssignmentState): AssignmentState => ({
  roundRobinCursor: { ...s.roundRobinCursor },
  openLeads: { ...s.openLeads },
});
const open = (s: AssignmentState, userId: string) => s.openLeads[userId] ?? 0;

/**
 * Picks a user for one rule's target, MUTATING `state`, or returns null when
 * the target has nobody available (empty team; the named user or every member
 * inactive or on leave; every load-balanced member at cap) — the caller then
 * falls through to the next rule, so an admin can put an overflow rule below
 * a capped team.
 */
function pick(rule: AssignmentRule, state: AssignmentState, o: AssignmentOptions): Assignment | null {
  const t = rule.target;
  const ok = (userId: string) => o.available?.(userId) ?? true;
  const cur = state.roundRobinCursor[rule.id] ?? 0;
  let userId: string;
  let zh: string;
  let en: string;
  if (t.kind === 'user') {
    if (!ok(t.userId)) return null;
    userId = t.userId;
    [zh, en] = ['分配给指定用户', 'assigned to a named user'];
  } else if (t.kind === 'roundRobin') {
    const n = t.userIds.length;
    // The first available member from the cursor on: someone on leave is passed over, not queued.
    let i = -1;
    for (let k = 0; k < n && i < 0; k++) {
      const j = (((cur + k) % n) + n) % n;
      if (ok(t.userIds[j])) i = j;
    }
    if (i < 0) return null;
    userId = t.userIds[i];
    state.roundRobinCursor[rule.id] = (i + 1) % n;
    [zh, en] = [`轮流分配（第 ${i + 1}/${n} 位）`, `round-robin (member ${i + 1} of ${n})`];
  } else {
    const n = t.members.length;
    let best = -1;
    // Scan from the cursor so equal loads rotate instead of always favouring
    // the first member; strict "<" keeps the earliest in that order on ties.
    for (let k = 0; k < n; k++) {
      const i = (((cur + k) % n) + n) % n;
      const m = t.members[i];
      if (m.onLeave || !ok(m.userId) || !(m.weight > 0) || (m.cap !== null && open(state, m.userId) >= m.cap)) continue;
      const b = best < 0 ? null : t.members[best];
      // open/weight compared by cross-multiplication: no float division.
      if (!b || open(state, m.userId) * b.weight < open(state, b.userId) * m.weight) best = i;
    }
    if (best < 0) return null;
    const m = t.members[best];
    userId = m.userId;
    state.roundRobinCursor[rule.id] = (best + 1) % n;
    const load = open(state, userId);
    [zh, en] = [`按负载分配（在手线索 ${load}，权重 ${m.weight}）`, `load-balanced (${load} open leads, weight ${m.weight})`];
  }
  state.openLeads[userId] = open(state, userId) + 1;
  const who = o.nameOf?.(userId) ?? userId;
  return {
    ruleId: rule.id,
    assignee: { kind: 'user', userId },
    reason: { zh: `命中规则「${rule.name}」：${zh} → ${who}`, en: `Matched rule "${rule.name}": ${en} → ${who}` },
  };
}

function assignCompiled(compiled: Compiled[], lead: object, state: AssignmentState, o: AssignmentOptions): Assignment {
  for (const c of compiled) {
    if (!c.rule.enabled || !c.test || !c.test(lead)) continue;
    const a = pick(c.rule, state, o);
    if (a) return a;
  }
  const d = o.defaultAssignee;
  if (d?.kind === 'user') {
    const who = o.nameOf?.(d.userId) ?? d.userId;
    if (!(o.available?.(d.userId) ?? true)) {
      const zh = `未命中任何规则，默认负责人 ${who} 不可分配（停用、未激活或休假）：暂不分配`;
      return { ruleId: null, assignee: null, reason: { zh, en: `No rule matched and the default owner ${who} is unavailable (deactivated, not yet joined or on leave): left unassigned` } };
    }
    state.openLeads[d.userId] = open(state, d.userId) + 1;
    return { ruleId: null, assignee: d, reason: { zh: `未命中任何规则：分配给默认负责人 ${who}`, en: `No rule matched: default owner ${who}` } };
  }
  if (d?.kind === 'pool') {
    const pool = o.nameOf?.(d.poolId) ?? d.poolId;
    return { ruleId: null, assignee: d, reason: { zh: `未命中任何规则：进入公海 ${pool}`, en: `No rule matched: public pool ${pool}` } };
  }
  return { ruleId: null, assignee: null, reason: { zh: '未命中任何规则且未设置默认：暂不分配', en: 'No rule matched and no default: left unassigned' } };
}

/** First enabled matching rule that has someone available wins; input state is not mutated. */
export function assignLead(rules: AssignmentRule[], lead: object, state: AssignmentState, o: AssignmentOptions): AssignmentResult {
  const next = cloneState(state);
  return { ...assignCompiled(compile(rules, o), lead, next, o), nextState: next };
}

/**
 * Assigns leads in order, threading the state so a bulk import spreads exactly
 * as the same leads created one by one would. Rules are compiled once.
 */
export function assignBatch(
  rules: AssignmentRule[],
  leads: readonly object[],
  state: AssignmentState,
  o: AssignmentOptions,
): { results: Assignment[]; nextState: AssignmentState } {
  const compiled = compile(rules, o);
  const next = cloneState(state);
  return { results: leads.map((lead) => assignCompiled(compiled, lead, next, o)), nextState: next };
}

export interface RuleExplanation {
  ruleId: string;
  name: string;
  enabled: boolean;
  matched: boolean;
  /** Top-level AND conditions that failed (index + node), when the condition is an AND. */
  failed: { index: number; condition: FilterNode }[];
  reason: Reason;
}

const describe = (n: FilterNode): string =>
  'field' in n ? `${n.field} ${n.op}${n.value === undefined ? '' : ` ${JSON.stringify(n.value)}`}` : JSON.stringify(n);

/** For the "test this rule" panel: every rule's verdict, then what assignment would actually do. */
export function explain(
  rules: AssignmentRule[],
  lead: object,
  o: AssignmentOptions,
  state: AssignmentState = { roundRobinCursor: {}, openLeads: {} },
): { rules: RuleExplanation[]; outcome: AssignmentResult } {
  const compiled = compile(rules, o);
  const out = compiled.map(({ rule, test, error }): RuleExplanation => {
    const base = { ruleId: rule.id, name: rule.name, enabled: rule.enabled, failed: [] as RuleExplanation['failed'] };
    if (!rule.enabled) return { ...base, matched: false, reason: { zh: '规则已停用', en: 'Rule is disabled' } };
    if (!test) return { ...base, matched: false, reason: { zh: `条件无效：${error}`, en: `Invalid condition: ${error}` } };
    if (test(lead)) {
      if (pick(rule, cloneState(state), o)) return { ...base, matched: true, reason: { zh: '条件满足', en: 'Condition met' } };
      const zh = '条件满足，但无可分配成员（停用、未激活、休假或已达上限），继续下一条规则';
      return { ...base, matched: true, reason: { zh, en: 'Condition met, but nobody is available (deactivated, not yet joined, on leave or at cap); falls through' } };
    }
    const cond = rule.condition!;
    if ('and' in cond) {
      base.failed = cond.and
        .map((condition, index) => ({ index, condition }))
        .filter(({ condition }) => !toFilterPredicate(condition, o.catalog, o.ctx)(lead));
    }
    const what = base.failed.length ? base.failed.map((f) => describe(f.condition)).join('; ') : describe(cond);
    return { ...base, matched: false, reason: { zh: `不满足条件：${what}`, en: `Condition not met: ${what}` } };
  });
  return { rules: out, outcome: assignLead(rules, lead, state, o) };
}
