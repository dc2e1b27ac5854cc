/** The node-type registry and the built-in node types (condition, actions, delay, parallel/join, end). */
import type { NodeTypeSpec } from './types.ts';

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

// PLACEHOLDER: engine owner registers every built-in of FLOW_NODE_TYPES here.
