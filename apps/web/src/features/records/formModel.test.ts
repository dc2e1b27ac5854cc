import { describe, expect, it } from 'vitest';
import { formFields, validateValue, type FormField } from './formModel.ts';
import type { FieldMeta } from './types.ts';

const meta = (key: string, extra: Partial<FieldMeta> = {}): FieldMeta => ({
  key, label: key, labelEn: key, kind: 'text', type: null, source: key.startsWith('custom.') ? 'custom' : 'standard',
  filterable: true, sortable: true, options: [], access: 'editable', masked: false, ...extra,
});

describe('form fields from metadata', () => {
  const fields = formFields(
    [
      meta('number'), meta('name'), meta('phone', { access: 'readonly' }), meta('healthScore', { kind: 'number' }),
      meta('custom.budget', { type: 'money', kind: 'number' }), meta('custom.rate', { type: 'percent', kind: 'number' }),
      meta('custom.code', { type: 'text' }), meta('custom.site', { type: 'url' }), meta('custom.boss', { type: 'user', kind: 'uuid' }),
    ],
    {
      number: { widget: 'text', editable: false }, name: { widget: 'text', required: true, max: 200 }, phone: { widget: 'phone', max: 30 },
      healthScore: { widget: 'number', min: 0, max: 100, integer: true },
    },
    [
      { key: 'budget', type: 'money', required: true, min: 0, max: 1_000_000, pattern: null },
      { key: 'rate', type: 'percent', required: false, min: null, max: null, pattern: null },
      { key: 'code', type: 'text', required: false, min: 3, max: 8, pattern: '^[A-Z]+-\\d+$' },
      { key: 'site', type: 'url', required: false, min: null, max: null, pattern: null },
      { key: 'boss', type: 'user', required: false, min: null, max: null, pattern: null },
    ],
  );
  const by = (k: string) => fields.find((f) => f.key === k) as FormField;

  it('keeps editable standard fields and every custom field; read-only ones are disabled', () => {
    expect(fields.map((f) => f.key)).toEqual(['name', 'phone', 'healthScore', 'custom.budget', 'custom.rate', 'custom.code', 'custom.site', 'custom.boss']);
    expect(by('phone').readOnly).toBe(true);
    expect(by('name').readOnly).toBe(false);
    expect(by('custom.budget')).toMatchObject({ widget: 'money', required: true, min: 0, max: 1_000_000 });
    expect(by('custom.rate')).toMatchObject({ widget: 'percent', min: 0, max: 100 });
    expect(by('custom.boss').widget).toBe('user');
  });

  it('validates like the server: required, bounds, decimals, regex and formats', () => {
    expect(validateValue(by('name'), '  ')).toEqual({ code: 'required' });
    expect(validateValue(by('name'), 'x'.repeat(201))).toEqual({ code: 'maxLength', limit: 200 });
    expect(validateValue(by('name'), '星火科技')).toBeNull();
    expect(validateValue(by('phone'), '0571-8888 6666')).toBeNull();
    expect(validateValue(by('phone'), 'call me')).toEqual({ code: 'phone' });
    expect(validateValue(by('healthScore'), 101)).toEqual({ code: 'max', limit: 100 });
    expect(validateValue(by('healthScore'), 5.5)).toEqual({ code: 'integer' });
    expect(validateValue(by('healthScore'), undefined)).toBeNull();
    expect(validateValue(by('custom.budget'), null)).toEqual({ code: 'required' });
    expect(validateValue(by('custom.budget'), 12.345)).toEqual({ code: 'decimals' });
    expect(validateValue(by('custom.budget'), -1)).toEqual({ code: 'min', limit: 0 });
    expect(validateValue(by('custom.budget'), 1999.5)).toBeNull();
    expect(validateValue(by('custom.rate'), 120)).toEqual({ code: 'max', limit: 100 });
    expect(validateValue(by('custom.code'), 'AB')).toEqual({ code: 'minLength', limit: 3 });
    expect(validateValue(by('custom.code'), 'abc-1')).toEqual({ code: 'pattern' });
    expect(validateValue(by('custom.code'), 'ABC-12')).toBeNull();
    expect(validateValue(by('custom.site'), 'ftp://x.cn')).toEqual({ code: 'url' });
    expect(validateValue(by('custom.site'), 'https://loopline.cn')).toBeNull();
  });

  it('checks emails with the shared schema', () => {
    const email = { ...by('custom.site'), key: 'email', widget: 'email' as const, max: 254 };
    expect(validateValue(email, 'not-an-email')).toEqual({ code: 'email' });
    expect(validateValue(email, 'Li.Lei@Example.com')).toBeNull();
  });
});

describe('mobile and strict phone fields (leads, contacts)', () => {
  const [mobile, phone] = formFields(
    [meta('mobile'), meta('phone')],
    { mobile: { widget: 'mobile', max: 30 }, phone: { widget: 'phone', max: 30, strictPhone: true } },
    [],
  ) as [FormField, FormField];

  it('accepts a mainland mobile however it is typed, or an international number', () => {
    for (const ok of ['13800138000', '+86 138-0013-8000', '138 0013 8000', '+44 20 7946 0958']) expect(validateValue(mobile, ok)).toBeNull();
    for (const bad of ['12800138000', '0571-88886666', '1380013800']) expect(validateValue(mobile, bad)).toEqual({ code: 'mobile' });
  });

  it('wants an area code on landlines, as 查重 needs it to match', () => {
    expect(validateValue(phone, '0571-88886666')).toBeNull();
    expect(validateValue(phone, '400-800-8888')).toBeNull();
    expect(validateValue(phone, '88886666')).toEqual({ code: 'phone' });
  });
});
