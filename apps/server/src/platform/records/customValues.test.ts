import { describe, expect, it } from 'vitest';
import { checkFieldSettings } from './customFieldDefs.ts';
import { compilePattern, mergeCustom, validateCustomValues, type CustomFieldDef } from './customValues.ts';

let n = 0;
const def = (key: string, type: string, extra: Partial<CustomFieldDef> = {}): CustomFieldDef => ({
  id: `id${++n}`, key, label: key, labelEn: null, type, options: [], required: false, isUnique: false,
  minValue: null, maxValue: null, pattern: null, indexed: false, indexName: null, sort: n, ...extra,
});
const opts = [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }];
const defs = [
  def('title', 'text', { minValue: 2, maxValue: 5, pattern: '^[A-Z]' }),
  def('budget', 'money'),
  def('rate', 'percent'),
  def('score', 'number', { minValue: -10, maxValue: 10 }),
  def('signed', 'date'),
  def('seen', 'datetime'),
  def('level', 'singleSelect', { options: opts }),
  def('labels', 'multiSelect', { options: opts }),
  def('rep', 'user'),
  def('mobile', 'phone'),
  def('mail', 'email'),
  def('site', 'url'),
  def('addr', 'address'),
  def('files', 'attachment'),
  def('vip', 'boolean'),
  def('code', 'text', { required: true, isUnique: true }),
];
const check = (input: unknown, mode: 'create' | 'update' = 'update') => validateCustomValues(defs, input, mode);
const messages = (input: unknown) => check(input).issues.map((i) => i.field);

describe('validateCustomValues', () => {
  it('accepts and normalises good values', () => {
    const r = check({
      title: 'Abc', budget: 12.5, rate: 100, score: -10, signed: '2024-02-29', seen: '2024-05-06T09:30:00+08:00', level: 'a', labels: ['a', 'b', 'a'],
      rep: '8CC35822-F1FE-419A-96BF-10BBA0BE3F21', mobile: '+86 138-1234-5678', mail: ' Boss@Example.COM ', site: 'https://example.com/x',
      addr: { province: '浙江省', city: '杭州市', detail: '文三路 1 号' }, files: ['8cc35822-f1fe-419a-96bf-10bba0be3f21'], vip: false, code: 'X1',
    });
    expect(r.issues).toEqual([]);
    expect(r.values).toMatchObject({ seen: '2024-05-06T01:30:00.000Z', labels: ['a', 'b'], mail: 'boss@example.com', rep: '8cc35822-f1fe-419a-96bf-10bba0be3f21' });
    expect(r.refs.users).toEqual(['8cc35822-f1fe-419a-96bf-10bba0be3f21']);
    expect(r.refs.files).toHaveLength(1);
    expect(r.unique.map((u) => u.def.key)).toEqual(['code']);
  });

  it('rejects wrong types and out-of-range values, naming the field', () => {
    expect(messages({ budget: 1.234 })).toEqual(['custom.budget']);
    expect(messages({ budget: '12' })).toEqual(['custom.budget']);
    expect(messages({ rate: 101 })).toEqual(['custom.rate']);
    expect(messages({ score: 11 })).toEqual(['custom.score']);
    expect(messages({ score: Number.NaN })).toEqual(['custom.score']);
    expect(messages({ signed: '2023-02-29' })).toEqual(['custom.signed']);
    expect(messages({ signed: '2024-1-1' })).toEqual(['custom.signed']);
    expect(messages({ seen: '2024-05-06 09:30' })).toEqual(['custom.seen']);
    expect(messages({ level: 'c' })).toEqual(['custom.level']);
    expect(messages({ labels: ['a', 'z'] })).toEqual(['custom.labels']);
    expect(messages({ rep: 'me' })).toEqual(['custom.rep']);
    expect(messages({ mobile: 'call me' })).toEqual(['custom.mobile']);
    expect(messages({ mail: 'nope' })).toEqual(['custom.mail']);
    expect(messages({ site: 'javascript:alert(1)' })).toEqual(['custom.site']);
    expect(messages({ addr: { street: 'x' } })).toEqual(['custom.addr']);
    expect(messages({ files: ['x'] })).toEqual(['custom.files']);
    expect(messages({ vip: 'yes' })).toEqual(['custom.vip']);
    expect(messages({ title: 'A' })).toEqual(['custom.title']); // min length 2
    expect(messages({ title: 'Abcdef' })).toEqual(['custom.title']); // max length 5
    expect(messages({ title: 'abc' })).toEqual(['custom.title']); // pattern
  });

  it('reports unknown keys and required fields; clears with null', () => {
    expect(messages({ nope: 1, __proto__x: 2 })).toEqual(['custom.nope', 'custom.__proto__x']);
    expect(check({}, 'create').issues).toEqual([{ field: 'custom.code', message: 'is required' }]);
    expect(check({ code: '' }).issues).toEqual([{ field: 'custom.code', message: 'is required' }]);
    expect(check({}, 'update').issues).toEqual([]);
    expect(check({ title: null }).values).toEqual({ title: null });
    expect(check([1]).issues[0]!.field).toBe('custom');
    expect(mergeCustom({ title: 'Ab', budget: 1 }, { title: null, budget: 2 })).toEqual({ budget: 2 });
  });
});

describe('definitions', () => {
  it('compiles patterns safely', () => {
    expect(compilePattern('^[A-Z]{2}\\d+$')).toBeInstanceOf(RegExp);
    expect(compilePattern('(')).toMatch(/invalid regular expression/);
    expect(compilePattern('(a+)+$')).toMatch(/nested quantifiers/);
    expect(compilePattern('x'.repeat(201))).toMatch(/longer than 200/);
  });

  it('checks type-dependent settings', () => {
    const base = { options: [], required: false, isUnique: false, minValue: null, maxValue: null, pattern: null, indexed: false };
    expect(checkFieldSettings({ ...base, type: 'singleSelect' })).toEqual([{ field: 'options', message: expect.any(String) }]);
    expect(checkFieldSettings({ ...base, type: 'text', pattern: '([' }).map((i) => i.field)).toEqual(['pattern']);
    expect(checkFieldSettings({ ...base, type: 'attachment', indexed: true }).map((i) => i.field)).toEqual(['indexed']);
    expect(checkFieldSettings({ ...base, type: 'boolean', isUnique: true }).map((i) => i.field)).toEqual(['unique']);
    expect(checkFieldSettings({ ...base, type: 'number', minValue: 5, maxValue: 1 }).map((i) => i.field)).toEqual(['max']);
    expect(checkFieldSettings({ ...base, type: 'money', indexed: true, isUnique: true, minValue: 0 })).toEqual([]);
  });
});
