import { describe, expect, it } from 'vitest';
import type { RuleTarget } from './api.ts';
import type { FieldMeta } from '../records/types.ts';
import { conditionFields, describeCondition, formFieldOf, fromTarget, moveRule, sampleFields, toSampleLead, toTarget, type Words } from './ruleText.ts';

const field = (key: string, label: string, labelEn: string, kind: FieldMeta['kind'], options: FieldMeta['options'] = []): FieldMeta => ({
  key, label, labelEn, kind, type: null, source: key.startsWith('custom.') ? 'custom' : 'standard', filterable: true, sortable: true, options, access: 'editable', masked: false,
});
const fields = [
  field('name', '姓名', 'Name', 'text'),
  field('source', '线索来源', 'Source', 'select', [{ value: 'webForm', label: '网页表单', labelEn: 'Web form' }]),
  field('province', '省份', 'Province', 'text'),
  field('ownerId', '负责人', 'Owner', 'uuid'),
  field('custom.level', '等级', 'Level', 'select'),
  field('address', '地址', 'Address', null),
];
const words = (locale: 'zh-CN' | 'en'): Words => ({
  locale, op: (op) => ({ eq: locale === 'en' ? 'is' : '等于', in: locale === 'en' ? 'in' : '属于' } as Record<string, string>)[op] ?? op,
  and: locale === 'en' ? 'and' : '且', or: locale === 'en' ? 'or' : '或', not: 'not', relative: (k) => k, person: (id) => (id === 'u1' ? '陈静' : '?'),
});

describe('describeCondition', () => {
  const cond = { and: [{ field: 'source', op: 'eq' as const, value: 'webForm' }, { or: [{ field: 'province', op: 'in' as const, value: ['浙江省', '上海市'] }, { field: 'ownerId', op: 'eq' as const, value: 'u1' }] }] };
  it('reads as a sentence with labels, option names and people', () => {
    expect(describeCondition(cond, fields, words('zh-CN'))).toBe('线索来源 等于 网页表单 且 (省份 属于 浙江省、上海市 或 负责人 等于 陈静)');
    expect(describeCondition(cond, fields, words('en'))).toBe('Source is Web form and (Province in 浙江省, 上海市 or Owner is 陈静)');
  });
  it('shows unknown fields by key and nothing for no condition', () => {
    expect(describeCondition({ field: 'custom.gone', op: 'eq', value: 1 }, fields, words('en'))).toBe('custom.gone is 1');
    expect(describeCondition(null, fields, words('en'))).toBe('');
  });
  it('lists the fields used', () => expect(conditionFields(cond)).toEqual(['source', 'province', 'ownerId']));
});

describe('moveRule', () => {
  it('swaps with the neighbour and stays put at the ends', () => {
    expect(moveRule(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveRule(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
    expect(moveRule(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(moveRule(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
  });
});

describe('test panel sample', () => {
  it('asks for the common fields plus the ones rules use, skipping unfilterable ones', () => {
    const keys = sampleFields([{ field: 'custom.level', op: 'eq', value: 'x' }, null, { field: 'address', op: 'isEmpty' }], fields).map((f) => f.key);
    expect(keys).toEqual(['name', 'source', 'province', 'custom.level']);
  });
  it('puts custom fields under custom and drops blanks', () => {
    expect(toSampleLead({ name: '张三', province: '', 'custom.level': 'high', tags: [], budget: 0 })).toEqual({ name: '张三', budget: 0, custom: { level: 'high' } });
  });
});

describe('target form values', () => {
  it('round-trips each kind and drops empty load-balanced rows', () => {
    const targets: RuleTarget[] = [{ kind: 'user', userId: 'u1' }, { kind: 'roundRobin', userIds: ['u1', 'u2'] }, { kind: 'loadBalanced', members: [{ userId: 'u1', weight: 2, cap: 80 }] }];
    for (const t of targets) {
      expect(toTarget(fromTarget(t))).toEqual(t);
    }
    expect(toTarget({ kind: 'loadBalanced', members: [{ userId: 'u1' }, { weight: 3 }] })).toEqual({ kind: 'loadBalanced', members: [{ userId: 'u1', weight: 1, cap: null }] });
  });
  it('places server errors on the matching form fields', () => {
    expect(formFieldOf('target.members.1.cap')).toEqual(['members', 1, 'cap']);
    expect(formFieldOf('target.userIds.0')).toEqual(['userIds']);
    expect(formFieldOf('target.userId')).toEqual(['userId']);
    expect(formFieldOf('condition')).toBeNull();
  });
});
