import type { FlowDefinition } from '@loopline/shared';
import { describe, expect, it } from 'vitest';
import { advance, applyTransition } from './advance.ts';
import { edge, flow, idGen, node } from './fixtures.ts';
import type { EngineEvent, ExecutionState, NodePlan, StepState, Transition } from './types.ts';

const fresh: ExecutionState = { status: 'running', error: null, steps: [] };
const go: NodePlan = { kind: 'continue', effects: [] };

/** Drives one execution by hand: `at(nodeId)` is its live step, `send` applies an event. */
function run(def: FlowDefinition) {
  const newId = idGen();
  let state = fresh;
  const log: Transition[] = [];
  const h = {
    get state() {
      return state;
    },
    send(event: EngineEvent): Transition {
      const t = advance(def, state, event, newId);
      log.push(t);
      state = applyTransition(state, t);
      return t;
    },
    step(nodeId: string, statuses = ['pending', 'waiting']): StepState {
      const s = state.steps.filter((x) => x.nodeId === nodeId && statuses.includes(x.status));
      if (s.length !== 1) throw new Error(`expected one live step at ${nodeId}, found ${s.length}`);
      return s[0];
    },
    plan(nodeId: string, plan: NodePlan = go): Transition {
      return h.send({ type: 'planned', stepId: h.step(nodeId).id, plan });
    },
    live(): string[] {
      return state.steps.filter((s) => s.status === 'pending' || s.status === 'waiting').map((s) => `${s.nodeId}:${s.status}`).sort();
    },
  };
  return h;
}

const t = node('t', 'trigger');
const a = node('a', 'createTask');
const b = node('b', 'notify');
const c = node('c', 'updateFields');
const end = node('end', 'end');

describe('start', () => {
  it('the trigger step is done and its successors pending', () => {
    const r = run(flow([t, a, b], [edge('t', 'a'), edge('t', 'b')]));
    const tr = r.send({ type: 'start' });
    expect(tr).toEqual({
      execution: { status: 'running', error: null },
      updates: [],
      created: [
        { id: 's1', nodeId: 't', nodeType: 'trigger', status: 'done', fromStepId: null, branch: null },
        { id: 's2', nodeId: 'a', nodeType: 'createTask', status: 'pending', fromStepId: 's1', branch: null },
        { id: 's3', nodeId: 'b', nodeType: 'notify', status: 'pending', fromStepId: 's1', branch: null },
      ],
      ignored: false,
    });
  });
  it('a flow with nothing after the trigger completes at once', () => {
    expect(run(flow([t], [])).send({ type: 'start' }).execution).toEqual({ status: 'completed', error: null });
  });
  it('a definition without a trigger fails visibly', () => {
    expect(run(flow([a], [])).send({ type: 'start' }).execution).toEqual({ status: 'failed', error: '流程没有触发节点' });
  });
  it('a second start is ignored', () => {
    const r = run(flow([t, a], [edge('t', 'a')]));
    r.send({ type: 'start' });
    expect(r.send({ type: 'start' }).ignored).toBe(true);
  });
  it('edges to unknown nodes are ignored', () => {
    const r = run(flow([t, a], [edge('t', 'ghost'), edge('t', 'a'), edge('t', 'a')]));
    r.send({ type: 'start' });
    expect(r.live()).toEqual(['a:pending']);
  });
});

describe('planned', () => {
  it('continue: done, successors pending; no live step left → completed', () => {
    const r = run(flow([t, a, b], [edge('t', 'a'), edge('a', 'b')]));
    r.send({ type: 'start' });
    const t1 = r.plan('a');
    expect(t1.updates).toEqual([{ stepId: 's2', status: 'done', branch: null, wakeAt: null, signalKey: null }]);
    expect(t1.created).toEqual([{ id: 's3', nodeId: 'b', nodeType: 'notify', status: 'pending', fromStepId: 's2', branch: null }]);
    expect(r.plan('b').execution.status).toBe('completed');
  });
  it('condition: follows the edge of the chosen branch only', () => {
    const cond = node('cond', 'condition');
    const def = flow([t, cond, a, b, c], [edge('t', 'cond'), edge('cond', 'a', 'hi'), edge('cond', 'b', 'default'), edge('cond', 'c', 'hi')]);
    const r = run(def);
    r.send({ type: 'start' });
    const tr = r.plan('cond', { kind: 'continue', effects: [], branch: 'hi', decision: [] });
    expect(tr.updates[0]).toMatchObject({ status: 'done', branch: 'hi' });
    expect(r.live()).toEqual(['a:pending', 'c:pending']);
  });
  it('condition: a branch without an edge ends the path', () => {
    const cond = node('cond', 'condition');
    const r = run(flow([t, cond, a], [edge('t', 'cond'), edge('cond', 'a', 'hi')]));
    r.send({ type: 'start' });
    expect(r.plan('cond', { kind: 'continue', effects: [], branch: 'default' }).execution.status).toBe('completed');
  });
  it('wait: waiting with its wake time, then resumed', () => {
    const d = node('d', 'delay');
    const r = run(flow([t, d, a], [edge('t', 'd'), edge('d', 'a')]));
    r.send({ type: 'start' });
    const w = r.plan('d', { kind: 'wait', effects: [], until: '2026-12-01T00:00:00.000Z' });
    expect(w.updates).toEqual([{ stepId: 's2', status: 'waiting', wakeAt: '2026-12-01T00:00:00.000Z', signalKey: null }]);
    expect(w.execution.status).toBe('waiting');
    const resumed = r.plan('d');
    expect(resumed.updates).toEqual([{ stepId: 's2', status: 'done', branch: null, wakeAt: null, signalKey: null }]);
    expect(resumed.execution.status).toBe('running');
    expect(r.live()).toEqual(['a:pending']);
  });
  it('wait on a signal (approval)', () => {
    const r = run(flow([t, a], [edge('t', 'a')]));
    r.send({ type: 'start' });
    expect(r.plan('a', { kind: 'wait', effects: [], signal: 'approval:1' }).updates[0]).toMatchObject({ status: 'waiting', signalKey: 'approval:1', wakeAt: null });
  });
  it('end: the path stops, other paths go on', () => {
    const p = node('p', 'parallel');
    const r = run(flow([t, p, end, a, b], [edge('t', 'p'), edge('p', 'end'), edge('p', 'a'), edge('end', 'b')]));
    r.send({ type: 'start' });
    r.plan('p');
    const e = r.plan('end', { kind: 'end' });
    expect(e.created).toEqual([]);
    expect(e.execution.status).toBe('running');
    expect(r.plan('a').execution.status).toBe('completed');
  });
  it('events for steps that are not live, or unknown, are ignored', () => {
    const r = run(flow([t, a], [edge('t', 'a')]));
    r.send({ type: 'start' });
    const stepId = r.step('a').id;
    r.plan('a');
    for (const ev of [
      { type: 'planned', stepId, plan: go },
      { type: 'planned', stepId: 's1', plan: go },
      { type: 'planned', stepId: 'nope', plan: go },
      { type: 'failed', stepId, error: 'x' },
      { type: 'retry', stepId },
    ] as EngineEvent[]) {
      expect(r.send(ev)).toEqual({ execution: { status: 'completed', error: null }, updates: [], created: [], ignored: true });
    }
  });
});

describe('failure, retry, cancel', () => {
  it('a failed step fails the execution with the error; retry picks up from there', () => {
    const r = run(flow([t, node('a', 'createTask', {}, '首次电话'), b], [edge('t', 'a'), edge('t', 'b')]));
    r.send({ type: 'start' });
    const f = r.send({ type: 'failed', stepId: r.step('a').id, error: '记录没有负责人' });
    expect(f.updates).toEqual([{ stepId: 's2', status: 'failed', error: '记录没有负责人' }]);
    expect(f.execution).toEqual({ status: 'failed', error: '节点「首次电话」失败：记录没有负责人' });
    // the other branch is frozen while the execution is failed
    expect(r.plan('b').ignored).toBe(true);
    expect(r.send({ type: 'cancel', reason: 'x' }).ignored).toBe(true);
    const retry = r.send({ type: 'retry', stepId: 's2' });
    expect(retry.updates).toEqual([{ stepId: 's2', status: 'pending', error: null }]);
    expect(retry.execution).toEqual({ status: 'running', error: null });
    r.plan('a');
    expect(r.plan('b').execution.status).toBe('completed');
  });
  it('a resumed step can fail too', () => {
    const r = run(flow([t, a], [edge('t', 'a')]));
    r.send({ type: 'start' });
    r.plan('a', { kind: 'wait', effects: [], until: '2030-01-01T00:00:00Z' });
    expect(r.send({ type: 'failed', stepId: 's2', error: 'boom' }).execution.status).toBe('failed');
  });
  it('retry only applies to a failed step of a failed execution', () => {
    const r = run(flow([t, a], [edge('t', 'a')]));
    r.send({ type: 'start' });
    expect(r.send({ type: 'retry', stepId: 's2' }).ignored).toBe(true);
  });
  it('cancel: every live step is cancelled with the reason, visibly', () => {
    const d = node('d', 'delay');
    const r = run(flow([t, d, a, b], [edge('t', 'd'), edge('t', 'a'), edge('d', 'b')]));
    r.send({ type: 'start' });
    r.plan('d', { kind: 'wait', effects: [], until: '2030-01-01T00:00:00Z' });
    const cx = r.send({ type: 'cancel', reason: '流程已停用' });
    expect(cx.execution).toEqual({ status: 'cancelled', error: '流程已停用' });
    expect(cx.updates).toEqual([
      { stepId: 's2', status: 'cancelled', error: '流程已停用' },
      { stepId: 's3', status: 'cancelled', error: '流程已停用' },
    ]);
    expect(r.send({ type: 'planned', stepId: 's2', plan: go }).ignored).toBe(true);
    expect(r.send({ type: 'retry', stepId: 's2' }).ignored).toBe(true);
    expect(r.send({ type: 'cancel', reason: 'again' }).ignored).toBe(true);
  });
});

describe('join', () => {
  const p = node('p', 'parallel');
  const j = node('j', 'join');
  it('waits for every branch, records each arrival on one join step, then runs once', () => {
    const r = run(flow([t, p, a, b, j, end], [edge('t', 'p'), edge('p', 'a'), edge('p', 'b'), edge('a', 'j'), edge('b', 'j'), edge('j', 'end')]));
    r.send({ type: 'start' });
    r.plan('p');
    const first = r.plan('a');
    expect(first.created).toEqual([{ id: 's5', nodeId: 'j', nodeType: 'join', status: 'waiting', fromStepId: 's3', branch: null }]);
    expect(first.execution.status).toBe('running');
    // a collecting join is not planned by anyone
    expect(r.send({ type: 'planned', stepId: 's5', plan: go }).ignored).toBe(true);
    expect(r.send({ type: 'failed', stepId: 's5', error: 'x' }).ignored).toBe(true);
    const second = r.plan('b');
    expect(second.created).toEqual([]);
    expect(second.updates).toContainEqual({ stepId: 's5', status: 'pending', fromStepId: 's4' });
    r.plan('j');
    expect(r.plan('end', { kind: 'end' }).execution.status).toBe('completed');
    expect(r.state.steps.filter((s) => s.nodeId === 'j')).toHaveLength(1);
  });
  it('a join only one live path can reach fires on that arrival (condition before it)', () => {
    const cond = node('cond', 'condition');
    const r = run(flow([t, cond, a, b, j], [edge('t', 'cond'), edge('cond', 'a', 'x'), edge('cond', 'b', 'default'), edge('a', 'j'), edge('b', 'j')]));
    r.send({ type: 'start' });
    r.plan('cond', { kind: 'continue', effects: [], branch: 'x' });
    const arr = r.plan('a');
    expect(arr.created).toEqual([{ id: 's4', nodeId: 'j', nodeType: 'join', status: 'pending', fromStepId: 's3', branch: null }]);
  });
  it('a waiting branch holds the join; an ended branch releases it', () => {
    const d = node('d', 'delay');
    const r = run(flow([t, p, a, d, end, j], [edge('t', 'p'), edge('p', 'a'), edge('p', 'd'), edge('d', 'end'), edge('end', 'j'), edge('d', 'j'), edge('a', 'j')]));
    r.send({ type: 'start' });
    r.plan('p');
    r.plan('a');
    r.plan('d', { kind: 'wait', effects: [], until: '2030-01-01T00:00:00Z' });
    expect(r.live()).toEqual(['d:waiting', 'j:waiting']);
    expect(r.state.status).toBe('waiting');
    r.plan('d');
    expect(r.live()).toEqual(['end:pending', 'j:waiting']);
    r.plan('end', { kind: 'end' }); // end has edges in this drawing, but an end never continues
    expect(r.live()).toEqual(['j:pending']);
  });
  it('nested joins fire inner first', () => {
    const j2 = node('j2', 'join');
    const r = run(flow([t, p, a, b, c, j, j2], [edge('t', 'p'), edge('p', 'a'), edge('p', 'b'), edge('p', 'c'), edge('a', 'j'), edge('b', 'j'), edge('j', 'j2'), edge('c', 'j2')]));
    r.send({ type: 'start' });
    r.plan('p');
    r.plan('c');
    expect(r.live()).toEqual(['a:pending', 'b:pending', 'j2:waiting']);
    r.plan('a');
    r.plan('b');
    expect(r.live()).toEqual(['j2:waiting', 'j:pending']);
    r.plan('j');
    expect(r.live()).toEqual(['j2:pending']);
    expect(r.step('j2').fromStepId).toBe(r.state.steps.find((s) => s.nodeId === 'j')!.id);
    expect(r.plan('j2').execution.status).toBe('completed');
  });
  it('cancel also cancels a collecting join', () => {
    const r = run(flow([t, p, a, b, j], [edge('t', 'p'), edge('p', 'a'), edge('p', 'b'), edge('a', 'j'), edge('b', 'j')]));
    r.send({ type: 'start' });
    r.plan('p');
    r.plan('a');
    r.send({ type: 'cancel', reason: 'stop' });
    expect(r.live()).toEqual([]);
    expect(r.state.steps.find((s) => s.nodeId === 'j')!.status).toBe('cancelled');
  });
  it('a join in a loop (through a delay) runs once per round', () => {
    const d = node('d', 'delay');
    const r = run(flow([t, p, a, b, j, d], [edge('t', 'p'), edge('p', 'a'), edge('p', 'b'), edge('a', 'j'), edge('b', 'j'), edge('j', 'd'), edge('d', 'p')]));
    r.send({ type: 'start' });
    for (let round = 1; round <= 3; round++) {
      r.plan('p');
      r.plan('a');
      r.plan('b');
      r.plan('j');
      r.plan('d', { kind: 'wait', effects: [], until: '2030-01-01T00:00:00Z' });
      r.plan('d');
      expect(r.state.steps.filter((s) => s.nodeId === 'j')).toHaveLength(round);
    }
    expect(r.state.steps.filter((s) => s.nodeId === 'j').every((s) => s.status === 'done')).toBe(true);
  });
});
