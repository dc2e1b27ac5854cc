/**
 * The designer's pure model: building nodes with default config, editing the graph (add / connect /
 * remove), summarising a node's config in one line, and mapping problems and diffs onto nodes.
 * No React, no I/O (dagre layout lives in layout.ts), so all of it is unit-tested.
 */
import { approvalNodeSummary, defaultApprovalConfig } from '../approvals/model.ts';
import type { FlowDefinition, FlowDuration, FlowEdge, FlowNode, FlowNodeCounts, FlowNodeType, FlowPerson, FlowProblem, FlowTrigger } from '@loopline/shared';

/** Node types offered in the palette (the trigger node is always there, exactly once). */
export const PALETTE_TYPES = [
  'condition', 'createTask', 'followupReminder', 'notify', 'sendEmail', 'assignOwner', 'returnToPool', 'updateFields',
  'createRecord', 'webhook', 'delay', 'parallel', 'join', 'end', 'approval',
] as const satisfies readonly Exclude<FlowNodeType, 'trigger'>[];
export type PaletteType = (typeof PALETTE_TYPES)[number];

/** Approval flows draw approvals, branches, notices and field updates; automations everything but approvals. */
const APPROVAL_PALETTE: readonly PaletteType[] = ['approval', 'condition', 'notify', 'sendEmail', 'updateFields', 'end'];
export function paletteFor(kind: 'automation' | 'approval'): readonly PaletteType[] {
  return kind === 'approval' ? APPROVAL_PALETTE : PALETTE_TYPES.filter((t) => t !== 'approval');
}
/** A draft is an approval flow when its trigger is 提交审批 (the server derives the kind the same way). */
export const isApprovalDefinition = (def: FlowDefinition) => def.trigger.type === 'approvalSubmitted';

/** The approval node's exits (edge sourceHandles). */
export const APPROVED_HANDLE = 'approved';
export const REJECTED_HANDLE = 'rejected';

export const TRIGGER_NODE_ID = 'trigger';
export const DEFAULT_HANDLE = 'default';

/** Translator the summaries use; a page passes i18next's `t`, tests pass a fake. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

export type ConditionBranch = { id: string; label: string; filter: unknown };

export function emptyDefinition(recordType: FlowTrigger['recordType'] = 'lead'): FlowDefinition {
  return {
    trigger: { type: 'recordCreated', recordType },
    nodes: [{ id: TRIGGER_NODE_ID, type: 'trigger', config: {}, position: { x: 0, y: 0 } }],
    edges: [],
  };
}

/** A definition always shows exactly one trigger node (an older/foreign draft without one gets it back). */
export function ensureTrigger(def: FlowDefinition): FlowDefinition {
  if (def.nodes.some((n) => n.type === 'trigger')) return def;
  const top = def.nodes.reduce((min, n) => Math.min(min, n.position.y), 0);
  return { ...def, nodes: [{ id: uniqueId(def, TRIGGER_NODE_ID), type: 'trigger', config: {}, position: { x: 0, y: top - 140 } }, ...def.nodes] };
}

export function triggerNode(def: FlowDefinition): FlowNode | undefined {
  return def.nodes.find((n) => n.type === 'trigger');
}

/** The smallest free id `<base>`, `<base>2`, `<base>3`, … (short ids read well in problems and run history). */
export function uniqueId(def: FlowDefinition, base: string): string {
  const used = new Set(def.nodes.map((n) => n.id));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}

/** Config a new node starts with: valid where a sensible default exists, otherwise the fields to fill are empty. */
export function defaultConfig(type: PaletteType, def?: FlowDefinition): Record<string, unknown> {
  switch (type) {
    case 'condition': return { branches: [{ id: 'b1', label: '', filter: { and: [] } }] };
    case 'createTask': return { title: '', assignee: { kind: 'owner' }, due: { days: 1 }, priority: 'normal' };
    case 'followupReminder': return { after: { days: 3 } };
    case 'assignOwner': return { to: { kind: 'ownerManager' } };
    case 'returnToPool': return { reason: '' };
    case 'updateFields': return { values: {} };
    case 'createRecord': return { recordType: 'task', values: {} };
    case 'notify': return { to: [{ kind: 'owner' }], title: '' };
    case 'sendEmail': return { to: [{ kind: 'owner' }], subject: '', body: '' };
    case 'webhook': return { url: '' };
    case 'delay': return { mode: 'duration', duration: { days: 1 } };
    case 'parallel': case 'join': case 'end': return {};
    case 'approval': return defaultApprovalConfig();
  }
  void def;
}

/** The sourceHandles a node's outgoing edges use: condition = each branch + default; end none; others one unnamed. */
export function handlesOf(node: FlowNode): (string | null)[] {
  if (node.type === 'end') return [];
  if (node.type === 'condition') return [...branchesOf(node).map((b) => b.id), DEFAULT_HANDLE];
  if (node.type === 'approval') return [APPROVED_HANDLE, REJECTED_HANDLE];
  return [null];
}

export function branchesOf(node: FlowNode): ConditionBranch[] {
  const b = (node.config as { branches?: unknown }).branches;
  return Array.isArray(b) ? (b as ConditionBranch[]) : [];
}

/** Single-exit nodes and each condition branch take one edge; parallel fans out to many. */
function handleTakesMany(node: FlowNode): boolean {
  return node.type === 'parallel' || node.type === 'trigger';
}

/** A handle of `source` with no edge yet (where a node added after it gets attached), or undefined. */
export function freeHandle(def: FlowDefinition, source: FlowNode): string | null | undefined {
  const handles = handlesOf(source);
  if (handleTakesMany(source)) return handles[0];
  return handles.find((h) => !def.edges.some((e) => e.source === source.id && (e.sourceHandle ?? null) === h));
}

/** Why a connection is refused (null = fine). */
export function connectionProblem(def: FlowDefinition, c: { source: string; target: string; sourceHandle?: string | null }): 'self' | 'toTrigger' | 'duplicate' | 'handleUsed' | 'unknown' | null {
  const source = def.nodes.find((n) => n.id === c.source);
  const target = def.nodes.find((n) => n.id === c.target);
  if (!source || !target) return 'unknown';
  if (c.source === c.target) return 'self';
  if (target.type === 'trigger') return 'toTrigger';
  const handle = c.sourceHandle ?? null;
  if (def.edges.some((e) => e.source === c.source && e.target === c.target && (e.sourceHandle ?? null) === handle)) return 'duplicate';
  if (!handleTakesMany(source) && def.edges.some((e) => e.source === c.source && (e.sourceHandle ?? null) === handle)) return 'handleUsed';
  return null;
}

export function edgeId(source: string, target: string, handle: string | null | undefined): string {
  return handle ? `${source}:${handle}->${target}` : `${source}->${target}`;
}

export function connect(def: FlowDefinition, c: { source: string; target: string; sourceHandle?: string | null }): FlowDefinition {
  if (connectionProblem(def, c)) return def;
  const handle = c.sourceHandle ?? null;
  const edge: FlowEdge = { id: edgeId(c.source, c.target, handle), source: c.source, target: c.target, ...(handle ? { sourceHandle: handle } : {}) };
  return { ...def, edges: [...def.edges, edge] };
}

/**
 * Adds a node of `type`. With `after` (the selected node) it goes below it and is connected from its
 * first free exit, so a flow can be built by clicking alone (phones, keyboard, browser tests).
 */
export function addNode(def: FlowDefinition, type: PaletteType, opts: { after?: string | null; position?: { x: number; y: number } } = {}): { def: FlowDefinition; id: string } {
  const id = uniqueId(def, type);
  const after = opts.after ? def.nodes.find((n) => n.id === opts.after) : undefined;
  const siblings = after ? def.edges.filter((e) => e.source === after.id).length : 0;
  const lowest = def.nodes.reduce((max, n) => Math.max(max, n.position.y), -Infinity);
  const position = opts.position
    ?? (after ? { x: after.position.x + siblings * 260, y: after.position.y + 140 } : { x: 0, y: (Number.isFinite(lowest) ? lowest : 0) + 140 });
  const node: FlowNode = { id, type, config: defaultConfig(type, def), position };
  let next: FlowDefinition = { ...def, nodes: [...def.nodes, node] };
  if (after) {
    // A node whose only exit leads to an End (a new flow's trigger): the new node goes in between, so
    // clicking nodes in builds a chain rather than a branch running beside "End".
    const exits = def.edges.filter((e) => e.source === after.id);
    const end = exits.length === 1 && type !== 'end' ? def.nodes.find((n) => n.id === exits[0]!.target && n.type === 'end') : undefined;
    if (end) {
      const exit = exits[0]!;
      next = { ...next, edges: next.edges.filter((e) => e.id !== exit.id) };
      next = connect(next, { source: after.id, target: id, sourceHandle: exit.sourceHandle ?? null });
      // a condition continues to End by its "otherwise" exit, an approval by "approved" (rejected ends the approval by itself)
      const exitHandle = node.type === 'approval' ? APPROVED_HANDLE : handlesOf(node)[handlesOf(node).length - 1] ?? null;
      next = connect(next, { source: id, target: end.id, sourceHandle: exitHandle });
      const below = opts.position ?? { x: after.position.x, y: after.position.y + 140 };
      next = setPositions(next, { [id]: below, [end.id]: { x: end.position.x, y: Math.max(end.position.y, below.y + 140) } });
      return { def: next, id };
    }
    const handle = freeHandle(def, after);
    if (handle !== undefined) next = connect(next, { source: after.id, target: id, sourceHandle: handle });
  }
  return { def: next, id };
}

/** Removes nodes (never the trigger) and their edges. */
export function removeNodes(def: FlowDefinition, ids: string[]): FlowDefinition {
  const drop = new Set(ids.filter((id) => def.nodes.find((n) => n.id === id)?.type !== 'trigger'));
  if (!drop.size) return def;
  return {
    ...def,
    nodes: def.nodes.filter((n) => !drop.has(n.id)),
    edges: def.edges.filter((e) => !drop.has(e.source) && !drop.has(e.target)),
  };
}

export function removeEdges(def: FlowDefinition, ids: string[]): FlowDefinition {
  const drop = new Set(ids);
  return { ...def, edges: def.edges.filter((e) => !drop.has(e.id)) };
}

export function updateNode(def: FlowDefinition, id: string, patch: Partial<Pick<FlowNode, 'label' | 'config' | 'position'>>): FlowDefinition {
  let next: FlowDefinition = { ...def, nodes: def.nodes.map((n) => (n.id === id ? { ...n, ...patch } : n)) };
  // a removed condition branch takes its edge with it (otherwise the validator reports a dangling edge)
  const node = next.nodes.find((n) => n.id === id);
  if (node?.type === 'condition' && patch.config) {
    const handles = new Set(handlesOf(node));
    next = { ...next, edges: next.edges.filter((e) => e.source !== id || handles.has(e.sourceHandle ?? null)) };
  }
  return next;
}

export function setPositions(def: FlowDefinition, positions: Record<string, { x: number; y: number }>): FlowDefinition {
  return { ...def, nodes: def.nodes.map((n) => (positions[n.id] ? { ...n, position: positions[n.id] } : n)) };
}

/** A branch id not yet used on the node (also its edge's sourceHandle, so never "default"). */
export function newBranchId(branches: ConditionBranch[]): string {
  const used = new Set(branches.map((b) => b.id));
  for (let i = branches.length + 1; ; i++) if (!used.has(`b${i}`)) return `b${i}`;
}

// ------------------------------------------------------------------ summaries

export function durationParts(d: FlowDuration | undefined | null): { days: number; hours: number; minutes: number } {
  return { days: d?.days ?? 0, hours: d?.hours ?? 0, minutes: d?.minutes ?? 0 };
}

/** "3 天 4 小时" / "3 d 4 h"; empty string for no duration. */
export function durationText(d: FlowDuration | undefined | null, t: Translate): string {
  const p = durationParts(d);
  const parts: string[] = [];
  if (p.days) parts.push(t('flows.duration.days', { count: p.days }));
  if (p.hours) parts.push(t('flows.duration.hours', { count: p.hours }));
  if (p.minutes) parts.push(t('flows.duration.minutes', { count: p.minutes }));
  return parts.join(' ');
}

export function personText(p: FlowPerson | { kind: 'address'; email: string } | { kind: 'recordEmail' } | undefined, t: Translate, userName?: (id: string) => string | undefined): string {
  if (!p) return '';
  if (p.kind === 'user') return userName?.(p.userId) ?? t('flows.person.user');
  if (p.kind === 'address') return p.email;
  return t(`flows.person.${p.kind}`);
}

const cut = (s: string, n = 28) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** One short line describing what a node does, for the node on the canvas ("延迟 3 天", "任务：首次电话联系"). */
export function summarize(node: FlowNode, t: Translate, opts: { trigger?: FlowTrigger; userName?: (id: string) => string | undefined; fieldName?: (key: string) => string | undefined; roleName?: (key: string) => string | undefined } = {}): string {
  const c = node.config as Record<string, any>;
  const field = (k: unknown) => (typeof k === 'string' ? opts.fieldName?.(k) ?? k : '');
  const who = (p: unknown) => personText(p as FlowPerson, t, opts.userName);
  switch (node.type) {
    case 'trigger': return opts.trigger ? triggerText(opts.trigger, t, opts.fieldName) : '';
    case 'condition': return t('flows.summary.condition', { count: branchesOf(node).length });
    case 'createTask': return c.title ? t('flows.summary.createTask', { title: cut(c.title), who: who(c.assignee) }) : t('flows.summary.incomplete');
    case 'followupReminder': return t('flows.summary.followupReminder', { after: durationText(c.after, t) || '—' });
    case 'assignOwner': return t('flows.summary.assignOwner', { who: who(c.to) });
    case 'returnToPool': return c.reason ? t('flows.summary.returnToPool', { reason: cut(c.reason) }) : t('flows.summary.incomplete');
    case 'updateFields': return t('flows.summary.updateFields', { count: Object.keys(c.values ?? {}).length });
    case 'createRecord': return t('flows.summary.createRecord', { type: t(`flows.recordTypes.${c.recordType}`) });
    case 'notify': return c.title ? t('flows.summary.notify', { title: cut(c.title), who: (c.to ?? []).map(who).join('、') }) : t('flows.summary.incomplete');
    case 'sendEmail': return c.subject ? t('flows.summary.sendEmail', { subject: cut(c.subject) }) : t('flows.summary.incomplete');
    case 'webhook': return c.url ? cut(String(c.url), 34) : t('flows.summary.incomplete');
    case 'delay':
      if (c.mode === 'untilField') {
        const off = durationText(c.offset, t);
        return off ? t(c.before ? 'flows.summary.delayBeforeField' : 'flows.summary.delayAfterField', { field: field(c.field), offset: off }) : t('flows.summary.delayUntilField', { field: field(c.field) });
      }
      return t('flows.summary.delay', { duration: durationText(c.duration, t) || '—' });
    case 'parallel': return t('flows.summary.parallel');
    case 'join': return t('flows.summary.join');
    case 'end': return t('flows.summary.end');
    case 'approval': return approvalNodeSummary(c, t, opts.userName, opts.roleName);
    default: return t('flows.summary.unknown', { type: node.type });
  }
}

export function triggerText(tr: FlowTrigger, t: Translate, fieldName?: (key: string) => string | undefined): string {
  const type = tr.recordType ? t(`flows.recordTypes.${tr.recordType}`) : '';
  switch (tr.type) {
    case 'statusEntered': return t('flows.triggerSummary.statusEntered', { type, value: tr.statusValue ?? '—' });
    case 'followupLogged': return t('flows.triggerSummary.followupLogged', { type, outcomes: (tr.outcomes ?? []).map((o) => t(`flows.outcomes.${o}`)).join('、') || t('flows.triggerSummary.anyOutcome') });
    case 'scheduled': return t('flows.triggerSummary.scheduled', { cron: tr.cron ?? '—' });
    case 'dateRelative': return t(tr.yearly ? 'flows.triggerSummary.dateRelativeYearly' : 'flows.triggerSummary.dateRelative', { type, field: tr.dateField ? fieldName?.(tr.dateField) ?? tr.dateField : '—', days: tr.offsetDays ?? 0, hour: tr.atHour ?? 9 });
    case 'manual': return t('flows.triggerSummary.manual', { type, label: tr.buttonLabel || '—' });
    case 'webhook': return t('flows.triggerSummary.webhook');
    default: return t(`flows.triggerSummary.${tr.type}`, { type });
  }
}

/** "通过 12 · 等待 3" (failures added when there are any); null when numbers are not shown, zeros for a node nobody reached. */
export function countsText(counts: FlowNodeCounts | undefined, nodeId: string, t: Translate): string | null {
  if (!counts) return null;
  const c = counts[nodeId] ?? { passed: 0, waiting: 0, failed: 0 };
  const parts = [t('flows.counts.passed', { count: c.passed }), t('flows.counts.waiting', { count: c.waiting })];
  if (c.failed) parts.push(t('flows.counts.failed', { count: c.failed }));
  return parts.join(' · ');
}

// ------------------------------------------------------------------ problems and diffs

/** Problems by node id; those without a node (trigger-level or flow-level) under the trigger node. */
export function problemsByNode(def: FlowDefinition, problems: FlowProblem[]): Record<string, FlowProblem[]> {
  const out: Record<string, FlowProblem[]> = {};
  const triggerId = triggerNode(def)?.id ?? TRIGGER_NODE_ID;
  const known = new Set(def.nodes.map((n) => n.id));
  for (const p of problems) {
    const id = p.nodeId && known.has(p.nodeId) ? p.nodeId : p.code === 'badTrigger' || p.code === 'noStart' || !p.nodeId ? triggerId : null;
    if (!id) continue;
    (out[id] ??= []).push(p);
  }
  return out;
}

/** The 422 body of a refused publish carries the problems in details.problems. */
export function problemsOfError(err: unknown): FlowProblem[] | null {
  const details = (err as { details?: { problems?: unknown } } | null)?.details;
  return Array.isArray(details?.problems) ? (details.problems as FlowProblem[]) : null;
}

export interface FlowDiff {
  trigger: { changed: boolean; before: FlowTrigger | null; after: FlowTrigger | null };
  nodes: { added: FlowNode[]; removed: FlowNode[]; changed: { nodeId: string; before: FlowNode; after: FlowNode; fields: string[] }[] };
  edges: { added: FlowEdge[]; removed: FlowEdge[] };
}
export type DiffMark = 'added' | 'removed' | 'changed';

/** Node changes beyond a move on the canvas (auto-layout would otherwise mark every node). */
export function meaningfulChanges(diff: FlowDiff): FlowDiff['nodes']['changed'] {
  return diff.nodes.changed.filter((c) => c.fields.some((f) => f !== 'position'));
}

/**
 * One definition to draw a diff on: the newer one plus the removed nodes and edges put back, with a
 * mark per node and per edge (green added, red removed, amber changed).
 */
export function diffView(after: FlowDefinition, diff: FlowDiff): { def: FlowDefinition; nodes: Record<string, DiffMark>; edges: Record<string, DiffMark> } {
  const nodes: Record<string, DiffMark> = {};
  const edges: Record<string, DiffMark> = {};
  for (const n of diff.nodes.added) nodes[n.id] = 'added';
  for (const c of meaningfulChanges(diff)) nodes[c.nodeId] = 'changed';
  const trig = triggerNode(after);
  if (diff.trigger.changed && trig) nodes[trig.id] = 'changed';
  const present = new Set(after.nodes.map((n) => n.id));
  const removedNodes = diff.nodes.removed.filter((n) => !present.has(n.id));
  for (const n of removedNodes) nodes[n.id] = 'removed';
  for (const e of diff.edges.added) edges[e.id] = 'added';
  const presentEdges = new Set(after.edges.map((e) => e.id));
  const removedEdges = diff.edges.removed.filter((e) => !presentEdges.has(e.id));
  for (const e of removedEdges) edges[e.id] = 'removed';
  return { def: { ...after, nodes: [...after.nodes, ...removedNodes], edges: [...after.edges, ...removedEdges] }, nodes, edges };
}

/** Edge ids a dry run / execution walked: an edge counts when both ends were visited and, from a condition, its branch was taken. */
export function pathEdges(def: FlowDefinition, steps: { nodeId: string; branch: string | null }[]): string[] {
  const visited = new Set(steps.map((s) => s.nodeId));
  const branchOf = new Map(steps.filter((s) => s.branch).map((s) => [s.nodeId, s.branch!]));
  return def.edges
    .filter((e) => visited.has(e.source) && visited.has(e.target))
    .filter((e) => !branchOf.has(e.source) || (e.sourceHandle ?? DEFAULT_HANDLE) === branchOf.get(e.source))
    .map((e) => e.id);
}

/** Record types whose field catalog the designer can read (GET <path>/fields), by flow record type. */
export const FIELD_CATALOG_PATHS: Record<string, string> = {
  lead: '/leads', customer: '/customers', contact: '/contacts', task: '/tasks', activity: '/followups',
  opportunity: '/opportunities', contract: '/contracts', quote: '/quotes', order: '/orders', payment: '/payments', invoice: '/invoices',
  paymentPlan: '/payment-plans', product: '/products',
};

/** Placeholders offered under a template input, for the flow's record type. */
export function templateHints(fields: { key: string; label: string }[]): { value: string; label: string }[] {
  const own = fields.map((f) => ({ value: `{{record.${f.key}}}`, label: f.label }));
  const common = ['owner.name', 'ownerManager.name', 'triggerUser.name', 'customer.name', 'trigger.at|datetime', 'now|date', 'now+3d|date'];
  return [...own, ...common.map((p) => ({ value: `{{${p}}}`, label: p }))];
}
