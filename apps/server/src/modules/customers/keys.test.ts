import { describe, expect, it } from 'vitest';
import { contactKeys } from '../contacts/persist.ts';
import { generateDemoCustomers, demoOwnerKey } from './demoData.ts';
import { isExactMatch, matchedField } from './duplicates.ts';
import { customerKeys } from './keys.ts';

const match = (matchedOn: string[]) => ({ recordType: 'customer' as const, id: 'x', title: 't', number: null, ownerId: null, ownerName: null, matchedOn, similarity: 1 });

describe('查重 keys every writer stores', () => {
  it('customer keys: only for the fields given; cleared fields clear their key', () => {
    expect(customerKeys({ name: '杭州云栖（中国）网络科技有限公司', phone: '+86 138-0013-8000', email: ' Boss@Example.COM ' }))
      .toEqual({ nameNorm: '杭州云栖网络科技', phoneNorm: '13800138000', emailNorm: 'boss@example.com' });
    expect(customerKeys({ phone: '0571-8888 6666' })).toEqual({ phoneNorm: '057188886666' });
    expect(customerKeys({ phone: null, email: '' })).toEqual({ phoneNorm: null, emailNorm: null });
    expect(customerKeys({ phone: '12345' })).toEqual({ phoneNorm: null }); // not a usable number: no key
    expect(customerKeys({})).toEqual({});
  });

  it('contact keys: the mobile, else the phone; email lower-cased', () => {
    expect(contactKeys({ mobile: '86 13800138000', email: 'A@B.CN' })).toEqual({ mobileNorm: '13800138000', emailNorm: 'a@b.cn' });
    expect(contactKeys({ mobile: null, phone: '010-12345678' })).toEqual({ mobileNorm: '01012345678' });
    expect(contactKeys({ email: null })).toEqual({ emailNorm: null });
  });
});

describe('duplicate decisions', () => {
  it('names the field a match was found on and tells exact from similar', () => {
    expect(matchedField(['mobile'])).toBe('phone');
    expect(matchedField(['phone', 'email'])).toBe('phone');
    expect(matchedField(['email'])).toBe('email');
    expect(matchedField(['company'])).toBe('name');
    expect(matchedField(['similarName'])).toBe('name');
    expect(isExactMatch(match(['similarName']))).toBe(false);
    expect(isExactMatch(match(['similarName', 'email']))).toBe(true);
    expect(isExactMatch(match(['company']))).toBe(true);
  });
});

describe('demo customers', () => {
  it('are unique, avoid taken names, are the same every time and go mostly to reps', () => {
    const taken = new Set(['杭州云栖网络科技有限公司']);
    const a = generateDemoCustomers(180, new Set(taken), 0);
    const b = generateDemoCustomers(180, new Set(taken), 0);
    expect(a).toHaveLength(180);
    expect(new Set(a.map((c) => c.name)).size).toBe(180);
    expect(a.some((c) => taken.has(c.name))).toBe(false);
    expect(a.map((c) => c.name)).toEqual(b.map((c) => c.name));
    const owners = a.map((c) => c.ownerKey);
    expect(owners.filter((k) => k.startsWith('manager')).length).toBe(20);
    expect(new Set(owners)).toEqual(new Set(['rep1', 'rep2', 'rep3', 'rep4', 'manager1', 'manager2']));
    expect(demoOwnerKey(5)).toBe('manager1');
  });
});
