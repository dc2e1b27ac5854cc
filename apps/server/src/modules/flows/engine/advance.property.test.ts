/**
 * Property tests of the state machine over random flows and random event sequences (fast-check
 * prints the seed and the shrunk counterexample of any failure; replay with { seed, path }).
 */
import type { FlowDefinition, FlowEdge, FlowNode } from '@loopline/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advance, applyTransition, isCollectingJoin, isLiveStep } from './advance.ts';
import { edge, idGen, node } from './fixtures.ts';
import type { EngineEvent, ExecutionState, NodePlan, StepState, Transition } from './types.ts';

const TYPES = ['createTask', 'notify', 'parallel', 'join', 'condition', 'delay', 'end'] as const;
const RUNS = Number(process.env.FLOW_PROPERTY_RUNS ?? 300);

/** A random flow: node 0 is the trigger, every node has an edge from an earlier one; `loops` adds back edges out of delays. */
function flowArb(loops: boolean): fc.Arbitrary<FlowDefinition> {
  return fc.integer({ min: 1, max: 10 }).chain((n) =>
    fc
      .record({
        types: fc.array(fc.constantFrom(...TYPES), { minLength: n, maxLength: n }),
        parents: fc.array(fc.nat(), { minLength: n, maxLength: n }),
        extra: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 2 * n }),
        back: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: loops ? 3 : 0 }),
      })
      .map(({ types, parents, extra, back }) => {
        const nodes: FlowNode[] = [node('n0', 'trigger'), ...types.map((t, i) => node(`n${i + 1}`, t))];
        const edges: FlowEdge[] = [];
        const handle = (src: number, flag: boolean) => (nodes[src].type === 'condition' ? (flag ? 'x' : 'default') : undefined);
        for (let i = 1; i <= n; i++) {
          const p = parents[i - 1] % i;
          edges.push(edge(`n${p}`, `n${i}`, handle(p, i % 2 === 0)));
        }
        for (const [x, y, flag] of extra) {
          const from = x % (n + 1);
          const to = 1 + (y % n);
          if (from < to) edges.push({ ...edge(`n${from}`, `n${to}`, handle(from, flag)), id: `x${edges.length}` });
        }
        const delays = nodes.filter((nd) => nd.type === 'delay');
        for (const [x, y] of back) {
          if (!delays.length) break;
          const from = delays[x % delays.length];
          edges.push({ ...edge(from.id, `n${1 + (y % n)}`), id: `b${edges.length}` });
        }
        return { trigger: { type: 'manual', recordType: 'lead' }, nodes, edges } satisfies FlowDefinition;
      }),
  );
}

/** What a worker would plan for a step (delay: wait when pending, continue when resumed). */
function planFor(step: StepState, choice: number): NodePlan {
  switch (step.nodeType) {
    case 'end':
      return { kind: 'end' };
    case 'delay':
      return step.status === 'pending' ? { kind: 'wait', effects: [], until: '2030-01-01T00:00:00.000Z' } : { kind: 'continue', effects: [] };
    case 'condition':
      return { kind: 'continue', effects: [], branch: choice % 2 === 0 ? 'x' : 'default' };
    default:
      return { kind: 'continue', effects: [{ type: 'notify', to: [{ kind: 'owner' }], title: step.id, body: null, link: null }] };
  }
}

function checkInvariants(def: FlowDefinition, before: ExecutionState, t: Transition, after: ExecutionState): void {
  const ids = after.steps.map((s) => s.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const u of t.updates) expect(before.steps.some((s) => s.id === u.stepId)).toBe(true);
  for (const c of t.created) expect(before.steps.some((s) => s.id === c.id)).toBe(false);
  // at most one live join step per join node
  for (const n of def.nodes.filter((x) => x.type === 'join')) {
    expect(after.steps.filter((s) => s.nodeId === n.id && isLiveStep(s)).length).toBeLessThanOrEqual(1);
  }
  const pending = after.steps.some((s) => s.status === 'pending');
  const waiting = after.steps.some((s) => s.status === 'waiting');
  switch (after.status) {
    case 'running':
      expect(pending).toBe(true);
      break;
    case 'waiting':
      expect(pending).toBe(false);
      expect(waiting).toBe(true);
      break;
    case 'completed':
      expect(pending || waiting).toBe(false);
      break;
    case 'cancelled':
      expect(pending || waiting).toBe(false);
      break;
    case 'failed':
      expect(after.steps.some((s) => s.status === 'failed') || after.steps.length === 0).toBe(true);
      break;
  }
}

/** A step a worker could pick: pending, or waiting on a timer (collecting joins are not worked). */
const workable = (s: StepState) => isLiveStep(s) && !isCollectingJoin(s);

describe('advance: properties', () => {
  it('random event sequences: terminal stays terminal, each step is applied once per attempt, duplicates are ignored', () => {
    const eventArb = fc.tuple(fc.integer({ min: 0, max: 99 }), fc.nat(), fc.nat());
    fc.assert(
      fc.property(flowArb(true), fc.array(eventArb, { maxLength: 120 }), (def, script) => {
        const newId = idGen();
        let state: ExecutionState = { status: 'running', error: null, steps: [] };
        const send = (ev: EngineEvent) => {
          const before = state;
          const t = advance(def, before, ev, newId);
          const after = applyTransition(before, t);
          if (before.status === 'completed' || before.status === 'cancelled') expect(t.ignored).toBe(true);
          if (before.status === 'failed' && ev.type !== 'retry') expect(t.ignored).toBe(true);
          if (!t.ignored) checkInvariants(def, before, t, after);
          state = after;
          return { t, before };
        };
        send({ type: 'start' });
        const applied = new Map<string, number>(); // non-ignored plans of a pending step
        const retried = new Map<string, number>();
        let previous: { ev: EngineEvent; snapshot: ExecutionState } | null = null;
        for (const [kind, pick, choice] of script) {
          let ev: EngineEvent;
          const steps = state.steps;
          const step = steps.length ? steps[pick % steps.length] : undefined;
          if (kind < 70 || !step) {
            if (!step) break;
            ev = { type: 'planned', stepId: step.id, plan: planFor(step, choice) };
          } else if (kind < 80 && previous) {
            ev = previous.ev; // the same event delivered again (at-least-once queue, or a second worker)
          } else if (kind < 88) {
            ev = { type: 'failed', stepId: step.id, error: 'boom' };
          } else if (kind < 97) {
            ev = { type: 'retry', stepId: step.id };
          } else {
            ev = { type: 'cancel', reason: 'disabled' };
          }
          const wasPending = ev.type === 'planned' && state.steps.find((s) => s.id === ev.stepId)?.status === 'pending';
          const { t } = send(ev);
          if (!t.ignored && ev.type === 'planned' && wasPending) applied.set(ev.stepId, (applied.get(ev.stepId) ?? 0) + 1);
          if (!t.ignored && ev.type === 'retry') retried.set(ev.stepId, (retried.get(ev.stepId) ?? 0) + 1);
          // delivering a just-applied planned/failed event again changes nothing
          if (!t.ignored && (ev.type === 'planned' || ev.type === 'failed')) {
            const again = advance(def, state, ev, newId);
            if (!(ev.type === 'planned' && ev.plan.kind === 'wait')) expect(again.ignored).toBe(true);
          }
          previous = { ev, snapshot: state };
        }
        for (const [stepId, n] of applied) expect(n).toBeLessThanOrEqual(1 + (retried.get(stepId) ?? 0));
      }),
      { numRuns: RUNS },
    );
  });

  it('two workers planning the same step concurrently: exactly one transition', () => {
    fc.assert(
      fc.property(flowArb(false), fc.array(fc.nat(), { maxLength: 40 }), fc.nat(), (def, picks, choice) => {
        const newId = idGen();
        let state = applyTransition({ status: 'running', error: null, steps: [] }, advance(def, { status: 'running', error: null, steps: [] }, { type: 'start' }, newId));
        for (const pick of picks) {
          const ready = state.steps.filter(workable);
          if (!ready.length) break;
          const step = ready[pick % ready.length];
          // both read the same snapshot and planned (maybe differently); the row lock serialises them
          const e1: EngineEvent = { type: 'planned', stepId: step.id, plan: planFor(step, choice) };
          const e2: EngineEvent = { type: 'planned', stepId: step.id, plan: planFor(step, choice + 1) };
          const t1 = advance(def, state, e1, newId);
          expect(t1.ignored).toBe(false);
          const after = applyTransition(state, t1);
          const t2 = advance(def, after, e2, newId);
          if (step.status === 'pending' && step.nodeType === 'delay') expect(after.steps.find((s) => s.id === step.id)!.status).toBe('waiting');
          else expect(t2.ignored).toBe(true);
          state = after;
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('driven to quiescence in any order, every execution completes: each step applied once, each join once', () => {
    fc.assert(
      fc.property(flowArb(false), fc.array(fc.nat(), { minLength: 200, maxLength: 200 }), fc.nat(), (def, order, choice) => {
        const newId = idGen();
        let state: ExecutionState = { status: 'running', error: null, steps: [] };
        state = applyTransition(state, advance(def, state, { type: 'start' }, newId));
        const effects = new Map<string, number>();
        let i = 0;
        while (state.steps.some(workable)) {
          expect(i).toBeLessThan(10_000);
          const ready = state.steps.filter(workable);
          const step = ready[order[i % order.length] % ready.length];
          const plan = planFor(step, choice + i++);
          const t = advance(def, state, { type: 'planned', stepId: step.id, plan }, newId);
          expect(t.ignored).toBe(false);
          if (plan.kind === 'continue') for (const e of plan.effects) if (e.type === 'notify') effects.set(e.title, (effects.get(e.title) ?? 0) + 1);
          checkInvariants(def, state, t, applyTransition(state, t));
          state = applyTransition(state, t);
        }
        expect(state.status).toBe('completed');
        expect(state.steps.every((s) => s.status === 'done')).toBe(true);
        for (const n of effects.values()) expect(n).toBe(1);
        // in a graph without loops a join node runs at most once
        for (const j of def.nodes.filter((x) => x.type === 'join')) expect(state.steps.filter((s) => s.nodeId === j.id).length).toBeLessThanOrEqual(1);
      }),
      { numRuns: RUNS },
    );
  });

  it('a join waits until no other live step can reach it (and then fires in the same transition)', () => {
    fc.assert(
      fc.property(flowArb(false), fc.array(fc.nat(), { minLength: 50, maxLength: 50 }), (def, order) => {
        const newId = idGen();
        let state: ExecutionState = { status: 'running', error: null, steps: [] };
        state = applyTransition(state, advance(def, state, { type: 'start' }, newId));
        const reach = (from: string, to: string) => {
          const seen = new Set<string>();
          const stack = [from];
          while (stack.length) {
            const cur = stack.pop()!;
            for (const e of def.edges) if (e.source === cur && !seen.has(e.target)) seen.add(e.target), stack.push(e.target);
          }
          return seen.has(to);
        };
        let i = 0;
        while (state.steps.some(workable) && i < 500) {
          const ready = state.steps.filter(workable);
          const step = ready[order[i++ % order.length] % ready.length];
          state = applyTransition(state, advance(def, state, { type: 'planned', stepId: step.id, plan: planFor(step, i) }, newId));
          for (const j of state.steps.filter(isCollectingJoin)) {
            const blocker = state.steps.some((s) => s !== j && isLiveStep(s) && !isCollectingJoin(s) && reach(s.nodeId, j.nodeId));
            expect(blocker).toBe(true);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
