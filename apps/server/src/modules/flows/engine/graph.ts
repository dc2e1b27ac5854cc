/** The flow graph as the engine walks it: nodes by id, outgoing edges, reachability. Pure. */
import type { FlowDefinition, FlowEdge, FlowNode } from '@loopline/shared';

export interface FlowGraph {
  nodes: Map<string, FlowNode>;
  /** the (first) trigger node */
  trigger: FlowNode | null;
  /** outgoing edges whose both ends exist (edges to unknown nodes are ignored at run time) */
  out: Map<string, FlowEdge[]>;
  /** node ids reachable from `from` along one or more edges (any handle) */
  reachable(from: string): ReadonlySet<string>;
}

const cache = new WeakMap<FlowDefinition, FlowGraph>();

export function flowGraph(def: FlowDefinition): FlowGraph {
  const hit = cache.get(def);
  if (hit) return hit;
  const nodes = new Map<string, FlowNode>();
  for (const n of def.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
  const out = new Map<string, FlowEdge[]>();
  for (const e of def.edges) {
    if (!nodes.has(e.source) || !nodes.has(e.target)) continue;
    const list = out.get(e.source) ?? [];
    list.push(e);
    out.set(e.source, list);
  }
  const reach = new Map<string, Set<string>>();
  const g: FlowGraph = {
    nodes,
    trigger: def.nodes.find((n) => n.type === 'trigger') ?? null,
    out,
    reachable(from) {
      let seen = reach.get(from);
      if (seen) return seen;
      seen = new Set<string>();
      const stack = [from];
      while (stack.length) {
        for (const e of out.get(stack.pop()!) ?? []) {
          if (!seen.has(e.target)) {
            seen.add(e.target);
            stack.push(e.target);
          }
        }
      }
      reach.set(from, seen);
      return seen;
    },
  };
  cache.set(def, g);
  return g;
}

/**
 * Target node ids of the edges a node continues along: those whose sourceHandle is `branch`, or
 * every edge when `branch` is undefined; each target once.
 */
export function successors(g: FlowGraph, nodeId: string, branch?: string): string[] {
  const targets: string[] = [];
  for (const e of g.out.get(nodeId) ?? []) {
    if (branch !== undefined && (e.sourceHandle ?? null) !== branch) continue;
    if (!targets.includes(e.target)) targets.push(e.target);
  }
  return targets;
}
