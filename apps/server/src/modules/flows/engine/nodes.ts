/**
 * The node-type registry and the built-in node types (condition, actions, delay, parallel/join,
 * end). A spec only describes: `plan` turns a config and a NodeInput into effects and a decision;
 * the runtime does the effects. A node that cannot work on this record throws FlowStepError.
 *
 * `check` messages are phrased to follow the node's name: validate.ts prefixes 「节点「X」」.
 */
import {
  FilterError,
  evaluateFilter,
  nodeConfigSchemas,
  parseDateOnly,
  parseDateTime,
  resolveFilter,
  type FieldCatalog,
  type FilterNode,
  type FlowNodeConfig,
  type FlowProblem,
} from '@loopline/shared';
import { addDuration, describeDuration } from './durations.ts';
import { FlowStepError } from './errors.ts';
import { formatZonedDateTime, isEngineTemplatePath, renderTemplate, templateErrors, templatePaths } from './templates.ts';
import type { CheckContext, FlowEffect, NodeInput, NodePlan, NodeTypeSpec } from './types.ts';
import { approvalNodeSpec } from './approval.ts';

const registry = new Map<string, NodeTypeSpec>();

/** Modules add node types (approval, next issue) at import time; registering again replaces. */
export function registerNodeType(spec: NodeTypeSpec): void {
  registry.set(spec.type, spec);
}

export function findNodeType(type: string): NodeTypeSpec | undefined {
  return registry.get(type);
}

export function nodeTypes(): NodeTypeSpec[] {
  return [...registry.values()];
}

type Problem = Omit<FlowProblem, 'nodeId'>;

// ------------------------------------------------------------------ shared helpers (also for other node types)

/** Problems of the templates of a config: syntax, and paths the record type does not have. */
export function checkTemplates(texts: (string | undefined | null)[], ctx: CheckContext): Problem[] {
  const out: Problem[] = [];
  for (const text of texts) {
    if (!text) continue;
    for (const message of templateErrors(text)) out.push({ code: 'badTemplate', message: `的模板有误：${message}` });
    for (const path of templatePaths(text)) {
      if (!isEngineTemplatePath(path) && !ctx.knowsPath(path)) out.push({ code: 'badTemplate', message: `的模板引用了不存在的值 {{${path}}}` });
    }
  }
  return out;
}

/** A filter checked against the catalog: unknown fields → unknownField, other mistakes → badConfig. */
export function checkFilter(filter: FilterNode, catalog: FieldCatalog, what: string): Problem[] {
  try {
    // "$me" needs some user to resolve; its meaning is only known at run time
    resolveFilter(filter, catalog, { userId: '00000000-0000-4000-8000-000000000000' });
    return [];
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    if (err.code === 'unknown_field') return [{ code: 'unknownField', message: `${what}引用了不存在的字段 ${err.field ?? ''}`.trimEnd() }];
    return [{ code: 'badConfig', message: `${what}的条件有误：${err.message}` }];
  }
}

function checkFieldKeys(keys: string[], ctx: CheckContext, what: string): Problem[] {
  return keys.filter((k) => !Object.hasOwn(ctx.catalog, k)).map((k) => ({ code: 'unknownField' as const, message: `${what}字段 ${k} 不存在` }));
}

function requireRecord(input: NodeInput, what: string): Record<string, unknown> {
  if (!input.record) throw new FlowStepError(`${what}需要一条记录，但流程没有关联记录（或记录已删除）`);
  return input.record;
}

/** The record's display name (for task titles). */
export function recordName(record: Record<string, unknown> | null): string {
  if (!record) return '';
  for (const key of ['name', 'title', 'subject', 'fullName']) {
    const v = record[key];
    if (typeof v === 'string' && v) return v;
  }
  return '';
}

const RECORD_PATHS: Record<string, string | null> = {
  lead: '/leads', customer: '/customers', contact: '/contacts', activity: null, task: '/tasks',
  opportunity: '/opportunities', contract: '/contracts', quote: '/quotes', order: '/orders', payment: '/payments', invoice: '/invoices', ticket: '/tickets',
};

/** The web page of a record (notification links); null when it has no page of its own. */
export function recordLink(recordType: string | null, recordId: string | null): string | null {
  if (!recordType || !recordId) return null;
  const base = Object.hasOwn(RECORD_PATHS, recordType) ? RECORD_PATHS[recordType] : null;
  return base ? `${base}/${recordId}` : null;
}

function renderOrNull(text: string | undefined, input: NodeInput): string | null {
  return text === undefined ? null : renderTemplate(text, input);
}

function renderValues(values: Record<string, unknown>, input: NodeInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) out[k] = typeof v === 'string' ? renderTemplate(v, input) : v;
  return out;
}

function stringValues(values: Record<string, unknown>): string[] {
  return Object.values(values).filter((v): v is string => typeof v === 'string');
}

const go = (effects: FlowEffect[] = [], extra: Omit<Extract<NodePlan, { kind: 'continue' }>, 'kind' | 'effects'> = {}): NodePlan => ({ kind: 'continue', effects, ...extra });

// ------------------------------------------------------------------ condition

export interface BranchDecision {
  branchId: string;
  label: string;
  matched: boolean;
  /** why it matched or not, e.g. "满足 等级 = A" / "不满足 等级 = A" / "没有记录" */
  reason: string;
}

const OP_TEXT: Record<string, string> = {
  eq: '=', neq: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤', in: '属于', notIn: '不属于', contains: '包含', notContains: '不包含',
  startsWith: '开头是', isEmpty: '为空', isNotEmpty: '不为空', between: '介于',
};

function valueText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(valueText).join('、');
  if (typeof v === 'object') {
    const r = v as { relative?: string; n?: number };
    return r.relative ? `${r.relative}${r.n ? `(${r.n})` : ''}` : JSON.stringify(v);
  }
  return String(v);
}

/** A filter as short readable text: "grade = A 且 amount > 100". */
export function describeFilter(f: FilterNode): string {
  if ('and' in f) return f.and.length ? f.and.map((c) => wrap(c)).join(' 且 ') : '(全部)';
  if ('or' in f) return f.or.length ? f.or.map((c) => wrap(c)).join(' 或 ') : '(无)';
  if ('not' in f) return `非 ${wrap(f.not)}`;
  const v = valueText(f.value);
  return `${f.field} ${OP_TEXT[f.op] ?? f.op}${v ? ` ${v}` : ''}`;
}
function wrap(f: FilterNode): string {
  return 'and' in f || 'or' in f ? `(${describeFilter(f)})` : describeFilter(f);
}

/** The leaf conditions of a filter that are false on the record (what to show when a branch did not match). */
function failedLeaves(f: FilterNode, record: object, catalog: FieldCatalog, input: NodeInput): string[] {
  if ('and' in f) return f.and.flatMap((c) => failedLeaves(c, record, catalog, input));
  const ok = evaluateFilter(f, record, catalog, { now: input.now, timeZone: input.timeZone, userId: input.trigger.userId });
  return ok ? [] : [describeFilter(f)];
}

function planCondition(config: FlowNodeConfig<'condition'>, input: NodeInput): NodePlan {
  const decision: BranchDecision[] = [];
  let taken: string | null = null;
  for (const b of config.branches) {
    if (taken !== null) break; // first match wins; later branches are not tested
    let matched = false;
    let reason: string;
    if (!input.record) {
      reason = '没有记录';
    } else {
      try {
        matched = evaluateFilter(b.filter, input.record, input.catalog, { now: input.now, timeZone: input.timeZone, userId: input.trigger.userId });
        if (matched) reason = `满足 ${describeFilter(b.filter)}`;
        else {
          const failed = failedLeaves(b.filter, input.record, input.catalog, input);
          reason = `不满足 ${failed.length ? failed.join('；') : describeFilter(b.filter)}`;
        }
      } catch (err) {
        if (!(err instanceof FilterError)) throw err;
        // "$me" on a run nobody started (the clock, a webhook): nobody is "me", so the branch does not match
        if (!input.trigger.userId && err.message.includes('$me')) reason = '不满足：条件引用了"我"，但流程不是由用户触发的';
        else throw new FlowStepError(`条件「${b.label || b.id}」无法判断：${err.message}`);
      }
    }
    decision.push({ branchId: b.id, label: b.label, matched, reason });
    if (matched) taken = b.id;
  }
  const branch = taken ?? 'default';
  return go([], { branch, decision, output: { branch } });
}

// ------------------------------------------------------------------ delay

/** When a delay node's wait ends (a time not after `now` means: go on at once); an empty date field fails the step. */
export function delayUntil(config: FlowNodeConfig<'delay'>, input: NodeInput): Date {
  if (config.mode === 'duration') return addDuration(input.now, config.duration);
  const record = requireRecord(input, '等待到日期');
  const flat = Object.hasOwn(record, config.field) ? record[config.field] : undefined;
  const raw = flat !== undefined ? flat : config.field.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' && Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined), record);
  let ms: number | null = null;
  if (raw instanceof Date) ms = raw.getTime();
  else if (typeof raw === 'string') {
    const day = parseDateOnly(raw);
    ms = day ? parseDateTime(`${day}T00:00`, input.timeZone) : parseDateTime(raw, input.timeZone);
  }
  if (ms === null || Number.isNaN(ms)) throw new FlowStepError(`字段 ${config.field} 为空或不是日期，无法确定等待到何时`);
  return addDuration(new Date(ms), config.offset, config.before ? -1 : 1);
}

function planDelay(config: FlowNodeConfig<'delay'>, input: NodeInput): NodePlan {
  const until = delayUntil(config, input);
  const decision = { until: until.toISOString() };
  // a time already past (a date field in the past, a zero duration) does not wait at all
  if (until.getTime() <= input.now.getTime()) return go([], { decision, output: { waited: false, until: decision.until } });
  return { kind: 'wait', effects: [], until: until.toISOString(), decision };
}

// ------------------------------------------------------------------ built-ins

const specs: NodeTypeSpec[] = [
  {
    type: 'trigger',
    config: nodeConfigSchemas.trigger,
    plan: () => go(),
  } satisfies NodeTypeSpec<FlowNodeConfig<'trigger'>>,
  {
    type: 'condition',
    config: nodeConfigSchemas.condition,
    handles: (c) => [...c.branches.map((b) => b.id), 'default'],
    check(c, ctx) {
      const out: Problem[] = [];
      const seen = new Set<string>();
      for (const b of c.branches) {
        if (b.id === 'default' || seen.has(b.id)) out.push({ code: 'badConfig', message: `的分支编号 ${b.id} 重复或与"默认"冲突` });
        seen.add(b.id);
        out.push(...checkFilter(b.filter, ctx.catalog, `的分支「${b.label || b.id}」`));
      }
      return out;
    },
    plan: planCondition,
  } satisfies NodeTypeSpec<FlowNodeConfig<'condition'>>,
  {
    type: 'createTask',
    config: nodeConfigSchemas.createTask,
    check: (c, ctx) => checkTemplates([c.title, c.description], ctx),
    plan(c, input) {
      const dueAt = c.due ? addDuration(input.now, c.due) : null;
      let remindAt: Date | null = null;
      if (dueAt && c.remindBefore) {
        remindAt = addDuration(dueAt, c.remindBefore, -1);
        if (remindAt < input.now) remindAt = input.now; // a reminder in the past fires right away
      }
      return go([{
        type: 'createTask',
        title: renderTemplate(c.title, input),
        description: renderOrNull(c.description, input),
        assignee: c.assignee,
        dueAt: dueAt?.toISOString() ?? null,
        remindAt: remindAt?.toISOString() ?? null,
        priority: c.priority ?? 'normal',
        checklist: c.checklist ?? [],
        kind: 'todo',
      }]);
    },
  } satisfies NodeTypeSpec<FlowNodeConfig<'createTask'>>,
  {
    type: 'followupReminder',
    config: nodeConfigSchemas.followupReminder,
    check: (c, ctx) => checkTemplates([c.note], ctx),
    plan(c, input) {
      const record = requireRecord(input, '跟进提醒');
      const at = addDuration(input.now, c.after).toISOString();
      const note = renderOrNull(c.note, input);
      return go([
        { type: 'setNextFollowup', at, note },
        { type: 'createTask', title: `跟进提醒: ${recordName(record)}`, description: note, assignee: { kind: 'owner' }, dueAt: at, remindAt: at, priority: 'normal', checklist: [], kind: 'followup' },
      ]);
    },
  } satisfies NodeTypeSpec<FlowNodeConfig<'followupReminder'>>,
  {
    type: 'assignOwner',
    config: nodeConfigSchemas.assignOwner,
    check: (c, ctx) => checkTemplates([c.reason], ctx),
    plan(c, input) {
      requireRecord(input, '分配负责人');
      return go([{ type: 'assignOwner', to: c.to, reason: renderOrNull(c.reason, input) }]);
    },
  } satisfies NodeTypeSpec<FlowNodeConfig<'assignOwner'>>,
  {
    type: 'returnToPool',
    config: nodeConfigSchemas.returnToPool,
    check: (c, ctx) => checkTemplates([c.reason], ctx),
    plan(c, input) {
      requireRecord(input, '退回公海');
      return go([{ type: 'returnToPool', poolId: c.poolId ?? null, reason: renderTemplate(c.reason, input) }]);
    },
  } satisfies NodeTypeSpec<FlowNodeConfig<'returnToPool'>>,
  {
    type: 'updateFields',
    config: nodeConfigSchemas.updateFields,
    check: (c, ctx) => [...checkFieldKeys(Object.keys(c.values), ctx, '要更新的'), ...checkTemplates(stringValues(c.values), ctx)],
    plan(c, input) {
      requireRecord(input, '更新字段');
      return go([{ type: 'updateFields', values: renderValues(c.values, input) }]);
    },
  } satisfies NodeTypeSpec<FlowNodeConfig<'updateFields'>>,
  {
    type: 'createRecord',
    config: nodeConfigSchemas.createRecord,
    // the values' keys belong to another record type, whose catalog is not in the context: the runtime checks them
    check: (c, ctx) => checkTemplates(stringValues(c.values), ctx),
    plan: (c, input) => go([{ type: 'createRecord', recordType: c.recordType, values: renderValues(c.values, input) }]),
  } satisfies NodeTypeSpec<FlowNodeConfig<'createRecord'>>,
  {
    type: 'notify',
    config: nodeConfigSchemas.notify,
    check: (c, ctx) => checkTemplates([c.title, c.body], ctx),
    plan: (c, input) =>
      go([{ type: 'notify', to: c.to, title: renderTemplate(c.title, input), body: renderOrNull(c.body, input), link: recordLink(input.recordType, input.recordId) }]),
  } satisfies NodeTypeSpec<FlowNodeConfig<'notify'>>,
  {
    type: 'sendEmail',
    config: nodeConfigSchemas.sendEmail,
    check: (c, ctx) => checkTemplates([c.subject, c.body], ctx),
    plan: (c, input) => go([{ type: 'sendEmail', to: c.to, subject: renderTemplate(c.subject, input), body: renderTemplate(c.body, input) }]),
  } satisfies NodeTypeSpec<FlowNodeConfig<'sendEmail'>>,
  {
    type: 'webhook',
    config: nodeConfigSchemas.webhook,
    check: (c, ctx) => checkTemplates([c.body], ctx),
    plan(c, input) {
      const body = c.body !== undefined && c.body !== ''
        ? renderTemplate(c.body, input)
        : JSON.stringify({ trigger: input.trigger, recordType: input.recordType, recordId: input.recordId, record: input.record });
      return go([{ type: 'webhook', url: c.url, secret: c.secret ?? null, body }]);
    },
  } satisfies NodeTypeSpec<FlowNodeConfig<'webhook'>>,
  {
    type: 'delay',
    config: nodeConfigSchemas.delay,
    waits: true,
    check(c, ctx) {
      if (c.mode !== 'untilField') return [];
      if (!Object.hasOwn(ctx.catalog, c.field)) return [{ code: 'unknownField', message: `等待的日期字段 ${c.field} 不存在` }];
      const kind = ctx.catalog[c.field].kind;
      return kind === 'date' || kind === 'datetime' ? [] : [{ code: 'badConfig', message: `等待的字段 ${c.field} 不是日期或时间字段` }];
    },
    plan: planDelay,
    // the timer fired (or an admin nudged it): go on along every edge
    resume: () => go(),
  } satisfies NodeTypeSpec<FlowNodeConfig<'delay'>>,
  {
    type: 'parallel',
    config: nodeConfigSchemas.parallel,
    plan: () => go(),
  } satisfies NodeTypeSpec<FlowNodeConfig<'parallel'>>,
  {
    // the waiting happens in advance(): the step is only planned once every branch has arrived
    type: 'join',
    config: nodeConfigSchemas.join,
    plan: () => go(),
  } satisfies NodeTypeSpec<FlowNodeConfig<'join'>>,
  {
    type: 'end',
    config: nodeConfigSchemas.end,
    plan: () => ({ kind: 'end' }),
  } satisfies NodeTypeSpec<FlowNodeConfig<'end'>>,
  approvalNodeSpec,
];
for (const spec of specs) registerNodeType(spec);

/** Readable summary of a wait, for the dry run and the run history. */
export function describeWait(until: string | undefined, timeZone: string, config?: unknown): string {
  if (!until) return '等待信号';
  const c = config as FlowNodeConfig<'delay'> | undefined;
  const how = c?.mode === 'duration' ? `（${describeDuration(c.duration)}）` : '';
  return `等待至 ${formatZonedDateTime(Date.parse(until), timeZone)}${how}`;
}
