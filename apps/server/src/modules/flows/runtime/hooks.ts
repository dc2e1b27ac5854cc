/**
 * Extension points of the runtime for node types that live in other modules (the approval node):
 * a loader that reads what a node needs before it is planned, a handler for an effect type, and a
 * hook told — inside the same transaction — when an execution ends. All run in the step's (or the
 * caller's) transaction, so what they write commits or rolls back with the transition.
 */
import type { FlowExecutionStatus, FlowNode } from '@loopline/shared';
import type { Db } from '../../../platform/db/client.ts';
import type { FlowEffect, NodeInput } from '../engine/types.ts';
import type { EffectScope, PostCommit } from './effects.ts';
import type { ExecutionRow } from './store.ts';

export interface NodeLoaderArgs { tx: Db; exec: ExecutionRow; stepId: string; node: FlowNode; config: unknown; input: NodeInput }
type NodeLoader = (args: NodeLoaderArgs) => Promise<unknown>;
type EffectHandler = (s: EffectScope, e: FlowEffect) => Promise<Record<string, unknown>>;
export interface ExecutionEnd { tx: Db; exec: Pick<ExecutionRow, 'id' | 'tenant_id' | 'flow_id'>; status: FlowExecutionStatus; now: Date; post: PostCommit | null }
type EndHook = (end: ExecutionEnd) => Promise<void>;

const loaders = new Map<string, NodeLoader>();
const effectHandlers = new Map<string, EffectHandler>();
const endHooks = new Map<string, EndHook>();

/** `input.nodeData` of every step of this node type comes from `fn` (registering again replaces). */
export function registerNodeLoader(nodeType: string, fn: NodeLoader): void {
  loaders.set(nodeType, fn);
}
export const findNodeLoader = (nodeType: string) => loaders.get(nodeType);

export function registerEffectHandler(effectType: string, fn: EffectHandler): void {
  effectHandlers.set(effectType, fn);
}
export const findEffectHandler = (effectType: string) => effectHandlers.get(effectType);

/** Told when an execution becomes completed / failed / cancelled, in that transaction (keyed: registering again replaces). */
export function registerExecutionEndHook(key: string, fn: EndHook): void {
  endHooks.set(key, fn);
}

export async function executionEnded(end: ExecutionEnd): Promise<void> {
  for (const fn of endHooks.values()) await fn(end);
}
