/**
 * What changed between two versions of a flow (or a version and the draft), for the designer's
 * diff view. Pure. Nodes are matched by id; edges by what they connect (source, branch, target), so
 * an edge the designer re-created with a new id is not reported as changed.
 */
import type { FlowDefinition, FlowEdge, FlowNode, FlowTrigger } from '@loopline/shared';

export interface FlowNodeChange {
  nodeId: string;
  before: FlowNode;
  after: FlowNode;
  /** what differs: `type`, `label`, `position`, `config.<key>` */
  fields: string[];
}

export interface FlowVersionDiff {
  trigger: { changed: boolean; before: FlowTrigger; after: FlowTrigger };
  nodes: { added: FlowNode[]; removed: FlowNode[]; changed: FlowNodeChange[] };
  edges: { added: FlowEdge[]; removed: FlowEdge[] };
}

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

function nodeFields(a: FlowNode, b: FlowNode): string[] {
  const out: string[] = [];
  if (a.type !== b.type) out.push('type');
  if ((a.label ?? '') !== (b.label ?? '')) out.push('label');
  const ac = a.config ?? {};
  const bc = b.config ?? {};
  for (const key of [...new Set([...Object.keys(ac), ...Object.keys(bc)])].sort()) {
    if (!same(ac[key], bc[key])) out.push(`config.${key}`);
  }
  if (!same(a.position, b.position)) out.push('position');
  return out;
}

const edgeKey = (e: FlowEdge) => `${e.source}\u0000${e.sourceHandle ?? ''}\u0000${e.target}`;

export function diffFlowDefinitions(before: FlowDefinition, after: FlowDefinition): FlowVersionDiff {
  const beforeNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const afterNodes = new Map(after.nodes.map((n) => [n.id, n]));
  const changed: FlowNodeChange[] = [];
  for (const n of after.nodes) {
    const old = beforeNodes.get(n.id);
    if (!old) continue;
    const fields = nodeFields(old, n);
    if (fields.length) changed.push({ nodeId: n.id, before: old, after: n, fields });
  }
  const beforeEdges = new Set(before.edges.map(edgeKey));
  const afterEdges = new Set(after.edges.map(edgeKey));
  return {
    trigger: { changed: !same(before.trigger, after.trigger), before: before.trigger, after: after.trigger },
    nodes: {
      added: after.nodes.filter((n) => !beforeNodes.has(n.id)),
      removed: before.nodes.filter((n) => !afterNodes.has(n.id)),
      changed,
    },
    edges: {
      added: after.edges.filter((e) => !beforeEdges.has(edgeKey(e))),
      removed: before.edges.filter((e) => !afterEdges.has(edgeKey(e))),
    },
  };
}
