/**
 * Checks a definition before publish and names the node of every problem. Pure.
 *
 * Rules worth knowing when drawing a flow:
 *  - exactly one trigger node; no edge may lead into it;
 *  - every node's config matches its type's schema, and its filters / templates / fields exist;
 *  - every edge joins two existing nodes; an edge leaving a condition uses one of its branch ids or
 *    "default";
 *  - every named branch of a condition leads somewhere (connect it to an "end" node to mean "stop
 *    here"); the default branch may stay unconnected: records matching no branch then simply stop;
 *  - every node is reachable from the trigger;
 *  - every cycle passes through a node that waits (delay, later approval), so a loop cannot spin;
 *  - the trigger's own settings are complete (record type, status, cron, date field …).
 * Messages are Chinese (the UI is zh-first) and start with the node they belong to.
 */
import { type FlowDefinition, type FlowNode, type FlowProblem } from '@loopline/shared';
import { CronExpressionParser } from 'cron-parser';
import { checkFilter } from './nodes.ts';
import { findNodeType } from './nodes.ts';
import type { CheckContext } from './types.ts';

export const NODE_TYPE_NAMES: Record<string, string> = {
  trigger: '触发器', condition: '条件', createTask: '创建任务', followupReminder: '跟进提醒', assignOwner: '分配负责人',
  returnToPool: '退回公海', updateFields: '更新字段', createRecord: '创建记录', notify: '站内通知', sendEmail: '发送邮件',
  webhook: 'Webhook', delay: '延时', parallel: '并行', join: '汇合', end: '结束', approval: '审批',
};

/** How a node is named in messages: its label, else its type and id. */
export function nodeName(node: FlowNode): string {
  return node.label?.trim() || `${NODE_TYPE_NAMES[node.type] ?? node.type} ${node.id}`;
}

/** Nodes that act on the flow's record and so need a trigger with a record type. */
const NEEDS_RECORD = new Set(['followupReminder', 'assignOwner', 'returnToPool', 'updateFields']);
/** Triggers that may run without a record. */
const RECORDLESS_TRIGGERS = new Set(['scheduled', 'webhook']);

/** null when `expr` is a valid 5-field cron expression, else why not (Chinese). */
export function checkCron(expr: string | undefined): string | null {
  if (!expr || !expr.trim()) return '缺少 cron 表达式';
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) return `cron 表达式「${expr}」应为 5 段（分 时 日 月 周），实际 ${fields.length} 段`;
  try {
    CronExpressionParser.parse(expr.trim());
    return null;
  } catch (err) {
    return `cron 表达式「${expr}」无效：${(err as Error).message}`;
  }
}

export function validateFlowDefinition(def: FlowDefinition, ctx: CheckContext): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const add = (node: FlowNode | null, code: FlowProblem['code'], message: string) => problems.push({ nodeId: node?.id ?? null, code, message });
  const nodes = new Map<string, FlowNode>();
  for (const n of def.nodes) {
    if (nodes.has(n.id)) add(n, 'badConfig', `节点编号 ${n.id} 重复`);
    else nodes.set(n.id, n);
  }

  // ---- start
  const triggers = def.nodes.filter((n) => n.type === 'trigger');
  const trigger = triggers[0] ?? null;
  if (!trigger) add(null, 'noStart', '流程没有触发节点');
  for (const extra of triggers.slice(1)) add(extra, 'noStart', `节点「${nodeName(extra)}」是多余的触发节点：一个流程只能有一个触发节点`);
  checkTrigger(def, ctx, (code, message) => add(trigger, code, message));

  // ---- nodes
  const waits = new Set<string>();
  const handles = new Map<string, string[]>();
  for (const node of nodes.values()) {
    const name = `节点「${nodeName(node)}」`;
    const spec = findNodeType(node.type);
    if (!spec) {
      add(node, 'unknownNodeType', `${name}的类型 ${node.type} 不存在`);
      continue;
    }
    if (spec.waits) waits.add(node.id);
    const parsed = spec.config.safeParse(node.config);
    if (!parsed.success) {
      const msg = parsed.error.issues.slice(0, 3).map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('；');
      add(node, 'badConfig', `${name}的配置有误：${msg}`);
      continue;
    }
    if (spec.handles) handles.set(node.id, spec.handles(parsed.data).filter((h) => !spec.optionalHandles?.includes(h)).concat(spec.optionalHandles?.map((h) => `?${h}`) ?? []));
    // approval nodes wait for an approval instance: only approval flows (trigger "提交审批") have one
    if (node.type === 'approval' && def.trigger.type !== 'approvalSubmitted') add(node, 'badConfig', `${name}是审批节点，只能用于审批流程（触发器为"提交审批"）`);
    for (const p of spec.check?.(parsed.data, ctx) ?? []) add(node, p.code, `${name}${p.message}`);
    if (!ctx.recordType && (NEEDS_RECORD.has(node.type) || (node.type === 'delay' && (parsed.data as { mode?: string }).mode === 'untilField'))) {
      add(node, 'badConfig', `${name}要作用于记录，但触发器没有记录类型`);
    }
  }

  // ---- edges
  const out = new Map<string, string[]>();
  const connected = new Map<string, Set<string>>();
  for (const e of def.edges) {
    const src = nodes.get(e.source);
    const dst = nodes.get(e.target);
    if (!src || !dst) {
      const missing = [!src ? e.source : null, !dst ? e.target : null].filter(Boolean).join('、');
      const owner = src ?? dst ?? null;
      add(owner, 'danglingEdge', `${owner ? `节点「${nodeName(owner)}」的` : ''}连线 ${e.id} 连接了不存在的节点 ${missing}`);
      continue;
    }
    if (src.type === 'end') {
      add(src, 'danglingEdge', `节点「${nodeName(src)}」是结束节点，它之后的连线 ${e.id} 不会被执行`);
      continue;
    }
    if (dst.type === 'trigger') {
      add(src, 'danglingEdge', `节点「${nodeName(src)}」的连线 ${e.id} 指向了触发节点，触发节点不能有输入`);
      continue;
    }
    const hs = handles.get(src.id);
    if (hs) {
      const h = e.sourceHandle ?? null;
      if (h === null || !(hs.includes(h) || hs.includes(`?${h}`))) {
        add(src, 'danglingEdge', `节点「${nodeName(src)}」的连线 ${e.id} ${h === null ? '没有指定分支' : `来自不存在的分支 ${h}`}`);
        continue;
      }
      let set = connected.get(src.id);
      if (!set) connected.set(src.id, (set = new Set()));
      set.add(h);
    }
    out.set(src.id, [...(out.get(src.id) ?? []), dst.id]);
  }
  for (const [nodeId, hs] of handles) {
    const node = nodes.get(nodeId)!;
    const labels = new Map<string, string>(
      ((node.config as { branches?: { id: string; label: string }[] }).branches ?? []).map((b) => [b.id, b.label || b.id]),
    );
    for (const h of hs) {
      // "default" and optional handles ("?rejected") may stay unconnected
      if (h === 'default' || h.startsWith('?') || connected.get(nodeId)?.has(h)) continue;
      add(node, 'missingBranch', `节点「${nodeName(node)}」的分支「${labels.get(h) ?? h}」没有连接到任何节点（若不需要后续动作，请连接到"结束"节点）`);
    }
  }

  // ---- reachability
  if (trigger) {
    const seen = new Set([trigger.id]);
    const stack = [trigger.id];
    while (stack.length) for (const t of out.get(stack.pop()!) ?? []) if (!seen.has(t)) seen.add(t), stack.push(t);
    for (const node of nodes.values()) {
      if (!seen.has(node.id) && node.type !== 'trigger') add(node, 'unreachable', `节点「${nodeName(node)}」无法从触发器到达`);
    }
  }

  // ---- loops that never wait
  for (const cycle of cyclesWithoutWait([...nodes.keys()], out, waits)) {
    const first = nodes.get(cycle[0])!;
    add(first, 'loopWithoutDelay', `节点「${cycle.map((id) => nodeName(nodes.get(id)!)).join('」→「')}」构成了循环，但循环中没有延时节点，会无限执行`);
  }
  return problems;
}

/** Strongly connected components (Tarjan, iterative) of the graph without waiting nodes that contain a cycle. */
function cyclesWithoutWait(ids: string[], out: Map<string, string[]>, waits: Set<string>): string[][] {
  const next = (id: string) => (out.get(id) ?? []).filter((t) => !waits.has(t));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;
  for (const root of ids) {
    if (waits.has(root) || index.has(root)) continue;
    const work: { id: string; i: number }[] = [{ id: root, i: 0 }];
    index.set(root, counter), low.set(root, counter++), stack.push(root), onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1];
      const succ = next(top.id);
      if (top.i < succ.length) {
        const t = succ[top.i++];
        if (!index.has(t)) {
          index.set(t, counter), low.set(t, counter++), stack.push(t), onStack.add(t);
          work.push({ id: t, i: 0 });
        } else if (onStack.has(t)) low.set(top.id, Math.min(low.get(top.id)!, index.get(t)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.id)!));
      }
      if (low.get(top.id) === index.get(top.id)) {
        const comp: string[] = [];
        let x: string;
        do {
          x = stack.pop()!;
          onStack.delete(x);
          comp.push(x);
        } while (x !== top.id);
        if (comp.length > 1 || next(top.id).includes(top.id)) result.push(ids.filter((id) => comp.includes(id)));
      }
    }
  }
  return result;
}

function checkTrigger(def: FlowDefinition, ctx: CheckContext, add: (code: FlowProblem['code'], message: string) => void): void {
  const t = def.trigger;
  const bad = (message: string) => add('badTrigger', `触发器${message}`);
  if (!t.recordType && !RECORDLESS_TRIGGERS.has(t.type)) bad('需要选择记录类型');
  const fieldOk = (key: string) => Object.hasOwn(ctx.catalog, key);
  const conditions: [string, typeof t.condition][] = [['的条件', t.condition], ['的"变更前"条件', t.previousCondition]];
  for (const [what, filter] of conditions) {
    if (!filter) continue;
    if (!t.recordType) bad(`${what}需要先选择记录类型`);
    else for (const p of checkFilter(filter, ctx.catalog, what)) bad(p.message);
  }
  switch (t.type) {
    case 'recordUpdated':
      for (const f of t.fields ?? []) if (!fieldOk(f)) bad(`监听的字段 ${f} 不存在`);
      break;
    case 'statusEntered':
      if (!t.statusField) bad('需要选择状态字段');
      else if (!fieldOk(t.statusField)) bad(`的状态字段 ${t.statusField} 不存在`);
      if (t.statusValue === undefined || t.statusValue === '') bad('需要选择进入的状态值');
      break;
    case 'scheduled': {
      const problem = checkCron(t.cron);
      if (problem) bad(`的${problem}`);
      break;
    }
    case 'dateRelative':
      if (!t.dateField) bad('需要选择日期字段');
      else if (!fieldOk(t.dateField)) bad(`的日期字段 ${t.dateField} 不存在`);
      else if (!['date', 'datetime'].includes(ctx.catalog[t.dateField].kind)) bad(`的字段 ${t.dateField} 不是日期字段`);
      if (t.offsetDays === undefined) bad('需要设置相对天数（负数为之前，正数为之后）');
      break;
    case 'approvalSubmitted':
      if (!def.nodes.some((n) => n.type === 'approval')) bad('是"提交审批"，但流程中没有审批节点（没有审批节点时提交即通过）');
      break;
    default:
      break;
  }
}
