import { describe, expect, it } from 'vitest';
import { makeInput } from './fixtures.ts';
import { formatZonedDateTime, isEngineTemplatePath, renderTemplate, templateErrors, templatePaths } from './templates.ts';

const input = makeInput({
  trigger: { type: 'webhook', userId: null, at: '2026-11-22T06:00:00.000Z', payload: { order: { no: 'SO-1' }, tags: ['a', 'b'] } },
});

describe('renderTemplate', () => {
  const cases: [string, string][] = [
    ['{{record.name}}', '华东机电'],
    ['{{ record.name }}', '华东机电'],
    ['客户 {{record.name}} 等级 {{record.grade}}', '客户 华东机电 等级 A'],
    ['{{record.amount}}', '5000'],
    ['{{record.vip}}', 'true'],
    ['{{record.custom.budget}}', '12000'],
    ['{{customer.name}}/{{customer.grade}}', '华东集团/VIP'],
    ['{{owner.name}} → {{ownerManager.name}}', '张三 → 李经理'],
    ['{{triggerUser.name}}', '王五'],
    ['{{record.missing}}|{{nobody.name}}|{{record}}', '||'],
    ['{{now}}', '2026-11-22 14:30'],
    ['{{now|date}}', '2026-11-22'],
    ['{{now|datetime}}', '2026-11-22 14:30'],
    ['{{now+3d|date}}', '2026-11-25'],
    ['{{now + 3d | date}}', '2026-11-25'],
    ['{{now+10h}}', '2026-11-23 00:30'],
    ['{{now-90m}}', '2026-11-22 13:00'],
    ['{{trigger.at}}', '2026-11-22T06:00:00.000Z'],
    ['{{trigger.at|datetime}}', '2026-11-22 14:00'],
    ['{{trigger.type}}', 'webhook'],
    ['{{trigger.payload.order.no}}', 'SO-1'],
    ['{{trigger.payload.tags}}', 'a、b'],
    ['{{record.nextFollowupAt-1d|datetime}}', '2026-11-24 10:00'],
    ['{{record.nextFollowupAt|date}}', '2026-11-25'],
    ['{{record.contractEnd-3d}}', '2026-12-28'],
    ['{{record.contractEnd+1d|datetime}}', '2027-01-01'],
    ['{{record.contractEnd+12h|datetime}}', '2026-12-31 12:00'],
    ['{{record.name+1d}}', ''],
    ['{{record.name|date}}', ''],
    ['{{record.name|json}}', '"华东机电"'],
    ['{{record.missing|json}}', 'null'],
    ['{{now|json}}', '"2026-11-22T06:30:00.000Z"'],
    ['{{record.custom|json}}', '{"budget":12000}'],
    // not placeholders / not valid: left as written
    ['{{record.name|upper}}', '{{record.name|upper}}'],
    ['{{ 1 + 1 }}', '{{ 1 + 1 }}'],
    ['{{constructor.constructor("return process")()}}', '{{constructor.constructor("return process")()}}'],
    ['{{record.constructor}}{{record.__proto__}}', ''],
    ['{{record.name', '{{record.name'],
    ['没有占位符', '没有占位符'],
  ];
  it.each(cases)('%s → %s', (text, expected) => {
    expect(renderTemplate(text, input)).toBe(expected);
  });
  it('formats in the tenant time zone', () => {
    expect(renderTemplate('{{now|datetime}}', { ...input, timeZone: 'America/New_York' })).toBe('2026-11-22 01:30');
    expect(renderTemplate('{{now|date}}', { ...input, timeZone: 'America/Los_Angeles' })).toBe('2026-11-21');
    expect(formatZonedDateTime(Date.parse('2026-01-01T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-01-02 00:00');
  });
  it('missing record and related records render empty', () => {
    const bare = makeInput({ record: null, related: {} });
    expect(renderTemplate('[{{record.name}}][{{owner.name}}][{{customer.name}}]', bare)).toBe('[][][]');
  });
});

describe('templatePaths / templateErrors', () => {
  it('lists each path once, in order', () => {
    expect(templatePaths('{{record.name}} {{now+3d|date}} {{record.name}} {{customer.grade}} {{bad|x}}')).toEqual(['record.name', 'now', 'customer.grade']);
    expect(templatePaths('none')).toEqual([]);
  });
  it('reports unreadable placeholders and unknown formatters', () => {
    expect(templateErrors('{{record.name}}')).toEqual([]);
    expect(templateErrors('{{record.name|upper}} {{a b}}')).toHaveLength(2);
  });
  it('knows its own paths', () => {
    for (const p of ['now', 'trigger.at', 'trigger.payload.x.y', 'trigger.type']) expect(isEngineTemplatePath(p)).toBe(true);
    for (const p of ['record.name', 'trigger.foo', 'owner.name']) expect(isEngineTemplatePath(p)).toBe(false);
  });
});

describe('templatePathChecker', () => {
  it('knows record fields, related fields, users and engine paths', async () => {
    const { templatePathChecker } = await import('./templates.ts');
    const knows = templatePathChecker({ recordFields: ['name', 'custom.budget', 'nextFollowupAt'], related: { customer: ['name', 'grade'] } });
    for (const p of ['record.name', 'record.id', 'record.custom.budget', 'customer.grade', 'owner.name', 'ownerManager.email', 'triggerUser.name', 'now', 'trigger.at', 'trigger.payload.a']) expect(knows(p), p).toBe(true);
    for (const p of ['record.budgetX', 'record.custom.nope', 'customer.phone', 'owner.phone', 'contact.name', 'record', 'trigger.x']) expect(knows(p), p).toBe(false);
  });
});
