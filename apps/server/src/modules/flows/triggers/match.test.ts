import { describe, expect, it } from 'vitest';
import type { FieldCatalog, FlowTrigger } from '@loopline/shared';
import { describeFilter, flowTarget, matchTrigger, recordAt, type MatchContext, type TriggerEvent } from './match.ts';

const catalog: FieldCatalog = {
  name: { kind: 'text' }, status: { kind: 'select' }, grade: { kind: 'select' }, ownerId: { kind: 'uuid' }, province: { kind: 'select' },
  budget: { kind: 'number' }, 'custom.level': { kind: 'select' }, nextFollowupAt: { kind: 'datetime' },
};
const labels = { status: { label: '状态', options: { new: '新线索', qualified: '已确认' } }, grade: { label: '等级' }, province: { label: '省份' }, 'custom.level': { label: '级别' } };
const U1 = '11111111-1111-4111-8111-111111111111';
const U2 = '22222222-2222-4222-8222-222222222222';
const LEAD = '33333333-3333-4333-8333-333333333333';

const record = { name: '华东公司', status: 'qualified', grade: 'A', ownerId: U1, province: '浙江省', budget: 100, custom: { level: 'gold' } };
const ctx = (over: Partial<MatchContext> = {}): MatchContext => ({ record, catalog, now: new Date('2025-06-01T00:00:00Z'), timeZone: 'Asia/Shanghai', userId: U1, labels, ...over });
const ev = (action: string, fields: TriggerEvent['fields'], recordType = 'lead'): TriggerEvent => ({ action, recordType, recordId: LEAD, fields });
const created = ev('create', { name: { before: null, after: '华东公司' }, status: { before: null, after: 'new' }, ownerId: { before: null, after: U1 } });
const created_noOwner = ev('create', { name: { before: null, after: 'x' } }); // the diff leaves out null → null
const statusToQualified = ev('update', { status: { before: 'new', after: 'qualified' } });
const gradeChange = ev('update', { grade: { before: 'B', after: 'A' } });
const transfer = ev('ownerChange', { ownerId: { before: U1, after: U2 } });
const toPool = ev('returnToPool', { ownerId: { before: U1, after: null } });
const deleted = ev('delete', {});
const restored = ev('restore', {});
const followup = (outcome: string | null, onType = 'lead') =>
  ev('create', { recordType: { before: null, after: onType }, recordId: { before: null, after: LEAD }, outcome: { before: null, after: outcome } }, 'activity');

const T = (t: Partial<FlowTrigger> & { type: FlowTrigger['type'] }): FlowTrigger => ({ recordType: 'lead', ...t }) as FlowTrigger;
const gradeA = { field: 'grade', op: 'eq', value: 'A' } as const;
const gradeB = { field: 'grade', op: 'eq', value: 'B' } as const;

type Case = [name: string, trigger: FlowTrigger, event: TriggerEvent, expected: true | string | RegExp, c?: Partial<MatchContext>];
const cases: Case[] = [
  // recordCreated
  ['created: a create starts', T({ type: 'recordCreated' }), created, true],
  ['created: an update does not', T({ type: 'recordCreated' }), gradeChange, '不是新建记录（更新）'],
  ['created: another record type', T({ type: 'recordCreated', recordType: 'customer' }), created, '记录类型是线索，流程监听的是客户'],
  ['created: condition holds', T({ type: 'recordCreated', condition: gradeA }), created, true],
  ['created: condition fails, named', T({ type: 'recordCreated', condition: gradeB }), created, '条件不满足：等级 = B'],
  ['created: the failing part of an AND', T({ type: 'recordCreated', condition: { and: [gradeA, { field: 'province', op: 'in', value: ['上海市', '江苏省'] }] } }), created, '条件不满足：省份 属于 上海市、江苏省'],
  ['created: OR described whole', T({ type: 'recordCreated', condition: { or: [gradeB, { field: 'budget', op: 'gt', value: 500 }] } }), created, '条件不满足：(等级 = B 或 budget > 500)'],
  ['created: custom field condition', T({ type: 'recordCreated', condition: { field: 'custom.level', op: 'eq', value: 'gold' } }), created, true],
  ['created: condition on a deleted record', T({ type: 'recordCreated', condition: gradeA }), created, '记录已不存在，无法判断条件', { record: null }],
  ['created: unknown field in condition', T({ type: 'recordCreated', condition: { field: 'nope', op: 'eq', value: 'x' } }), created, /^条件无法判断/],
  ['created: empty AND is no condition', T({ type: 'recordCreated', condition: { and: [] } }), created, true],
  // recordUpdated
  ['updated: any change', T({ type: 'recordUpdated' }), gradeChange, true],
  ['updated: a create is not an update', T({ type: 'recordUpdated' }), created, '新建记录不算更新'],
  ['updated: restore without fields', T({ type: 'recordUpdated' }), restored, '恢复没有改动字段'],
  ['updated: deleted', T({ type: 'recordUpdated' }), deleted, '记录已删除'],
  ['updated: watched field changed', T({ type: 'recordUpdated', fields: ['grade', 'status'] }), gradeChange, true],
  ['updated: watched field not changed', T({ type: 'recordUpdated', fields: ['status'] }), gradeChange, '更新的字段不含 状态'],
  ['updated: several watched fields named', T({ type: 'recordUpdated', fields: ['status', 'budget'] }), gradeChange, '更新的字段不含 状态、budget'],
  ['updated: ownerChange counts as an update', T({ type: 'recordUpdated', fields: ['ownerId'] }), transfer, true],
  ['updated: condition on new values', T({ type: 'recordUpdated', condition: gradeA }), gradeChange, true],
  ['updated: condition on new values fails', T({ type: 'recordUpdated', condition: gradeB }), gradeChange, '条件不满足：等级 = B'],
  ['updated: previous condition holds (B → A)', T({ type: 'recordUpdated', condition: gradeA, previousCondition: gradeB }), gradeChange, true],
  ['updated: previous condition fails', T({ type: 'recordUpdated', previousCondition: gradeA }), gradeChange, '改动前的条件不满足：等级 = A'],
  ['updated: previous condition on a custom field', T({ type: 'recordUpdated', previousCondition: { field: 'custom.level', op: 'eq', value: 'silver' } }),
    ev('update', { 'custom.level': { before: 'silver', after: 'gold' } }), true],
  // ownerChanged
  ['owner: transfer', T({ type: 'ownerChanged' }), transfer, true],
  ['owner: create with owner = on assignment', T({ type: 'ownerChanged' }), created, true],
  ['owner: create without owner', T({ type: 'ownerChanged' }), created_noOwner, '新建时没有负责人'],
  ['owner: returned to pool', T({ type: 'ownerChanged' }), toPool, '负责人被清空（如退回公海），没有新负责人'],
  ['owner: other change', T({ type: 'ownerChanged' }), gradeChange, '负责人未变化'],
  ['owner: same owner', T({ type: 'ownerChanged' }), ev('ownerChange', { ownerId: { before: U1, after: U1 } }), '负责人未变化'],
  ['owner: with a condition', T({ type: 'ownerChanged', condition: gradeB }), transfer, '条件不满足：等级 = B'],
  // statusEntered
  ['status: entered', T({ type: 'statusEntered', statusField: 'status', statusValue: 'qualified' }), statusToQualified, true],
  ['status: other value, labelled', T({ type: 'statusEntered', statusField: 'status', statusValue: 'new' }), statusToQualified, '状态变为 已确认，不是 新线索'],
  ['status: not changed', T({ type: 'statusEntered', statusField: 'status', statusValue: 'qualified' }), gradeChange, '状态未变化'],
  ['status: default field is status', T({ type: 'statusEntered', statusValue: 'qualified' }), statusToQualified, true],
  ['status: created in that status', T({ type: 'statusEntered', statusField: 'status', statusValue: 'new' }), created, true],
  ['status: custom stage field', T({ type: 'statusEntered', statusField: 'custom.level', statusValue: 'gold' }), ev('update', { 'custom.level': { before: 'silver', after: 'gold' } }), true],
  ['status: condition', T({ type: 'statusEntered', statusValue: 'qualified', condition: gradeB }), statusToQualified, '条件不满足：等级 = B'],
  // followupLogged
  ['followup: outcome matches', T({ type: 'followupLogged', outcomes: ['highIntent'] }), followup('highIntent'), true],
  ['followup: any outcome', T({ type: 'followupLogged' }), followup(null), true],
  ['followup: other outcome', T({ type: 'followupLogged', outcomes: ['highIntent', 'nurture'] }), followup('noAnswer'), '跟进结果为未接通，不是 高意向 / 待培育'],
  ['followup: no outcome', T({ type: 'followupLogged', outcomes: ['highIntent'] }), followup(null), '跟进结果为未填写，不是 高意向'],
  ['followup: on another record type', T({ type: 'followupLogged', outcomes: ['highIntent'] }), followup('highIntent', 'customer'), '跟进记录写在客户上，流程监听的是线索'],
  ['followup: a lead change is not a follow-up', T({ type: 'followupLogged' }), gradeChange, '不是跟进记录（线索）'],
  ['followup: an edited follow-up', T({ type: 'followupLogged' }), ev('update', { outcome: { before: 'other', after: 'highIntent' } }, 'activity'), '不是新写的跟进记录（更新）'],
  ['followup: condition on the lead', T({ type: 'followupLogged', condition: gradeB }), followup('highIntent'), '条件不满足：等级 = B'],
  // not event-driven
  ['scheduled never from events', T({ type: 'scheduled' }), created, '定时的流程不由记录变化启动'],
  ['dateRelative never from events', T({ type: 'dateRelative' }), gradeChange, '按日期字段的流程不由记录变化启动'],
  ['manual never from events', T({ type: 'manual' }), created, '手动按钮的流程不由记录变化启动'],
  ['webhook never from events', T({ type: 'webhook' }), created, 'Webhook的流程不由记录变化启动'],
];

describe('matchTrigger', () => {
  it.each(cases)('%s', (_name, trigger, event, expected, over) => {
    const v = matchTrigger(trigger, event, ctx(over));
    if (expected === true) expect(v).toEqual({ start: true });
    else if (expected instanceof RegExp) expect(v.start ? '' : v.reason).toMatch(expected);
    else expect(v).toEqual({ start: false, reason: expected });
  });
});

describe('helpers', () => {
  it('a follow-up runs on the record it was logged on', () => {
    expect(flowTarget(T({ type: 'followupLogged' }), followup('highIntent'))).toEqual({ recordType: 'lead', recordId: LEAD });
    expect(flowTarget(T({ type: 'followupLogged' }), ev('create', {}, 'activity'))).toBeNull();
    expect(flowTarget(T({ type: 'recordCreated' }), created)).toEqual({ recordType: 'lead', recordId: LEAD });
  });
  it('recordAt rewinds changed fields, custom ones too', () => {
    const before = recordAt(record, { grade: { before: 'B', after: 'A' }, 'custom.level': { before: 'silver', after: 'gold' } }, 'before');
    expect(before).toMatchObject({ grade: 'B', custom: { level: 'silver' }, province: '浙江省' });
    expect(record.custom.level).toBe('gold');
  });
  it('describes filters in words', () => {
    expect(describeFilter({ field: 'budget', op: 'between', value: [1, 5] })).toBe('budget 介于 1 ~ 5');
    expect(describeFilter({ not: { field: 'grade', op: 'isEmpty' } }, labels)).toBe('非 等级 为空');
    expect(describeFilter({ field: 'nextFollowupAt', op: 'lt', value: { relative: 'today' } })).toBe('nextFollowupAt < today');
  });
});
