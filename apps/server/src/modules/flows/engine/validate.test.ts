import type { FlowProblem } from '@loopline/shared';
import { describe, expect, it } from 'vitest';
import { checkCtx, edge, flow, node } from './fixtures.ts';
import { checkCron, validateFlowDefinition } from './validate.ts';

const t = node('t', 'trigger');
const task = node('task', 'createTask', { title: '首次电话联系', assignee: { kind: 'owner' }, due: { hours: 24 } }, '首次电话');
const cond = node('c', 'condition', {
  branches: [
    { id: 'hi', label: '高意向', filter: { field: 'grade', op: 'eq', value: 'A' } },
    { id: 'mid', label: '待培育', filter: { field: 'grade', op: 'eq', value: 'B' } },
  ],
}, '意向判断');
const end = node('end', 'end');
const wait = node('wait', 'delay', { mode: 'duration', duration: { days: 1 } }, '等一天');

const good = flow(
  [t, cond, task, node('n', 'notify', { to: [{ kind: 'owner' }], title: '{{record.name}} 待培育' }), wait, end],
  [edge('t', 'c'), edge('c', 'task', 'hi'), edge('c', 'n', 'mid'), edge('c', 'wait', 'default'), edge('wait', 'c'), edge('task', 'end')],
);

function codes(p: FlowProblem[]) {
  return p.map((x) => `${x.code}@${x.nodeId}`);
}

describe('validateFlowDefinition', () => {
  it('accepts a good flow (loop through a delay, default branch unconnected is fine too)', () => {
    expect(validateFlowDefinition(good, checkCtx)).toEqual([]);
    const noDefault = { ...good, edges: good.edges.filter((e) => e.sourceHandle !== 'default' && e.source !== 'wait'), nodes: good.nodes.filter((n) => n.id !== 'wait') };
    expect(validateFlowDefinition(noDefault, checkCtx)).toEqual([]);
  });

  const cases: { name: string; def: ReturnType<typeof flow>; expected: string[]; message?: RegExp }[] = [
    { name: 'no trigger', def: flow([task], []), expected: ['noStart@null'], message: /没有触发节点/ },
    { name: 'two triggers', def: flow([t, node('t2', 'trigger')], []), expected: ['noStart@t2'], message: /多余的触发节点/ },
    { name: 'unknown node type', def: flow([t, node('x', 'teleport', {}, '传送')], [edge('t', 'x')]), expected: ['unknownNodeType@x'], message: /节点「传送」的类型 teleport 不存在/ },
    { name: 'bad config (zod message)', def: flow([t, node('task', 'createTask', { title: '', assignee: { kind: 'owner' } }, '发送资料')], [edge('t', 'task')]), expected: ['badConfig@task'], message: /节点「发送资料」的配置有误：title/ },
    { name: 'extra config key', def: flow([t, node('e', 'end', { x: 1 })], [edge('t', 'e')]), expected: ['badConfig@e'], message: /节点「结束 e」的配置有误/ },
    { name: 'duplicate node id', def: flow([t, end, { ...end }], [edge('t', 'end')]), expected: ['badConfig@end'], message: /重复/ },
    { name: 'edge to a missing node', def: flow([t, end], [edge('t', 'end'), edge('end', 'ghost')]), expected: ['danglingEdge@end'], message: /不存在的节点 ghost/ },
    { name: 'edge from a missing node', def: flow([t, end], [edge('t', 'end'), edge('ghost', 'end')]), expected: ['danglingEdge@end'] },
    { name: 'edge into the trigger', def: flow([t, task], [edge('t', 'task'), edge('task', 't')]), expected: ['danglingEdge@task'], message: /触发节点不能有输入/ },
    { name: 'edge from an unknown branch', def: flow([t, cond, task, end], [edge('t', 'c'), edge('c', 'task', 'hi'), edge('c', 'end', 'mid'), edge('c', 'end', 'nope')]), expected: ['danglingEdge@c'], message: /不存在的分支 nope/ },
    { name: 'condition edge without a branch', def: flow([t, cond, task, end], [edge('t', 'c'), edge('c', 'task', 'hi'), edge('c', 'end', 'mid'), edge('c', 'end')]), expected: ['danglingEdge@c'], message: /没有指定分支/ },
    { name: 'a branch that leads nowhere', def: flow([t, cond, task], [edge('t', 'c'), edge('c', 'task', 'hi')]), expected: ['missingBranch@c'], message: /节点「意向判断」的分支「待培育」没有连接/ },
    { name: 'unreachable node', def: flow([t, task, end], [edge('t', 'task')]), expected: ['unreachable@end'], message: /节点「结束 end」无法从触发器到达/ },
    {
      name: 'loop without a delay',
      def: flow([t, task, node('n', 'notify', { to: [{ kind: 'owner' }], title: 'x' }, '提醒')], [edge('t', 'task'), edge('task', 'n'), edge('n', 'task')]),
      expected: ['loopWithoutDelay@task'],
      message: /「首次电话」→「提醒」构成了循环/,
    },
    { name: 'self loop', def: flow([t, task], [edge('t', 'task'), edge('task', 'task')]), expected: ['loopWithoutDelay@task'] },
    {
      name: 'unknown field in a condition',
      def: flow([t, node('c', 'condition', { branches: [{ id: 'a', label: '预算高', filter: { field: 'budgetX', op: 'gt', value: 1 } }] }, '发送资料'), end], [edge('t', 'c'), edge('c', 'end', 'a')]),
      expected: ['unknownField@c'],
      message: /^节点「发送资料」的分支「预算高」引用了不存在的字段 budgetX$/,
    },
    {
      name: 'template naming a missing field',
      def: flow([t, node('n', 'notify', { to: [{ kind: 'owner' }], title: '{{record.budgetX}}' }, '通知')], [edge('t', 'n')]),
      expected: ['badTemplate@n'],
      message: /^节点「通知」的模板引用了不存在的值 \{\{record\.budgetX\}\}$/,
    },
    { name: 'record action without a record type', def: flow([t, node('r', 'returnToPool', { reason: 'x' })], [edge('t', 'r')], { type: 'webhook', recordType: undefined }), expected: ['badConfig@r'], message: /没有记录类型/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const problems = validateFlowDefinition(c.def, c.def.trigger.recordType ? checkCtx : { ...checkCtx, recordType: null });
      expect(codes(problems)).toEqual(c.expected);
      if (c.message) expect(problems[0].message).toMatch(c.message);
    });
  }
});

describe('trigger problems', () => {
  const run = (trigger: Record<string, unknown>) => validateFlowDefinition(flow([t, end], [edge('t', 'end')], trigger), checkCtx);
  const cases: [string, Record<string, unknown>, RegExp | null][] = [
    ['manual is fine', { type: 'manual' }, null],
    ['record type required', { type: 'recordCreated', recordType: undefined }, /需要选择记录类型/],
    ['webhook needs no record type', { type: 'webhook', recordType: undefined }, null],
    ['scheduled needs no record type', { type: 'scheduled', recordType: undefined, cron: '0 9 * * 1-5' }, null],
    ['scheduled condition needs a record type', { type: 'scheduled', recordType: undefined, cron: '0 9 * * *', condition: { field: 'grade', op: 'eq', value: 'A' } }, /需要先选择记录类型/],
    ['statusEntered without field/value', { type: 'statusEntered' }, /状态字段/],
    ['statusEntered without value', { type: 'statusEntered', statusField: 'status' }, /状态值/],
    ['statusEntered with unknown field', { type: 'statusEntered', statusField: 'stage', statusValue: 'won' }, /状态字段 stage 不存在/],
    ['statusEntered ok', { type: 'statusEntered', statusField: 'status', statusValue: 'won' }, null],
    ['scheduled without cron', { type: 'scheduled' }, /缺少 cron/],
    ['scheduled with a bad cron', { type: 'scheduled', cron: '61 * * * *' }, /无效/],
    ['scheduled with a 6-field cron', { type: 'scheduled', cron: '0 0 9 * * *' }, /5 段/],
    ['dateRelative without field/offset', { type: 'dateRelative' }, /日期字段/],
    ['dateRelative on a non-date field', { type: 'dateRelative', dateField: 'amount', offsetDays: -3 }, /不是日期字段/],
    ['dateRelative ok', { type: 'dateRelative', dateField: 'contractEnd', offsetDays: -3, atHour: 9 }, null],
    ['recordUpdated with unknown fields', { type: 'recordUpdated', fields: ['grade', 'budgetX'] }, /字段 budgetX 不存在/],
    ['condition with unknown field', { type: 'recordUpdated', condition: { field: 'budgetX', op: 'eq', value: 1 } }, /条件引用了不存在的字段 budgetX/],
    ['previous condition with a bad value', { type: 'recordUpdated', previousCondition: { field: 'amount', op: 'gt', value: 'x' } }, /"变更前"条件的条件有误/],
  ];
  it.each(cases)('%s', (_name, trigger, message) => {
    const problems = run(trigger);
    if (!message) return expect(problems).toEqual([]);
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems.every((p) => p.code === 'badTrigger' && p.nodeId === 't')).toBe(true);
    expect(problems[0]).toMatchObject({ code: 'badTrigger', nodeId: 't' });
    expect(problems[0].message).toMatch(message);
    expect(problems[0].message.startsWith('触发器')).toBe(true);
  });
  it('checkCron', () => {
    expect(checkCron('*/15 9-18 * * MON-FRI')).toBeNull();
    expect(checkCron('')).toMatch(/缺少/);
    expect(checkCron('a b c d e')).toMatch(/无效/);
  });
});

describe('end nodes', () => {
  it('an edge after an end node is reported', () => {
    const problems = validateFlowDefinition(flow([t, end, task], [edge('t', 'end'), edge('end', 'task')]), checkCtx);
    expect(codes(problems)).toEqual(['danglingEdge@end', 'unreachable@task']);
    expect(problems[0].message).toMatch(/不会被执行/);
  });
});
