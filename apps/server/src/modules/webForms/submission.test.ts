import { describe, expect, it } from 'vitest';
import { formFieldCatalog, STANDARD_FORM_FIELDS } from './fields.ts';
import { checkFormFields } from './input.ts';
import { pageContext, readSubmission, type FormField } from './submission.ts';
import type { CustomFieldDef } from '../../platform/records/customValues.ts';

const customDef = (key: string, type: string, extra: Partial<CustomFieldDef> = {}): CustomFieldDef => ({
  id: key, key, label: key, labelEn: null, type, options: [], required: false, isUnique: false, minValue: null, maxValue: null,
  pattern: null, indexed: false, indexName: null, sort: 0, ...extra,
});
const catalog = formFieldCatalog(undefined, [
  customDef('size', 'singleSelect', { options: [{ value: 's', label: '小' }, { value: 'l', label: '大', labelEn: 'Large' }] }),
  customDef('channels', 'multiSelect', { options: [{ value: 'web', label: '官网' }, { value: 'ads', label: '广告' }] }),
  customDef('consent', 'boolean'),
  customDef('owner', 'user'),
  customDef('visit', 'date'),
]);
const field = (key: string, required = false): FormField => ({ def: catalog.find((f) => f.key === key)!, config: { key, label: null, required, help: null } });
const form = [field('name', true), field('mobile', true), field('email'), field('phone'), field('budget'), field('remark'), field('custom.size'), field('custom.channels'), field('custom.consent'), field('custom.visit')];

describe('catalog', () => {
  it('offers standard lead fields and only the custom types a stranger can answer', () => {
    const keys = catalog.map((f) => f.key);
    expect(keys.slice(0, STANDARD_FORM_FIELDS.length)).toEqual(STANDARD_FORM_FIELDS.map((f) => f.key));
    expect(keys).toContain('custom.size');
    expect(keys).not.toContain('custom.owner');
    expect(catalog.find((f) => f.key === 'custom.consent')!.input).toBe('checkbox');
  });

  it('checks a form: known fields, no repeats, the name always asked and required', () => {
    const ok = [{ key: 'name', label: null, required: true, help: null }, { key: 'mobile', label: null, required: false, help: null }];
    expect(checkFormFields(ok, catalog)).toEqual([]);
    expect(checkFormFields([...ok, { key: 'ownerId', label: null, required: false, help: null }], catalog)[0]!.field).toBe('fields.2.key');
    expect(checkFormFields([...ok, ok[1]!], catalog)[0]!.field).toBe('fields.2.key');
    expect(checkFormFields([ok[1]!], catalog)[0]!.field).toBe('fields');
    expect(checkFormFields([{ ...ok[0]!, required: false }], catalog)[0]!.field).toBe('fields.0.required');
    const strict = formFieldCatalog(undefined, [customDef('must', 'text', { required: true })]);
    expect(checkFormFields(ok, strict).map((i) => i.field)).toEqual(['fields']);
  });
});

describe('readSubmission', () => {
  it('builds the lead row from the form fields only, custom values under custom', () => {
    const r = readSubmission(form, 'zh-CN', {
      name: ' 张三 ', mobile: '138 0013 8000', email: 'ZS@Example.com', budget: '12,000', 'custom.size': 'l', 'custom.channels': ['web', 'ads', 'web'],
      'custom.consent': 'on', ownerId: 'someone', status: 'qualified', _token: 't',
    });
    expect(r.issues).toEqual([]);
    expect(r.values).toEqual({ name: '张三', mobile: '138 0013 8000', email: 'zs@example.com', budget: 12000, custom: { size: 'l', channels: ['web', 'ads'], consent: true } });
    expect(r.token).toBe('t');
    expect(r.honeypotFilled).toBe(false);
  });

  it('names every bad field, in the form language', () => {
    const r = readSubmission(form, 'zh-CN', { mobile: '12345', email: 'not-mail', phone: '123', budget: 'lots', remark: 'x'.repeat(2001), 'custom.size': 'xl', 'custom.visit': '2026-02-30' });
    expect(Object.fromEntries(r.issues.map((i) => [i.field, i.message]))).toEqual({
      name: '请填写此项', mobile: '请输入正确的手机号', email: '请输入正确的邮箱地址', phone: '请输入正确的电话号码（含区号）', budget: '请输入数字',
      remark: '最多 2000 个字符', 'custom.size': '请从选项中选择', 'custom.visit': '请输入正确的日期',
    });
    const en = readSubmission(form, 'en', { name: ['a', 'b'], mobile: '' });
    expect(en.issues).toEqual([{ field: 'name', message: 'Only one value is allowed' }, { field: 'mobile', message: 'This field is required' }]);
  });

  it('accepts mainland, +86 and international mobiles; a required checkbox must be ticked', () => {
    for (const mobile of ['13800138000', '+86 138-0013-8000', '+44 7911 123456']) {
      expect(readSubmission(form, 'en', { name: 'a', mobile }).issues).toEqual([]);
    }
    const consent: FormField[] = [field('name', true), { ...field('custom.consent'), config: { key: 'custom.consent', label: null, required: true, help: null } }];
    expect(readSubmission(consent, 'en', { name: 'a', 'custom.consent': 'false' }).issues.map((i) => i.field)).toEqual(['custom.consent']);
    expect(readSubmission(consent, 'en', { name: 'a', 'custom.consent': true }).issues).toEqual([]);
  });

  it('spots the honeypot', () => {
    expect(readSubmission(form, 'en', { name: 'a', mobile: '13800138000', website: 'http://spam.example' }).honeypotFilled).toBe(true);
    expect(readSubmission(form, 'en', { name: 'a', mobile: '13800138000', website: '' }).honeypotFilled).toBe(false);
  });
});

describe('pageContext', () => {
  it('reads UTM tags from the page address unless sent explicitly, and keeps only http(s) addresses', () => {
    const c = pageContext({ _pageUrl: 'https://www.example.com/p?utm_source=baidu&utm_medium=cpc&utm_campaign=%E6%98%A5%E5%AD%A3', _referrer: 'https://www.baidu.com/s?wd=crm', utm_medium: 'sem' });
    expect(c).toEqual({
      pageUrl: 'https://www.example.com/p?utm_source=baidu&utm_medium=cpc&utm_campaign=%E6%98%A5%E5%AD%A3', referrer: 'https://www.baidu.com/s?wd=crm',
      utm: { utm_source: 'baidu', utm_medium: 'sem', utm_campaign: '春季' },
    });
    expect(pageContext({ _pageUrl: 'javascript:alert(1)', _referrer: 42 })).toEqual({ pageUrl: null, referrer: null, utm: {} });
    expect(pageContext({ _pageUrl: `https://a.example/?utm_source=${'x'.repeat(500)}` }).utm.utm_source).toHaveLength(200);
  });
});
