import { FLOW_NODE_TYPES } from '@loopline/shared';
import { describe, expect, it } from 'vitest';
import { FlowStepError } from './errors.ts';
import { LEAD, MANAGER, NOW, OWNER, catalog, checkCtx, makeInput } from './fixtures.ts';
import { findNodeType, nodeTypes, recordLink } from './nodes.ts';
import type { NodeInput, NodePlan } from './types.ts';

function plan(type: string, config: unknown, input: NodeInput = makeInput()): NodePlan {
  const spec = findNodeType(type)!;
  return spec.plan(spec.config.parse(config), input);
}
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const H = 3_600_000;
const D = 24 * H;

describe('node registry', () => {
  it('has every built-in of the flow language', () => {
    for (const t of FLOW_NODE_TYPES) expect(findNodeType(t)?.type, t).toBe(t);
    expect(nodeTypes().length).toBeGreaterThanOrEqual(FLOW_NODE_TYPES.length);
  });
  it('only delay and approval wait', () => {
    expect(nodeTypes().filter((s) => s.waits).map((s) => s.type)).toEqual(['delay', 'approval']);
  });
});

describe('condition', () => {
  const config = {
    branches: [
      { id: 'big', label: '大单', filter: { and: [{ field: 'grade', op: 'eq', value: 'A' }, { field: 'amount', op: 'gt', value: 10000 }] } },
      { id: 'gradeA', label: 'A 级', filter: { field: 'grade', op: 'eq', value: 'A' } },
      { id: 'mine', label: '我的', filter: { field: 'ownerId', op: 'eq', value: '$me' } },
    ],
  };
  const cases: { name: string; record: Record<string, unknown> | null; userId?: string | null; branch: string; tested: boolean[] }[] = [
    { name: 'first match wins (second branch)', record: { grade: 'A', amount: 5000 }, branch: 'gradeA', tested: [false, true] },
    { name: 'first branch', record: { grade: 'A', amount: 50000 }, branch: 'big', tested: [true] },
    { name: '$me is the trigger user', record: { grade: 'B', ownerId: OWNER }, userId: OWNER, branch: 'mine', tested: [false, false, true] },
    { name: 'nothing matches → default', record: { grade: 'B', ownerId: MANAGER }, userId: OWNER, branch: 'default', tested: [false, false, false] },
    { name: 'no record → every branch false', record: null, branch: 'default', tested: [false, false, false] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const base = makeInput();
      const p = plan('condition', config, { ...base, record: c.record, trigger: { ...base.trigger, userId: c.userId ?? OWNER } });
      expect(p.kind).toBe('continue');
      if (p.kind !== 'continue') return;
      expect(p.branch).toBe(c.branch);
      expect(p.effects).toEqual([]);
      const decision = p.decision as { branchId: string; matched: boolean; reason: string }[];
      expect(decision.map((d) => d.matched)).toEqual(c.tested);
      expect(decision.map((d) => d.branchId)).toEqual(config.branches.slice(0, c.tested.length).map((b) => b.id));
    });
  }
  it('explains which condition failed', () => {
    const p = plan('condition', config, makeInput({ record: { grade: 'A', amount: 5000 } }));
    const d = (p as { decision: { reason: string; label: string }[] }).decision;
    expect(d[0].reason).toBe('不满足 amount > 10000');
    expect(d[0].label).toBe('大单');
    expect(d[1].reason).toBe('满足 grade = A');
    const none = plan('condition', config, makeInput({ record: null }));
    expect((none as { decision: { reason: string }[] }).decision[0].reason).toBe('没有记录');
  });
  it('fails the step when the filter cannot be evaluated (field removed after publish)', () => {
    const spec = findNodeType('condition')!;
    const cfg = spec.config.parse({ branches: [{ id: 'x', label: 'X', filter: { field: 'gone', op: 'eq', value: 1 } }] });
    expect(() => spec.plan(cfg, makeInput())).toThrow(FlowStepError);
  });
  it('names its handles: branch ids + default', () => {
    const spec = findNodeType('condition')!;
    expect(spec.handles!(spec.config.parse(config))).toEqual(['big', 'gradeA', 'mine', 'default']);
  });
});

describe('actions', () => {
  const input = makeInput();
  const cases: { name: string; type: string; config: unknown; input?: NodeInput; effects: unknown[] }[] = [
    {
      name: 'createTask: rendered, due and reminder',
      type: 'createTask',
      config: { title: '首次电话联系 {{record.name}}', description: '负责人 {{owner.name}}', assignee: { kind: 'owner' }, due: { hours: 24 }, remindBefore: { hours: 2 }, priority: 'high', checklist: ['自我介绍'] },
      effects: [{ type: 'createTask', title: '首次电话联系 华东机电', description: '负责人 张三', assignee: { kind: 'owner' }, dueAt: at(24 * H), remindAt: at(22 * H), priority: 'high', checklist: ['自我介绍'], kind: 'todo' }],
    },
    {
      name: 'createTask: defaults (no due, no reminder, normal)',
      type: 'createTask',
      config: { title: 'x', assignee: { kind: 'triggerUser' } },
      effects: [{ type: 'createTask', title: 'x', description: null, assignee: { kind: 'triggerUser' }, dueAt: null, remindAt: null, priority: 'normal', checklist: [], kind: 'todo' }],
    },
    {
      name: 'createTask: a reminder before now fires now',
      type: 'createTask',
      config: { title: 'x', assignee: { kind: 'owner' }, due: { hours: 1 }, remindBefore: { days: 1 } },
      effects: [{ type: 'createTask', title: 'x', description: null, assignee: { kind: 'owner' }, dueAt: at(H), remindAt: NOW.toISOString(), priority: 'normal', checklist: [], kind: 'todo' }],
    },
    {
      name: 'followupReminder: next follow-up + follow-up task for the owner',
      type: 'followupReminder',
      config: { after: { days: 3 }, note: '发送资料后回访 {{record.name}}' },
      effects: [
        { type: 'setNextFollowup', at: at(3 * D), note: '发送资料后回访 华东机电' },
        { type: 'createTask', title: '跟进提醒: 华东机电', description: '发送资料后回访 华东机电', assignee: { kind: 'owner' }, dueAt: at(3 * D), remindAt: at(3 * D), priority: 'normal', checklist: [], kind: 'followup' },
      ],
    },
    {
      name: 'assignOwner',
      type: 'assignOwner',
      config: { to: { kind: 'ownerManager' }, reason: '{{owner.name}} 未跟进' },
      effects: [{ type: 'assignOwner', to: { kind: 'ownerManager' }, reason: '张三 未跟进' }],
    },
    {
      name: 'returnToPool',
      type: 'returnToPool',
      config: { reason: '分配后 7 天未跟进' },
      effects: [{ type: 'returnToPool', poolId: null, reason: '分配后 7 天未跟进' }],
    },
    {
      name: 'updateFields: strings rendered, other values as they are',
      type: 'updateFields',
      config: { values: { status: 'contacted', amount: 10, vip: false, grade: null, name: '{{record.name}}-跟进' } },
      effects: [{ type: 'updateFields', values: { status: 'contacted', amount: 10, vip: false, grade: null, name: '华东机电-跟进' } }],
    },
    {
      name: 'createRecord',
      type: 'createRecord',
      config: { recordType: 'task', values: { title: '回访 {{customer.name}}' } },
      effects: [{ type: 'createRecord', recordType: 'task', values: { title: '回访 华东集团' } }],
    },
    {
      name: 'notify: link to the record page',
      type: 'notify',
      config: { to: [{ kind: 'owner' }, { kind: 'ownerManager' }], title: '{{record.name}} 3 天未跟进' },
      effects: [{ type: 'notify', to: [{ kind: 'owner' }, { kind: 'ownerManager' }], title: '华东机电 3 天未跟进', body: null, link: `/leads/${LEAD}` }],
    },
    {
      name: 'notify: a follow-up has no page of its own',
      type: 'notify',
      config: { to: [{ kind: 'owner' }], title: 't', body: 'b' },
      input: makeInput({ recordType: 'activity', recordId: 'a1' }),
      effects: [{ type: 'notify', to: [{ kind: 'owner' }], title: 't', body: 'b', link: null }],
    },
    {
      name: 'sendEmail',
      type: 'sendEmail',
      config: { to: [{ kind: 'recordEmail' }, { kind: 'address', email: 'a@b.c' }], subject: '您好 {{record.name}}', body: '到期 {{record.contractEnd|date}}' },
      effects: [{ type: 'sendEmail', to: [{ kind: 'recordEmail' }, { kind: 'address', email: 'a@b.c' }], subject: '您好 华东机电', body: '到期 2026-12-31' }],
    },
    {
      name: 'webhook: templated body',
      type: 'webhook',
      config: { url: 'https://hooks.example.com/x', secret: 's3', body: '{"name":{{record.name|json}},"amount":{{record.amount|json}}}' },
      effects: [{ type: 'webhook', url: 'https://hooks.example.com/x', secret: 's3', body: '{"name":"华东机电","amount":5000}' }],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = plan(c.type, c.config, c.input ?? input);
      expect(p).toMatchObject({ kind: 'continue' });
      expect((p as { effects: unknown[] }).effects).toEqual(c.effects);
      expect((p as { branch?: string }).branch).toBeUndefined();
    });
  }
  it('webhook: default body = JSON of the trigger and the record', () => {
    const p = plan('webhook', { url: 'https://hooks.example.com/x' });
    const eff = (p as { effects: { body: string; secret: unknown }[] }).effects[0];
    expect(eff.secret).toBeNull();
    const body = JSON.parse(eff.body);
    expect(body.trigger.type).toBe('manual');
    expect(body.record.name).toBe('华东机电');
    expect(body.recordId).toBe(LEAD);
  });
  it.each(['followupReminder', 'assignOwner', 'returnToPool', 'updateFields'])('%s fails the step without a record', (type) => {
    const configs: Record<string, unknown> = {
      followupReminder: { after: { days: 1 } }, assignOwner: { to: { kind: 'owner' } }, returnToPool: { reason: 'r' }, updateFields: { values: { a: 1 } },
    };
    expect(() => plan(type, configs[type], makeInput({ record: null }))).toThrow(FlowStepError);
  });
});

describe('delay', () => {
  it('duration: waits until now + duration, resumes on the timer', () => {
    const p = plan('delay', { mode: 'duration', duration: { days: 3, hours: 1 } });
    expect(p).toEqual({ kind: 'wait', effects: [], until: at(3 * D + H), decision: { until: at(3 * D + H) } });
    const spec = findNodeType('delay')!;
    expect(spec.waits).toBe(true);
    expect(spec.resume!(spec.config.parse({ mode: 'duration', duration: { days: 1 } }), makeInput(), { kind: 'timer' })).toEqual({ kind: 'continue', effects: [] });
  });
  it('zero duration continues immediately', () => {
    expect(plan('delay', { mode: 'duration', duration: {} }).kind).toBe('continue');
  });
  const cases: { name: string; config: unknown; kind: 'wait' | 'continue'; until: string }[] = [
    { name: 'datetime field minus offset', config: { mode: 'untilField', field: 'nextFollowupAt', offset: { days: 1 }, before: true }, kind: 'wait', until: '2026-11-24T02:00:00.000Z' },
    { name: 'datetime field plus offset', config: { mode: 'untilField', field: 'nextFollowupAt', offset: { hours: 2 } }, kind: 'wait', until: '2026-11-25T04:00:00.000Z' },
    { name: 'date field = midnight in the tenant zone', config: { mode: 'untilField', field: 'contractEnd', offset: { days: 3 }, before: true }, kind: 'wait', until: '2026-12-27T16:00:00.000Z' },
    { name: 'a time already past continues immediately', config: { mode: 'untilField', field: 'nextFollowupAt', offset: { days: 10 }, before: true }, kind: 'continue', until: '2026-11-15T02:00:00.000Z' },
  ];
  for (const c of cases) {
    it(`untilField: ${c.name}`, () => {
      const p = plan('delay', c.config);
      expect(p.kind).toBe(c.kind);
      expect((p as { decision: { until: string } }).decision.until).toBe(c.until);
      if (p.kind === 'wait') expect(p.until).toBe(c.until);
    });
  }
  it('untilField: an empty field fails the step', () => {
    expect(() => plan('delay', { mode: 'untilField', field: 'nextFollowupAt' }, makeInput({ record: { nextFollowupAt: null } }))).toThrow(/nextFollowupAt/);
  });
});

describe('flow control', () => {
  it.each([
    ['trigger', { kind: 'continue', effects: [] }],
    ['parallel', { kind: 'continue', effects: [] }],
    ['join', { kind: 'continue', effects: [] }],
    ['end', { kind: 'end' }],
  ])('%s', (type, expected) => {
    expect(plan(type, {})).toEqual(expected);
  });
});

describe('checks', () => {
  it('condition: unknown fields and bad values', () => {
    const spec = findNodeType('condition')!;
    const problems = spec.check!(spec.config.parse({ branches: [
      { id: 'a', label: '预算', filter: { field: 'budgetX', op: 'eq', value: 1 } },
      { id: 'b', label: 'B', filter: { field: 'amount', op: 'eq', value: 'abc' } },
      { id: 'c', label: 'C', filter: { field: 'ownerId', op: 'eq', value: '$me' } },
    ] }), checkCtx);
    expect(problems).toEqual([
      { code: 'unknownField', message: '的分支「预算」引用了不存在的字段 budgetX' },
      { code: 'badConfig', message: expect.stringContaining('的分支「B」的条件有误') },
    ]);
  });
  it('templates: unknown paths and bad syntax', () => {
    const spec = findNodeType('createTask')!;
    const problems = spec.check!(spec.config.parse({ title: '{{record.nope}} {{now+3d|date}} {{record.name|upper}} {{trigger.payload.x}}', assignee: { kind: 'owner' } }), checkCtx);
    expect(problems.map((p) => p.code)).toEqual(['badTemplate', 'badTemplate']);
    expect(problems[0].message).toContain('upper');
    expect(problems[1].message).toContain('{{record.nope}}');
  });
  it('updateFields: unknown field keys', () => {
    const spec = findNodeType('updateFields')!;
    expect(spec.check!(spec.config.parse({ values: { status: 'x', budgetX: 1 } }), checkCtx)).toEqual([{ code: 'unknownField', message: '要更新的字段 budgetX 不存在' }]);
  });
  it('delay: the field must be a date', () => {
    const spec = findNodeType('delay')!;
    expect(spec.check!(spec.config.parse({ mode: 'untilField', field: 'amount' }), checkCtx)[0].code).toBe('badConfig');
    expect(spec.check!(spec.config.parse({ mode: 'untilField', field: 'nope' }), checkCtx)[0].code).toBe('unknownField');
    expect(spec.check!(spec.config.parse({ mode: 'untilField', field: 'contractEnd' }), checkCtx)).toEqual([]);
    expect(catalog.contractEnd.kind).toBe('date');
  });
});

describe('recordLink', () => {
  it.each([
    ['lead', '/leads/x'], ['customer', '/customers/x'], ['contact', '/contacts/x'], ['task', '/tasks/x'], ['activity', null],
  ])('%s', (type, link) => expect(recordLink(type, 'x')).toBe(link));
  it('no record, no link', () => expect(recordLink('lead', null)).toBeNull());
});

describe('condition without a user', () => {
  it('"$me" does not match when nobody started the run', () => {
    const base = makeInput();
    const p = plan('condition', { branches: [{ id: 'mine', label: '我的', filter: { field: 'ownerId', op: 'eq', value: '$me' } }] }, { ...base, trigger: { ...base.trigger, userId: null } });
    expect(p).toMatchObject({ kind: 'continue', branch: 'default' });
    expect((p as { decision: { reason: string }[] }).decision[0].reason).toMatch(/不是由用户触发/);
  });
});
