/**
 * Auto-layout (top to bottom) with dagre. Kept apart from model.ts so only the designer's lazily
 * loaded chunk pulls dagre in.
 */
import dagre from '@dagrejs/dagre';
import type { FlowDefinition } from '@loopline/shared';
import { handlesOf } from './model.ts';

export const NODE_WIDTH = 240;
export const NODE_HEIGHT = 84;

/** Positions every node top-to-bottom; branch order of a condition is kept left to right. */
export function autoLayout(def: FlowDefinition, size: (id: string) => { width: number; height: number } | undefined = () => undefined): FlowDefinition {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 50, ranksep: 70, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(def.nodes.map((n) => n.id));
  const byId = new Map(def.nodes.map((n) => [n.id, n]));
  // edges sorted by their handle's position on the node so branches come out in order
  const order = (e: FlowDefinition['edges'][number]) => {
    const src = byId.get(e.source);
    return src ? handlesOf(src).indexOf(e.sourceHandle ?? null) : 0;
  };
  const edges = [...def.edges].sort((a, b) => order(a) - order(b));
  // dagre's initial ordering follows insertion: add nodes breadth-first from the trigger, children in branch order
  const seen = new Set<string>();
  const queue = def.nodes.filter((n) => n.type === 'trigger').map((n) => n.id);
  const ordered: string[] = [];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    ordered.push(id);
    for (const e of edges) if (e.source === id && ids.has(e.target)) queue.push(e.target);
  }
  for (const n of def.nodes) if (!seen.has(n.id)) ordered.push(n.id);
  for (const id of ordered) {
    const s = size(id);
    g.setNode(id, { width: s?.width ?? NODE_WIDTH, height: s?.height ?? NODE_HEIGHT });
  }
  for (const e of edges) {
    if (ids.has(e.source) && ids.has(e.target) && e.source !== e.target) g.setEdge(e.source, e.target, {}, e.id);
  }
  // keep a condition's branches (and a split's exits) left to right in their order
  const constraints: { left: string; right: string }[] = [];
  for (const n of def.nodes) {
    const kids = [...new Set(edges.filter((e) => e.source === n.id && ids.has(e.target) && e.target !== n.id).map((e) => e.target))];
    for (let i = 1; i < kids.length; i++) constraints.push({ left: kids[i - 1], right: kids[i] });
  }
  try {
    dagre.layout(g, { constraints });
  } catch {
    dagre.layout(g); // contradictory constraints (a node reached from two branches): plain layout
  }
  return {
    ...def,
    nodes: def.nodes.map((n) => {
      const p = g.node(n.id);
      const s = size(n.id);
      const w = s?.width ?? NODE_WIDTH;
      const h = s?.height ?? NODE_HEIGHT;
      // dagre gives centres; React Flow positions are top-left corners
      return p ? { ...n, position: { x: Math.round(p.x - w / 2), y: Math.round(p.y - h / 2) } } : n;
    }),
  };
}
