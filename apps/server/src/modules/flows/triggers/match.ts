/**
 * Does a record change start a flow? Pure: the dispatcher hands in the event (an audit entry turned
 * flow event) and the record as it was after the change; the verdict says "start" or, in the
 * business's words, why not — the line a manager reads when asking "why did nothing happen to
 * this lead?".
 */
import { evaluateFilter, FilterError, type FieldCatalog, type FilterNode, type FlowTrigger } from '@loopline/shared';

/** One record change, as flow_events holds it. */
export interface TriggerEvent {
  action: string;
  recordType: string;
  recordId: string;
  /** audit diff: changed fields (a create lists every field with before = null) */
  fields: Record<string, { before: unknown; after: unknown }>;
}

export interface MatchContext {
  /** the flow's record as it was right after the change; null when it is gone (deleted since) */
  record: Record<string, unknown> | null;
  catalog: FieldCatalog;
  now: Date;
  timeZone: string;
  userId: string | null;
  /** labels for the reasons: field key → label (and option value → label) */
  labels?: Record<string, { label: string; options?: Record<string, string> }>;
}

export type MatchVerdict = { start: true } | { start: false; reason: string };

export const RECORD_TYPE_LABELS: Record<string, string> = {
  lead: '线索', customer: '客户', contact: '联系人', activity: '跟进记录', task: '任务', opportunity: '商机',
  contract: '合同', quote: '报价', order: '订单', payment: '回款', invoice: '发票', ticket: '工单',
};
const ACTION_LABELS: Record<string, string> = {
  create: '新建', update: '更新', delete: '删除', restore: '恢复', ownerChange: '变更负责人', convert: '转化', converted: '由线索转化',
  returnToPool: '退回公海', claim: '领取', claimFromPool: '从公海领取', assignFromPool: '从公海分配', merge: '合并', statusChange: '变更状态',
  lock: '锁定', addTags: '加标签', removeTags: '去标签',
};
export const recordTypeLabel = (t: string) => RECORD_TYPE_LABELS[t] ?? t;
export const actionLabel = (a: string) => ACTION_LABELS[a] ?? a;

const no = (reason: string): MatchVerdict => ({ start: false, reason });
const yes: MatchVerdict = { start: true };

/**
 * Which record a flow runs on for this event: the changed record itself, or — for a follow-up
 * (activity) — the record it was logged on. Null when the event has nothing to run on.
 */
export function flowTarget(trigger: FlowTrigger, event: TriggerEvent): { recordType: string; recordId: string } | null {
  if (trigger.type === 'followupLogged' && event.recordType === 'activity') {
    const type = after(event, 'recordType');
    const id = after(event, 'recordId');
    return typeof type === 'string' && typeof id === 'string' ? { recordType: type, recordId: id } : null;
  }
  return { recordType: event.recordType, recordId: event.recordId };
}

function after(event: TriggerEvent, key: string): unknown {
  return event.fields[key]?.after;
}

/** The record with the event's changed fields set to their `before` (or `after`) values. */
export function recordAt(record: Record<string, unknown>, fields: TriggerEvent['fields'], side: 'before' | 'after'): Record<string, unknown> {
  const out: Record<string, unknown> = { ...record };
  let custom: Record<string, unknown> | null = null;
  for (const [key, change] of Object.entries(fields)) {
    if (key.startsWith('custom.')) {
      custom ??= { ...((record.custom as Record<string, unknown> | null) ?? {}) };
      custom[key.slice(7)] = change[side];
      out[key] = change[side];
    } else out[key] = change[side];
  }
  if (custom) out.custom = custom;
  return out;
}

export function matchTrigger(trigger: FlowTrigger, event: TriggerEvent, ctx: MatchContext): MatchVerdict {
  const wanted = trigger.recordType;
  const label = (key: string) => ctx.labels?.[key]?.label ?? key;
  const show = (key: string, v: unknown) => showValue(v, ctx.labels?.[key]?.options);

  switch (trigger.type) {
    case 'scheduled':
    case 'dateRelative':
    case 'manual':
    case 'webhook':
      return no(`${TRIGGER_LABELS[trigger.type]}的流程不由记录变化启动`);
    case 'followupLogged':
      return matchFollowup(trigger, event, ctx);
    default:
      break;
  }

  if (wanted && event.recordType !== wanted) return no(`记录类型是${recordTypeLabel(event.recordType)}，流程监听的是${recordTypeLabel(wanted)}`);
  if (event.action === 'delete') return no('记录已删除');

  switch (trigger.type) {
    case 'recordCreated':
      if (event.action !== 'create') return no(`不是新建记录（${actionLabel(event.action)}）`);
      return conditionHolds(trigger.condition, ctx, 'condition');
    case 'recordUpdated': {
      if (event.action === 'create') return no('新建记录不算更新');
      const changed = Object.keys(event.fields);
      if (changed.length === 0) return no(`${actionLabel(event.action)}没有改动字段`);
      const watched = trigger.fields?.filter(Boolean) ?? [];
      if (watched.length && !changed.some((k) => watched.includes(k))) return no(`更新的字段不含 ${watched.map(label).join('、')}`);
      const now = conditionHolds(trigger.condition, ctx, 'condition');
      if (!now.start) return now;
      if (trigger.previousCondition && ctx.record) {
        const before = recordAt(ctx.record, event.fields, 'before');
        return conditionHolds(trigger.previousCondition, { ...ctx, record: before }, 'previousCondition');
      }
      return yes;
    }
    case 'ownerChanged': {
      const change = event.fields.ownerId;
      if (!change || sameValue(change.before, change.after)) return no(event.action === 'create' ? '新建时没有负责人' : '负责人未变化');
      if (change.after === null || change.after === undefined) return no('负责人被清空（如退回公海），没有新负责人');
      return conditionHolds(trigger.condition, ctx, 'condition');
    }
    case 'statusEntered': {
      const field = trigger.statusField ?? 'status';
      const change = event.fields[field];
      if (!change || sameValue(change.before, change.after)) return no(`${label(field)}未变化`);
      if (String(change.after ?? '') !== String(trigger.statusValue ?? '')) {
        return no(`${label(field)}变为 ${show(field, change.after)}，不是 ${show(field, trigger.statusValue)}`);
      }
      return conditionHolds(trigger.condition, ctx, 'condition');
    }
  }
  return no('未知的触发方式');
}

function matchFollowup(trigger: FlowTrigger, event: TriggerEvent, ctx: MatchContext): MatchVerdict {
  if (event.recordType !== 'activity') return no(`不是跟进记录（${recordTypeLabel(event.recordType)}）`);
  if (event.action !== 'create') return no(`不是新写的跟进记录（${actionLabel(event.action)}）`);
  const onType = after(event, 'recordType');
  if (typeof onType !== 'string' || typeof after(event, 'recordId') !== 'string') return no('跟进记录没有关联记录');
  if (trigger.recordType && onType !== trigger.recordType) return no(`跟进记录写在${recordTypeLabel(onType)}上，流程监听的是${recordTypeLabel(trigger.recordType)}`);
  const outcomes = trigger.outcomes?.filter(Boolean) ?? [];
  const outcome = after(event, 'outcome');
  if (outcomes.length && !outcomes.includes(String(outcome ?? ''))) {
    const said = outcome === null || outcome === undefined || outcome === '' ? '未填写' : outcomeLabel(String(outcome));
    return no(`跟进结果为${said}，不是 ${outcomes.map(outcomeLabel).join(' / ')}`);
  }
  return conditionHolds(trigger.condition, ctx, 'condition');
}

const OUTCOME_LABELS: Record<string, string> = { highIntent: '高意向', nurture: '待培育', noIntent: '无意向', noAnswer: '未接通', other: '其他' };
const outcomeLabel = (o: string) => OUTCOME_LABELS[o] ?? o;

export const TRIGGER_LABELS: Record<FlowTrigger['type'], string> = {
  recordCreated: '新建记录', recordUpdated: '记录更新', ownerChanged: '负责人变更', statusEntered: '进入状态', followupLogged: '写跟进记录',
  scheduled: '定时', dateRelative: '按日期字段', manual: '手动按钮', webhook: 'Webhook', approvalSubmitted: '提交审批',
};

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The condition on a record, with the first failing part named when it does not hold. */
export function conditionHolds(filter: FilterNode | undefined, ctx: MatchContext, which: 'condition' | 'previousCondition'): MatchVerdict {
  if (!filter || isEmptyFilter(filter)) return yes;
  const prefix = which === 'condition' ? '条件不满足' : '改动前的条件不满足';
  if (!ctx.record) return no('记录已不存在，无法判断条件');
  const fctx = { now: ctx.now, timeZone: ctx.timeZone, ...(ctx.userId ? { userId: ctx.userId } : {}) };
  try {
    if (evaluateFilter(filter, ctx.record, ctx.catalog, fctx)) return yes;
    const failing = firstFailing(filter, (f) => evaluateFilter(f, ctx.record!, ctx.catalog, fctx));
    return no(`${prefix}：${describeFilter(failing, ctx.labels)}`);
  } catch (err) {
    const msg = err instanceof FilterError ? err.message : String(err);
    return no(`条件无法判断（${msg}）`);
  }
}

function isEmptyFilter(f: FilterNode): boolean {
  return 'and' in f && f.and.length === 0;
}

/** Within an AND, the first child that fails (recursively); anything else is named whole. */
function firstFailing(f: FilterNode, holds: (f: FilterNode) => boolean): FilterNode {
  if ('and' in f) {
    const child = f.and.find((c) => !holds(c));
    return child ? firstFailing(child, holds) : f;
  }
  return f;
}

const OP_TEXT: Record<string, string> = {
  eq: '=', neq: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤', in: '属于', notIn: '不属于', contains: '包含', notContains: '不包含',
  startsWith: '开头是', isEmpty: '为空', isNotEmpty: '不为空', between: '介于',
};

/** "等级 = A", "省份 属于 浙江省、上海市", "(来源 = 网站 或 等级 = A)". */
export function describeFilter(f: FilterNode, labels?: MatchContext['labels']): string {
  if ('and' in f) return f.and.length === 1 ? describeFilter(f.and[0]!, labels) : `(${f.and.map((c) => describeFilter(c, labels)).join(' 且 ')})`;
  if ('or' in f) return f.or.length === 1 ? describeFilter(f.or[0]!, labels) : `(${f.or.map((c) => describeFilter(c, labels)).join(' 或 ')})`;
  if ('not' in f) return `非 ${describeFilter(f.not, labels)}`;
  const l = labels?.[f.field];
  const op = OP_TEXT[f.op] ?? f.op;
  if (f.op === 'isEmpty' || f.op === 'isNotEmpty') return `${l?.label ?? f.field} ${op}`;
  if (f.op === 'between' && Array.isArray(f.value)) return `${l?.label ?? f.field} ${op} ${showValue(f.value[0], l?.options)} ~ ${showValue(f.value[1], l?.options)}`;
  return `${l?.label ?? f.field} ${op} ${showValue(f.value, l?.options)}`;
}

function showValue(v: unknown, options?: Record<string, string>): string {
  if (v === null || v === undefined || v === '') return '空';
  if (Array.isArray(v)) return v.map((x) => showValue(x, options)).join('、');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.relative === 'string') return o.n ? `${o.relative}(${String(o.n)})` : o.relative;
    return JSON.stringify(v);
  }
  const s = String(v);
  return options?.[s] ?? s;
}
