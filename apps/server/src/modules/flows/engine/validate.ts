/** Checks a definition before publish and names the node of every problem. Pure. */
import type { FlowDefinition, FlowProblem } from '@loopline/shared';
import type { CheckContext } from './types.ts';

// PLACEHOLDER: engine owner implements (schema per node type, dangling edges, unreachable nodes,
// loops without a waiting node, missing condition branches, unknown fields, bad templates, trigger config).
export function validateFlowDefinition(_def: FlowDefinition, _ctx: CheckContext): FlowProblem[] {
  return [];
}
