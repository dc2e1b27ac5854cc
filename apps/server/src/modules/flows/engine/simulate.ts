/**
 * The dry run: the path a definition would take on a record and the effects it would describe,
 * without doing anything. Uses the same node specs as real runs. A wait is shown with its time and
 * the walk goes on as if that time had come (later steps see that later `now`); a parallel split
 * explores every branch; a join is visited once; the walk stops after MAX_DRY_RUN_STEPS steps.
 */
import type { FlowDefinition, FlowDryRunResult } from '@loopline/shared';
import { flowGraph, successors } from './graph.ts';
import { describeWait, findNodeType } from './nodes.ts';
import { validateFlowDefinition } from './validate.ts';
import type { CheckContext, NodeInput, NodePlan } from './types.ts';

export const MAX_DRY_RUN_STEPS = 200;

type DryStep = FlowDryRunResult['steps'][number];

/** With `ctx`, the definition's problems are included; otherwise `problems` is empty (the caller adds them). */
export function simulateFlow(def: FlowDefinition, input: NodeInput, ctx?: CheckContext): FlowDryRunResult {
  const g = flowGraph(def);
  const steps: DryStep[] = [];
  const problems = ctx ? validateFlowDefinition(def, ctx) : [];
  if (!g.trigger) return { steps, problems };
  const joined = new Set<string>();
  // breadth first, each path with its own clock (a wait moves it forward)
  const queue: { nodeId: string; now: Date }[] = [{ nodeId: g.trigger.id, now: input.now }];
  while (queue.length) {
    if (steps.length >= MAX_DRY_RUN_STEPS) {
      steps.push({ nodeId: queue[0].nodeId, nodeType: g.nodes.get(queue[0].nodeId)!.type, branch: null, decision: null, effects: [], waitsUntil: null, note: `模拟已达 ${MAX_DRY_RUN_STEPS} 步上限，停止（流程可能有循环）` });
      break;
    }
    const { nodeId, now } = queue.shift()!;
    const node = g.nodes.get(nodeId)!;
    if (node.type === 'join') {
      if (joined.has(nodeId)) continue; // the other branches arrive at the same join: it runs once
      joined.add(nodeId);
    }
    const step: DryStep = { nodeId, nodeType: node.type, branch: null, decision: null, effects: [], waitsUntil: null, note: null };
    steps.push(step);
    const spec = findNodeType(node.type);
    if (!spec) {
      step.note = `未知的节点类型 ${node.type}，此路径停止`;
      continue;
    }
    const config = spec.config.safeParse(node.config);
    if (!config.success) {
      step.note = `配置有误，此路径停止：${config.error.issues[0]?.message ?? ''}`;
      continue;
    }
    const stepInput: NodeInput = { ...input, now };
    let plan: NodePlan;
    let next = now;
    try {
      plan = spec.plan(config.data, stepInput);
      if (plan.kind === 'wait') {
        step.waitsUntil = plan.until ?? null;
        step.note = describeWait(plan.until, input.timeZone, config.data);
        step.effects = plan.effects;
        step.decision = plan.decision ?? null;
        if (plan.until && Date.parse(plan.until) > now.getTime()) next = new Date(plan.until);
        const woken = spec.resume ? spec.resume(config.data, { ...stepInput, now: next }, plan.until ? { kind: 'timer' } : { kind: 'signal', payload: null }) : null;
        if (woken?.kind === 'wait') {
          step.note += '；之后仍需等待，模拟到此为止';
          continue;
        }
        plan = woken ?? { kind: 'continue', effects: [] };
        step.effects = [...step.effects, ...(plan.kind === 'continue' ? plan.effects : [])];
      }
    } catch (err) {
      step.note = `此步会失败：${(err as Error).message}`;
      continue;
    }
    if (plan.kind === 'end') {
      step.note ??= '流程在此结束';
      continue;
    }
    if (step.decision === null) step.decision = plan.decision ?? null;
    if (step.effects.length === 0) step.effects = plan.effects;
    step.branch = plan.branch ?? null;
    const targets = successors(g, nodeId, plan.branch);
    if (targets.length === 0 && step.note === null) step.note = plan.branch ? `分支 ${plan.branch} 没有后续节点，此路径结束` : null;
    for (const t of targets) queue.push({ nodeId: t, now: next });
  }
  return { steps, problems };
}
