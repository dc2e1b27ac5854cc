/**
 * The path an execution took, for drawing on the flowchart: which nodes were visited (and how each
 * ended) and which edges were followed. Pure: steps + definition in, highlight maps out.
 */
import type { FlowDefinition, FlowStepStatus, FlowStepView } from '@loopline/shared';

type Step = Pick<FlowStepView, 'id' | 'nodeId' | 'nodeType' | 'status' | 'fromStepId' | 'branch' | 'createdAt'>;

export type NodeMark = FlowStepStatus;

/** Steps in the order they happened (createdAt, then the server's order for equal instants). */
export function orderSteps<T extends Step>(steps: readonly T[]): T[] {
  return steps.map((s, i) => ({ s, i })).sort((a, b) => a.s.createdAt.localeCompare(b.s.createdAt) || a.i - b.i).map((x) => x.s);
}

/** Each node's visits, oldest first (a node inside a loop with a delay is visited more than once). */
export function visitsByNode<T extends Step>(steps: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const s of orderSteps(steps)) {
    const list = out.get(s.nodeId);
    if (list) list.push(s);
    else out.set(s.nodeId, [s]);
  }
  return out;
}

/** A node's mark is how its latest visit stands: what happened there last is what the reader needs. */
export function nodeMarks(steps: readonly Step[]): Record<string, NodeMark> {
  const out: Record<string, NodeMark> = {};
  for (const [nodeId, visits] of visitsByNode(steps)) out[nodeId] = visits[visits.length - 1]!.status;
  return out;
}

/**
 * Edges followed: a step reached from another step followed the edge between their nodes — for a
 * condition, the one leaving by the branch it took (the edge's sourceHandle). A join's step records only
 * the last arrival, so the join's other incoming edges count as followed when their source finished
 * (and, for a condition source, left by that edge's handle).
 */
export function followedEdges(definition: Pick<FlowDefinition, 'edges' | 'nodes'>, steps: readonly Step[]): string[] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const out = new Set<string>();
  const leaves = (edge: FlowDefinition['edges'][number], from: Step) =>
    edge.source === from.nodeId && (from.branch == null || edge.sourceHandle == null || edge.sourceHandle === from.branch);

  for (const step of steps) {
    const from = step.fromStepId ? byId.get(step.fromStepId) : undefined;
    if (!from) continue;
    const candidates = definition.edges.filter((e) => e.source === from.nodeId && e.target === step.nodeId);
    const exact = candidates.filter((e) => leaves(e, from));
    // a definition edited oddly (branch renamed) still shows the move rather than nothing
    for (const e of exact.length ? exact : candidates) out.add(e.id);
  }

  const joinNodes = new Set(definition.nodes.filter((n) => n.type === 'join').map((n) => n.id));
  const visited = new Set(steps.map((s) => s.nodeId));
  for (const edge of definition.edges) {
    if (!joinNodes.has(edge.target) || !visited.has(edge.target) || out.has(edge.id)) continue;
    if (steps.some((s) => s.status === 'done' && leaves(edge, s))) out.add(edge.id);
  }
  return [...out];
}

/** Milliseconds between two instants, null while the second is unknown. */
export function durationMs(from: string | null | undefined, to: string | null | undefined): number | null {
  if (!from || !to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

/** "850 ms", "12 s", "3 min 5 s", "2 h 10 min", "3 d 4 h" — units are words the locale file supplies. */
export function formatDuration(ms: number | null, unit: { ms: string; s: string; min: string; h: string; d: string } = { ms: 'ms', s: 's', min: 'min', h: 'h', d: 'd' }): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ${unit.ms}`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} ${unit.s}`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} ${unit.min} ${s % 60} ${unit.s}` : `${m} ${unit.min}`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} ${unit.h} ${m % 60} ${unit.min}` : `${h} ${unit.h}`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} ${unit.d} ${h % 24} ${unit.h}` : `${d} ${unit.d}`;
}

/** One tested branch of a condition's decision, read leniently: the engine records it, the UI explains it. */
export interface BranchTest { id: string; label: string | null; matched: boolean; reason: string | null }

/**
 * A condition's decision as a list of tested branches. Accepts `{branches: [...]}`, `{tested: [...]}` or
 * a bare array of `{id|branchId, label?, matched, reason|why|explanation?}`; anything else → null (the
 * inspector then shows the raw value).
 */
export function branchTests(decision: unknown): BranchTest[] | null {
  const list = Array.isArray(decision) ? decision
    : decision && typeof decision === 'object'
      ? ((decision as Record<string, unknown>).branches ?? (decision as Record<string, unknown>).tested ?? (decision as Record<string, unknown>).tests)
      : null;
  if (!Array.isArray(list) || list.length === 0) return null;
  const out: BranchTest[] = [];
  for (const raw of list) {
    if (!raw || typeof raw !== 'object') return null;
    const r = raw as Record<string, unknown>;
    const id = r.id ?? r.branchId ?? r.branch;
    if (typeof id !== 'string' || typeof r.matched !== 'boolean') return null;
    const why = r.reason ?? r.why ?? r.explanation ?? r.detail;
    out.push({
      id,
      label: typeof r.label === 'string' ? r.label : null,
      matched: r.matched,
      reason: typeof why === 'string' ? why : why == null ? null : JSON.stringify(why),
    });
  }
  return out;
}
