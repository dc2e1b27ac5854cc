import { describe, expect, it } from 'vitest';
import { columnOf, convertCell, convertRow, emptyLookups, lookupNeeds, planColumns, previewText, type Lookups } from './convert.ts';
import type { ImportField } from './fields.ts';
import { initialMapping } from './mapping.ts';

const f = (key: string, kind: ImportField['kind'], extra: Partial<ImportField> = {}): ImportField => ({ key, label: key, labelEn: key, kind, required: false, ...extra });
const GRADES = [{ value: 'A', label: '重点客户', labelEn: 'A · key' }, { value: 'B', label: '普通客户', labelEn: 'B · normal' }];
const FIELDS: ImportField[] = [
  f('name', 'text', { label: '姓名', labelEn: 'Name', required: true }),
  f('mobile', 'phone', { label: '手机', labelEn: 'Mobile' }),
  f('grade', 'select', { label: '级别', labelEn: 'Grade', options: GRADES }),
  f('tags', 'tags', { label: '标签', labelEn: 'Tags' }),
  f('ownerId', 'user', { label: '负责人', labelEn: 'Owner' }),
  f('nextFollowupAt', 'datetime', { label: '下次跟进时间', labelEn: 'Next follow-up' }),
  f('custom.signed', 'date', { label: '签约日期', labelEn: 'Signed' }),
  f('custom.vip', 'boolean', { label: 'VIP', labelEn: 'VIP' }),
  f('custom.size', 'integer', { label: '人数', labelEn: 'Headcount' }),
  f('custom.channels', 'multiselect', { label: '渠道', labelEn: 'Channels', options: [{ value: 'wx', label: '微信', labelEn: 'WeChat' }, { value: 'tel', label: '电话', labelEn: 'Phone' }] }),
];
const value = (r: { ok: boolean; value?: unknown }) => (r.ok ? r.value : 'ERROR');

describe('planColumns', () => {
  const headers = ['姓名', '手机', '级别', '备注'];

  it('reads mapped columns in file order and ignores unmapped ones', () => {
    const { plan, problems } = planColumns(headers, { 级别: 'grade', 姓名: 'name', 手机: 'mobile', 备注: null }, FIELDS);
    expect(problems).toEqual([]);
    expect(plan.map((p) => [p.index, p.field.key])).toEqual([[0, 'name'], [1, 'mobile'], [2, 'grade']]);
  });

  it('reports unknown columns and fields, a field mapped twice and required fields left out', () => {
    const { problems } = planColumns(headers, { 姓名: 'mobile', 手机: 'mobile', 级别: 'colour', 城市: 'name' }, FIELDS);
    expect(problems.map((p) => p.field)).toEqual(['mapping.手机', 'mapping.级别', 'mapping.城市', 'name']);
    expect(problems[0]!.message).toContain('already mapped from column "姓名"');
    expect(problems[3]!.message).toContain('required field Name');
  });
});

describe('convertCell', () => {
  const lookups: Lookups = {
    ...emptyLookups(),
    users: new Map([['王芳', ['u1']], ['wang@example.com', ['u1']], ['张伟', ['u2', 'u3']]]),
  };
  const cell = (raw: unknown, key: string) => convertCell(raw, FIELDS.find((x) => x.key === key)!, lookups, 'Asia/Shanghai');

  it('turns a phone stored as a number into its digits, never 1.38E+10 or 13800138000.0', () => {
    expect(value(cell(13800138000, 'mobile'))).toBe('13800138000');
    expect(cell('1.38001E+10', 'mobile').ok).toBe(false);
    expect(cell(13800138000.5, 'mobile').ok).toBe(false);
  });

  it('matches select options by value, Chinese or English label, ignoring case and width', () => {
    expect(['A', '重点客户', 'a · KEY', '普通客户 '].map((v) => value(cell(v, 'grade')))).toEqual(['A', 'A', 'A', 'B']);
    const bad = cell('VIP', 'grade');
    expect(!bad.ok && bad.error.message).toContain('重点客户、普通客户');
    expect(value(cell('微信，电话、微信', 'custom.channels'))).toEqual(['wx', 'tel']);
    expect(cell('微信,传真', 'custom.channels').ok).toBe(false);
  });

  it('splits tags, reads 是/否 and whole numbers', () => {
    expect(value(cell('重点, 华东；展会', 'tags'))).toEqual(['重点', '华东', '展会']);
    expect(value(cell('是', 'custom.vip'))).toBe(true);
    expect(value(cell('否', 'custom.vip'))).toBe(false);
    expect(value(cell('1,200', 'custom.size'))).toBe(1200);
    expect(cell('12.5', 'custom.size').ok).toBe(false);
  });

  it('reads dates as text and as Excel dates, times in the organisation zone', () => {
    expect(value(cell('2026/3/1', 'custom.signed'))).toBe('2026-03-01');
    expect(value(cell(46082, 'custom.signed'))).toBe('2026-03-01');
    expect(value(cell(new Date(Date.UTC(2026, 2, 1)), 'custom.signed'))).toBe('2026-03-01');
    expect(value(cell('2026-03-01 09:30', 'nextFollowupAt'))).toBe('2026-03-01T01:30:00.000Z');
  });

  it('finds owners by name or email and refuses unknown or ambiguous names', () => {
    expect(value(cell('王芳', 'ownerId'))).toBe('u1');
    expect(value(cell('WANG@example.com', 'ownerId'))).toBe('u1');
    const ambiguous = cell('张伟', 'ownerId');
    expect(!ambiguous.ok && ambiguous.error.code).toBe('AMBIGUOUS');
    const unknown = cell('李雷', 'ownerId');
    expect(!unknown.ok && unknown.error.message).toContain('李雷');
  });
});

describe('convertRow', () => {
  const headers = ['姓名', '手机', '签约日期', '负责人', 'VIP'];
  const { plan } = planColumns(headers, { 姓名: 'name', 手机: 'mobile', 签约日期: 'custom.signed', 负责人: 'ownerId', VIP: 'custom.vip' }, FIELDS);
  const lookups: Lookups = { ...emptyLookups(), users: new Map([['王芳', ['u1']]]) };

  it('builds the row a BatchCreator takes, custom fields under `custom`, empty cells left out', () => {
    expect(convertRow(['张三', 13800138000, '2026-01-05', '王芳', null], plan, lookups, 'Asia/Shanghai')).toEqual({
      values: { name: '张三', mobile: '13800138000', ownerId: 'u1', custom: { signed: '2026-01-05' } },
      errors: [],
    });
  });

  it('names the column of every bad cell', () => {
    const r = convertRow(['李四', '1.38E+10', '明天', '赵六', '也许'], plan, lookups, 'Asia/Shanghai');
    expect(r.errors.map((e) => e.column)).toEqual(['手机', '签约日期', '负责人', 'VIP']);
  });

  it('collects the names each chunk must look up, and maps creator errors back to columns', () => {
    const needs = lookupNeeds([{ cells: ['a', 1, null, '王芳'] }, { cells: ['b', 2, null, ' 王芳 '] }, { cells: ['c', 3, null, null] }], plan);
    expect([...needs.users]).toEqual(['王芳']);
    expect(columnOf('custom.signed', plan)).toBe('签约日期');
    expect(columnOf('mobile', plan)).toBe('手机');
    expect(columnOf('email', plan)).toBeNull();
  });

  it('previews cells as people typed them', () => {
    expect([13800138000, new Date(Date.UTC(2026, 0, 5)), '  x ', null, 12.5].map(previewText)).toEqual(['13800138000', '2026-01-05', 'x', null, '12.5']);
  });
});

describe('initialMapping', () => {
  const headers = ['客户姓名', '手机号码', '客户级别', '附加信息'];

  it('suggests from Chinese and English header names', () => {
    expect(initialMapping(headers, FIELDS, new Map())).toEqual({ 客户姓名: 'name', 手机号码: 'mobile', 客户级别: 'grade', 附加信息: null });
    expect(initialMapping(['Name', 'Mobile Phone', 'Owner'], FIELDS, new Map())).toEqual({ Name: 'name', 'Mobile Phone': 'mobile', Owner: 'ownerId' });
  });

  it('prefers what the organisation chose last time, per header, and drops fields that no longer exist', () => {
    const remembered = new Map<string, string | null>([['客户级别', null], ['附加信息', 'tags'], ['手机号码', 'custom.gone']]);
    expect(initialMapping(headers, FIELDS, remembered)).toEqual({ 客户姓名: 'name', 手机号码: 'mobile', 客户级别: null, 附加信息: 'tags' });
  });
});
