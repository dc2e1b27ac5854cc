import { describe, expect, it } from 'vitest';
import { detectHeaderRow, suggestMapping, uniqueHeaders } from './headers.ts';

const FIELDS = [
  { key: 'name', labels: ['联系人', 'Name'] },
  { key: 'mobile', labels: ['手机', 'Mobile'] },
  { key: 'phone', labels: ['电话', 'Phone'] },
  { key: 'company', labels: ['公司', 'Company'] },
  { key: 'email', labels: ['邮箱', 'Email'] },
  { key: 'address', labels: ['地址', 'Address'] },
  { key: 'province', labels: ['省份', 'Province'] },
  { key: 'city', labels: ['城市', 'City'] },
  { key: 'source', labels: ['来源', 'Source'] },
  { key: 'remark', labels: ['备注', 'Remark'] },
];

describe('suggestMapping', () => {
  it('maps Chinese synonyms, English, full-width and decorated headers', () => {
    const headers = ['*姓名', '手机号码', '座机', '企业名称', 'E-Mail', '详细地址', '省', '市', '线索来源', '备注（选填）', '无关列'];
    expect(suggestMapping(headers, FIELDS)).toEqual({
      '*姓名': 'name', 手机号码: 'mobile', 座机: 'phone', 企业名称: 'company', 'E-Mail': 'email', 详细地址: 'address',
      省: 'province', 市: 'city', 线索来源: 'source', '备注（选填）': 'remark', 无关列: null,
    });
    expect(suggestMapping(['ＭＯＢＩＬＥ', ' company name ', '移动电话'], FIELDS)).toEqual({ ＭＯＢＩＬＥ: 'mobile', ' company name ': 'company', 移动电话: null });
  });

  it('uses each field once, best match first, and prefers the head noun in compounds', () => {
    expect(suggestMapping(['备用手机号', '手机'], FIELDS)).toEqual({ 备用手机号: null, 手机: 'mobile' });
    expect(suggestMapping(['联系人手机', '公司地址'], FIELDS)).toEqual({ 联系人手机: 'mobile', 公司地址: 'address' });
    expect(suggestMapping(['单位', '公司'], FIELDS)).toEqual({ 单位: null, 公司: 'company' });
  });

  it('takes a shortened label when it carries most of the field name, not a fragment', () => {
    const next = [{ key: 'nextFollowupAt', labels: ['下次跟进时间', 'Next follow-up'] }, { key: 'remark', labels: ['备注', 'Remark'] }];
    expect(suggestMapping(['下次跟进', '跟进'], next)).toEqual({ 下次跟进: 'nextFollowupAt', 跟进: null });
    expect(suggestMapping(['Next follow', 'Next'], next)).toEqual({ 'Next follow': 'nextFollowupAt', Next: null });
  });
});

describe('detectHeaderRow / uniqueHeaders', () => {
  it('skips title, subtitle and blank rows', () => {
    const rows = [['2026年客户名单', null, null, null], [], ['制表：张三', null, null, '2026-01-05'], ['姓名', '手机', '城市', '备注'], ['张三', '138', '上海', null]];
    expect(detectHeaderRow(rows)).toEqual({ found: true, index: 3 });
  });

  it('keeps a header whose data has an extra unnamed column, and accepts year headers', () => {
    expect(detectHeaderRow([['姓名', '城市'], ['张三', '上海', '多余'], ['李四', '北京', '多余']])).toEqual({ found: true, index: 0 });
    expect(detectHeaderRow([['标题'], ['客户', '地区', '2025', '2026'], ['张三', '华东', 1, 2]])).toEqual({ found: true, index: 1 });
  });

  it('does not take a numeric data row as the header', () => {
    expect(detectHeaderRow([[1, 2], [3, 4]])).toEqual({ found: false, reason: 'NO_HEADER' });
  });

  it('numbers duplicates without colliding with existing names', () => {
    expect(uniqueHeaders(['电话', '电话', '电话 (2)', '电话'])).toEqual(['电话', '电话 (3)', '电话 (2)', '电话 (4)']);
  });
});
