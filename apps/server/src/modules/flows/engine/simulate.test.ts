import { describe, expect, it } from 'vitest';
import { describeDuration, addDuration } from './durations.ts';
import { CLICKER, MANAGER, NOW, OWNER, checkCtx, edge, flow, makeInput, node } from './fixtures.ts';
import { describePerson, resolvePerson, tryResolvePerson } from './people.ts';
import { MAX_DRY_RUN_STEPS, simulateFlow } from './simulate.ts';

const t = node('t', 'trigger');
const cond = node('c', 'condition', {
  branches: [
    { id: 'hi', label: '高意向', filter: { field: 'grade', op: 'eq', value: 'A' } },
  ],
}, '意向判断');
const task = node('task', 'createTask', { title: '发送产品资料给 {{record.name}}', assignee: { kind: 'owner' }, due: { days: 1 } });
const wait = node('wait', 'delay', { mode: 'duration', duration: { days: 3 } });
const remind = node('remind', 'createTask', { title: '回访 {{record.name}}', assignee: { kind: 'owner' }, due: { hours: 1 } });
const notify = node('n', 'notify', { to: [{ kind: 'ownerManager' }], title: '{{record.name}} 不是高意向' });
const end = node('end', 'end');

describe('simulateFlow', () => {
  const def = flow(
    [t, cond, task, wait, remind, notify, end],
    [edge('t', 'c'), edge('c', 'task', 'hi'), edge('c', 'n', 'default'), edge('task', 'wait'), edge('wait', 'remind'), edge('remind', 'end')],
  );
  it('walks the path the record would take, with its effects, past waits', () => {
    const r = simulateFlow(def, makeInput());
    expect(r.problems).toEqual([]);
    expect(r.steps.map((s) => [s.nodeId, s.branch])).toEqual([['t', null], ['c', 'hi'], ['task', null], ['wait', null], ['remind', null], ['end', null]]);
    expect(r.steps[1].decision).toEqual([{ branchId: 'hi', label: '高意向', matched: true, reason: '满足 grade = A' }]);
    expect(r.steps[2].effects).toMatchObject([{ type: 'createTask', title: '发送产品资料给 华东机电', dueAt: new Date(NOW.getTime() + 86_400_000).toISOString() }]);
    const w = r.steps[3];
    expect(w.waitsUntil).toBe(new Date(NOW.getTime() + 3 * 86_400_000).toISOString());
    expect(w.note).toBe('等待至 2026-11-25 14:30（3天）');
    // the step after the wait sees the later time
    expect(r.steps[4].effects).toMatchObject([{ dueAt: new Date(NOW.getTime() + 3 * 86_400_000 + 3_600_000).toISOString() }]);
    expect(r.steps[5].note).toBe('流程在此结束');
  });
  it('takes the default branch and notes a step that would fail', () => {
    const r = simulateFlow(def, makeInput({ record: { name: '乙', grade: 'C' }, related: {} }));
    expect(r.steps.map((s) => s.nodeId)).toEqual(['t', 'c', 'n']);
    const failing = simulateFlow(flow([t, node('r', 'returnToPool', { reason: 'x' })], [edge('t', 'r')]), makeInput({ record: null }));
    expect(failing.steps[1].note).toMatch(/^此步会失败：/);
  });
  it('includes the problems when given a check context', () => {
    const bad = flow([t, node('x', 'teleport')], [edge('t', 'x')]);
    const r = simulateFlow(bad, makeInput(), checkCtx);
    expect(r.problems.map((p) => p.code)).toEqual(['unknownNodeType']);
    expect(r.steps[1].note).toMatch(/未知的节点类型/);
  });
  it('explores every parallel branch and runs a join once', () => {
    const p = node('p', 'parallel');
    const j = node('j', 'join');
    const r = simulateFlow(flow([t, p, task, notify, j, end], [edge('t', 'p'), edge('p', 'task'), edge('p', 'n'), edge('task', 'j'), edge('n', 'j'), edge('j', 'end')]), makeInput());
    expect(r.steps.map((s) => s.nodeId)).toEqual(['t', 'p', 'task', 'n', 'j', 'end']);
  });
  it('stops a loop after the step limit', () => {
    const r = simulateFlow(flow([t, wait, remind], [edge('t', 'wait'), edge('wait', 'remind'), edge('remind', 'wait')]), makeInput());
    expect(r.steps).toHaveLength(MAX_DRY_RUN_STEPS + 1);
    expect(r.steps.at(-1)!.note).toMatch(/上限/);
  });
});

describe('people and durations', () => {
  it('resolves people from the input', () => {
    const input = makeInput();
    expect(resolvePerson({ kind: 'owner' }, input)).toBe(OWNER);
    expect(resolvePerson({ kind: 'ownerManager' }, input)).toBe(MANAGER);
    expect(resolvePerson({ kind: 'triggerUser' }, input)).toBe(CLICKER);
    expect(resolvePerson({ kind: 'user', userId: 'u1' }, input)).toBe('u1');
  });
  it('explains who cannot be found', () => {
    const noOwner = makeInput({ record: { name: 'x', ownerId: null }, related: {} });
    expect(tryResolvePerson({ kind: 'owner' }, noOwner)).toEqual({ error: '记录没有负责人' });
    expect(tryResolvePerson({ kind: 'ownerManager' }, noOwner)).toEqual({ error: '记录没有负责人' });
    const noManager = makeInput({ related: { owner: { id: OWNER, name: '张三', managerId: null } } });
    expect(tryResolvePerson({ kind: 'ownerManager' }, noManager)).toEqual({ error: '负责人没有上级' });
    const byClock = makeInput({ trigger: { type: 'scheduled', userId: null, at: NOW.toISOString() } });
    expect(() => resolvePerson({ kind: 'triggerUser' }, byClock)).toThrow(/没有触发人/);
    expect(describePerson({ kind: 'ownerManager' })).toBe('负责人的上级');
  });
  it('adds and describes durations', () => {
    expect(addDuration(NOW, { days: 1, hours: 2, minutes: 3 }).getTime() - NOW.getTime()).toBe(((24 + 2) * 60 + 3) * 60_000);
    expect(addDuration(NOW, { hours: 1 }, -1).getTime()).toBe(NOW.getTime() - 3_600_000);
    expect(describeDuration({ days: 3, hours: 4 })).toBe('3天4小时');
    expect(describeDuration({})).toBe('0分钟');
  });
});
