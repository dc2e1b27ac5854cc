import { describe, expect, it } from 'vitest';
import { inLanguage, percent, type ImportField } from './api.ts';
import { choose, errorsByColumn, hasIssues, mappingIssues, samples } from './mappingModel.ts';

const f = (key: string, required = false): ImportField => ({ key, label: key, labelEn: key, kind: 'text', required });
const FIELDS = [f('name', true), f('mobile'), f('email')];

describe('mappingIssues', () => {
  it('flags required fields without a column and fields chosen twice', () => {
    const headers = ['姓名', '手机', '备用手机'];
    expect(hasIssues(mappingIssues(headers, { 姓名: 'name', 手机: 'mobile', 备用手机: null }, FIELDS))).toBe(false);
    const issues = mappingIssues(headers, { 姓名: null, 手机: 'mobile', 备用手机: 'mobile' }, FIELDS);
    expect(issues.missing.map((x) => x.key)).toEqual(['name']);
    expect([...issues.twice]).toEqual([['mobile', ['手机', '备用手机']]]);
  });

  it('ignores mappings of columns the file does not have', () => {
    expect(mappingIssues(['姓名'], { 姓名: 'name', 城市: 'name' }, FIELDS).twice.size).toBe(0);
  });
});

describe('helpers', () => {
  it('chooses without touching other columns', () => {
    expect(choose({ a: 'name', b: null }, 'b', 'email')).toEqual({ a: 'name', b: 'email' });
  });

  it('shows a few distinct sample values per column', () => {
    const preview = [{ cells: ['张三', null] }, { cells: ['张三', '1'] }, { cells: ['李四', '2'] }, { cells: ['王五', '3'] }, { cells: ['赵六', '4'] }];
    expect(samples(preview, 0)).toEqual(['张三', '李四', '王五']);
    expect(samples(preview, 1, 2)).toEqual(['1', '2']);
  });

  it('groups row errors by column', () => {
    const m = errorsByColumn([{ column: '手机', message: 'a' }, { column: null, message: 'b' }, { column: '手机', message: 'c' }]);
    expect(m.get('手机')).toEqual(['a', 'c']);
    expect(m.get(null)).toEqual(['b']);
  });

  it('picks the reader\'s half of a bilingual message', () => {
    expect(inLanguage('文件是空的 / the file is empty', true)).toBe('文件是空的');
    expect(inLanguage('文件是空的 / the file is empty', false)).toBe('the file is empty');
    expect(inLanguage('name: name is required', true)).toBe('name: name is required');
  });

  it('reaches 100 % only when every row is done', () => {
    expect(percent({ done: 999, total: 1000 })).toBe(99);
    expect(percent({ done: 1000, total: 1000 })).toBe(100);
    expect(percent({ done: 0, total: 0 })).toBe(100);
  });
});
