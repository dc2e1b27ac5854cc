import { describe, expect, it } from 'vitest';
import type { FlowDefinition, FlowStepView } from '@loopline/shared';
import { branchTests, durationMs, followedEdges, formatDuration, nodeMarks, orderSteps, visitsByNode } from './path.ts';

const node = (id: string, type: string) => ({ id, type, config: {}, position: { x: 0, y: 0 } });
const edge = (id: string, source: string, target: string, sourceHandle?: string) => ({ id, source, target, sourceHandle });

/** trigger → cond; cond(hot) → task; cond(default) → notify; task → end */
const branching: FlowDefinition = {
  trigger: { type: 'manual', recordType: 'lead' },
  nodes: [node('t', 'trigger'), node('c', 'condition'), node('task', 'createTask'), node('n', 'notify'), node('end', 'end')],
  edges: [edge('e1', 't', 'c'), edge('e2', 'c', 'task', 'hot'), edge('e3', 'c', 'n', 'default'), edge('e4', 'task', 'end')],
};

let clock = 0;
function step(id: string, nodeId: string, status: FlowStepView['status'], fromStepId: string | null, branch: string | null = null): FlowStepView {
  clock += 1000;
  return {
    id, nodeId, nodeType: '', status, fromStepId, branch, input: null, output: null, decision: null, error: null, attempts: 1, wakeAt: null,
    createdAt: new Date(Date.UTC(2026, 0, 1) + clock).toISOString(), finishedAt: null,
  };
}

describe('the path an execution took', () => {
  it('marks the nodes visited and the edges followed, a condition by its branch', () => {
    const steps = [step('s1', 't', 'done', null), step('s2', 'c', 'done', 's1', 'hot'), step('s3', 'task', 'done', 's2'), step('s4', 'end', 'done', 's3')];
    expect(nodeMarks(steps)).toEqual({ t: 'done', c: 'done', task: 'done', end: 'done' });
    expect(followedEdges(branching, steps).sort()).toEqual(['e1', 'e2', 'e4']);
  });

  it('follows the default branch and stops at a failed step', () => {
    const steps = [step('s1', 't', 'done', null), step('s2', 'c', 'done', 's1', 'default'), step('s3', 'n', 'failed', 's2')];
    expect(nodeMarks(steps)).toEqual({ t: 'done', c: 'done', n: 'failed' });
    expect(followedEdges(branching, steps).sort()).toEqual(['e1', 'e3']);
  });

  it('shows pending and waiting steps as such', () => {
    const steps = [step('s1', 't', 'done', null), step('s2', 'c', 'pending', 's1')];
    expect(nodeMarks(steps)).toEqual({ t: 'done', c: 'pending' });
    expect(followedEdges(branching, steps)).toEqual(['e1']);
  });

  it('takes the latest visit of a node visited twice (a loop through a delay)', () => {
    const def: FlowDefinition = {
      trigger: { type: 'manual', recordType: 'lead' },
      nodes: [node('t', 'trigger'), node('d', 'delay'), node('n', 'notify')],
      edges: [edge('a', 't', 'd'), edge('b', 'd', 'n'), edge('c', 'n', 'd')],
    };
    const steps = [step('1', 't', 'done', null), step('2', 'd', 'done', '1'), step('3', 'n', 'done', '2'), step('4', 'd', 'waiting', '3')];
    expect(nodeMarks(steps)).toEqual({ t: 'done', d: 'waiting', n: 'done' });
    expect(followedEdges(def, steps).sort()).toEqual(['a', 'b', 'c']);
    expect(visitsByNode(steps).get('d')!.map((s) => s.id)).toEqual(['2', '4']);
  });

  it("counts a join's other arrivals as followed", () => {
    const def: FlowDefinition = {
      trigger: { type: 'manual', recordType: 'lead' },
      nodes: [node('t', 'trigger'), node('p', 'parallel'), node('x', 'notify'), node('y', 'createTask'), node('j', 'join'), node('z', 'notify')],
      edges: [edge('tp', 't', 'p'), edge('px', 'p', 'x'), edge('py', 'p', 'y'), edge('xj', 'x', 'j'), edge('yj', 'y', 'j'), edge('jz', 'j', 'z')],
    };
    const steps = [step('1', 't', 'done', null), step('2', 'p', 'done', '1'), step('3', 'x', 'done', '2'), step('4', 'y', 'done', '2'), step('5', 'j', 'done', '4'), step('6', 'z', 'pending', '5')];
    expect(followedEdges(def, steps).sort()).toEqual(['jz', 'px', 'py', 'tp', 'xj', 'yj']);
  });

  it('does not mark a join edge whose source never finished', () => {
    const def: FlowDefinition = {
      trigger: { type: 'manual', recordType: 'lead' },
      nodes: [node('t', 'trigger'), node('p', 'parallel'), node('x', 'notify'), node('y', 'createTask'), node('j', 'join')],
      edges: [edge('tp', 't', 'p'), edge('px', 'p', 'x'), edge('py', 'p', 'y'), edge('xj', 'x', 'j'), edge('yj', 'y', 'j')],
    };
    const steps = [step('1', 't', 'done', null), step('2', 'p', 'done', '1'), step('3', 'x', 'failed', '2'), step('4', 'y', 'done', '2'), step('5', 'j', 'cancelled', '4')];
    expect(followedEdges(def, steps)).not.toContain('xj');
  });

  it('orders steps by time, keeping the server order for equal instants', () => {
    const a = { ...step('a', 't', 'done', null), createdAt: '2026-01-01T00:00:02.000Z' };
    const b = { ...step('b', 'c', 'done', 'a'), createdAt: '2026-01-01T00:00:01.000Z' };
    const c = { ...step('c', 'n', 'done', 'a'), createdAt: '2026-01-01T00:00:01.000Z' };
    expect(orderSteps([a, b, c]).map((s) => s.id)).toEqual(['b', 'c', 'a']);
  });
});

describe('durations', () => {
  it('measures and words them', () => {
    expect(durationMs('2026-01-01T00:00:00Z', '2026-01-01T00:00:01.5Z')).toBe(1500);
    expect(durationMs('2026-01-01T00:00:00Z', null)).toBeNull();
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_000)).toBe('12 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(7_800_000)).toBe('2 h 10 min');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000, { ms: '毫秒', s: '秒', min: '分', h: '小时', d: '天' })).toBe('3 天 4 小时');
  });
});

describe("a condition's decision", () => {
  it('reads each tested branch', () => {
    expect(branchTests({ branches: [{ id: 'hot', label: '高意向', matched: false, reason: '等级 = C' }, { id: 'default', matched: true }] })).toEqual([
      { id: 'hot', label: '高意向', matched: false, reason: '等级 = C' },
      { id: 'default', label: null, matched: true, reason: null },
    ]);
    expect(branchTests([{ branchId: 'x', matched: true, why: { field: 'grade' } }])).toEqual([{ id: 'x', label: null, matched: true, reason: '{"field":"grade"}' }]);
  });
  it('gives up on shapes it does not know', () => {
    expect(branchTests(null)).toBeNull();
    expect(branchTests({ taken: 'hot' })).toBeNull();
    expect(branchTests([{ id: 1 }])).toBeNull();
  });
});
