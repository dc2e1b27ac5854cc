// Pure rules of leads: row reading, in-batch twins, the duplicate policy, conversion mapping,
// request hashing for idempotency, and the phone formats the lead schema accepts.
import { describe, expect, it } from 'vitest';
import { isMobileNumber, isPhoneNumber, normalizePhoneNumber } from '@loopline/shared';
import { canonicalJson } from './idempotency.ts';
import { decide, earlierTwins } from './duplicates.ts';
import { leadRowSchema } from './input.ts';
import { applyMapping, contactValues, customerValues, DEFAULT_MAPPING, mappingIssues } from './mapping.ts';
import { statusChange } from './lifecycle.ts';

const schema = leadRowSchema('Asia/Shanghai');
const keys = (mobileNorm: string | null, emailNorm: string | null = null) => ({ mobileNorm, emailNorm, companyNorm: null });

describe('phone formats', () => {
  it('accepts what 查重 can match and nothing else', () => {
    for (const s of ['13800138000', '+86 138-0013-8000', '0571-88886666', '010 1234 5678', '+86 10 1234 5678', '400-800-8888', '+44 20 7946 0958', '８６１３８００１３８０００']) {
      expect(isPhoneNumber(s), s).toBe(normalizePhoneNumber(s) !== null);
      expect(isPhoneNumber(s), s).toBe(true);
    }
    for (const s of ['88886666', '1380013800', '12800138000', '0571-8888666-801', 'abc', '+0 123']) expect(isPhoneNumber(s), s).toBe(false);
    expect(isMobileNumber('+44 7911 123456')).toBe(true);
    expect(isMobileNumber('0571-88886666')).toBe(false);
  });
});

describe('reading a row', () => {
  it('reads spreadsheet-shaped values leniently', () => {
    const r = schema.parse({ name: ' 张三 ', mobile: 13800138000, budget: '1,200.50', tags: '展会；高意向', grade: '', lastFollowupAt: '2026-01-15' });
    expect(r).toMatchObject({ name: '张三', mobile: '13800138000', budget: 1200.5, tags: ['展会', '高意向'], grade: null });
    expect(r.lastFollowupAt?.toISOString()).toBe('2026-01-14T16:00:00.000Z'); // midnight in Shanghai
  });
  it('names each bad field', () => {
    const r = schema.safeParse({ name: '', mobile: '123', email: 'x@', budget: -1, status: 'converted', extra: 1 });
    expect(r.success).toBe(false);
    const fields = r.error!.issues.map((i) => (i.code === 'unrecognized_keys' ? i.keys.join() : i.path.join('.')));
    expect(fields).toEqual(expect.arrayContaining(['mobile', 'email', 'budget', 'status', 'extra']));
  });
});

describe('duplicates within and across a batch', () => {
  it('finds earlier rows with the same mobile or email', () => {
    const twins = earlierTwins([keys('138'), keys(null, 'a@x.cn'), keys('139'), keys('138', 'a@x.cn'), keys(null)]);
    expect([...twins.entries()]).toEqual([[3, { position: 0, matchedOn: ['mobile', 'email'] }]]);
  });
  it('applies the policy', () => {
    const lead = { recordType: 'lead' as const, id: 'L', matchedOn: ['mobile'] };
    const customer = { recordType: 'customer' as const, id: 'C', matchedOn: ['similarName'] };
    expect(decide('reject', []).kind).toBe('insert');
    expect(decide('create', [lead]).kind).toBe('insert');
    expect(decide('skip', [lead]).kind).toBe('skip');
    expect(decide('reject', [lead, customer])).toMatchObject({ kind: 'reject', errors: [{ field: 'mobile' }, { field: 'company' }] });
    expect(decide('update', [customer, lead])).toMatchObject({ kind: 'update', leadId: 'L', twin: false });
    expect(decide('update', [customer]).kind).toBe('skip'); // a customer already: nothing to update as a lead
    expect(decide('update', [lead], 'L')).toMatchObject({ twin: true });
  });
});

describe('status changes', () => {
  it('records the first contact once and keeps the reason only for invalid', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(statusChange({ firstContactedAt: null }, 'contacting', undefined, now)).toMatchObject({ firstContactedAt: now, invalidReason: null });
    expect(statusChange({ firstContactedAt: new Date(0) }, 'qualified', undefined, now)).not.toHaveProperty('firstContactedAt');
    expect(statusChange({ firstContactedAt: null }, 'invalid', '空号', now)).toEqual({ status: 'invalid', invalidReason: '空号', updatedAt: now });
  });
});

describe('conversion mapping', () => {
  const lead = { name: '王小明', company: '杭州云帆科技有限公司', industry: '互联网', mobile: '13800138000', email: 'w@x.cn', tags: ['展会'], city: '杭州市', budget: 5, custom: { level: 'VIP' } };
  it('fills the customer and contact by the default mapping', () => {
    expect(customerValues(lead, DEFAULT_MAPPING.customer)).toEqual({ kind: 'company', name: '杭州云帆科技有限公司', industry: '互联网', city: '杭州市', tags: ['展会'], source: 'lead' });
    expect(contactValues(lead, DEFAULT_MAPPING.contact, { title: '总经理' })).toEqual({ name: '王小明', mobile: '13800138000', email: 'w@x.cn', title: '总经理' });
  });
  it('makes an individual customer from a lead without a company, and maps custom fields', () => {
    expect(customerValues({ name: '李雷', custom: {} }, {})).toEqual({ kind: 'individual', name: '李雷', source: 'lead' });
    expect(applyMapping(lead, { 'custom.level': 'custom.tier', budget: 'remark' })).toEqual({ remark: 5, custom: { tier: 'VIP' } });
  });
  it('refuses unknown fields and two fields filling one', () => {
    const custom = { lead: new Set(['level']), customer: new Set<string>(), contact: new Set<string>() };
    expect(mappingIssues(DEFAULT_MAPPING, custom)).toEqual([]);
    const issues = mappingIssues({ customer: { nope: 'name', company: 'name', 'custom.level': 'custom.tier' }, contact: { name: 'salary' } }, custom);
    expect(issues.map((i) => i.field)).toEqual(['customer.nope', 'customer.company', 'customer.custom.level', 'contact.name']);
  });
});

describe('idempotency', () => {
  it('hashes the same body the same whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: null }] })).toBe(canonicalJson({ a: [{ x: null, y: 2 }], b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });
});
