import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeMobile } from './auth.ts';
import { isMobileNumber, phoneKind } from './formats.ts';
import { isMainlandMobile, kindOfPhoneKey, normalizePhoneNumber } from './phone.ts';

// The normaliser's own cases are in apps/server/src/modules/dedupe/normalize.test.ts (its main user).
describe('one phone normaliser for log-in, forms and 查重', () => {
  const digit = fc.constantFrom(...'0123456789');
  const sep = fc.constantFrom('', ' ', '-', '.', '（', ')');
  const raw = fc.tuple(fc.constantFrom('', '+86', '86', '0086', '+44', '0', '1'), fc.array(fc.tuple(sep, digit), { maxLength: 14 }))
    .map(([p, parts]) => p + parts.map(([s, d]) => s + d).join(''));

  it('log-in stores and looks up a mobile under the key duplicate checking uses', () => {
    for (const typed of ['+86 138-0013-8000', '8613800138000', ' 13800138000 ', '１３８００１３８０００']) {
      expect(normalizeMobile(typed)).toBe('13800138000');
    }
    fc.assert(fc.property(raw, (r) => {
      const key = normalizePhoneNumber(r);
      return !isMainlandMobile(r) || normalizeMobile(r) === key;
    }));
  });

  it('keeps the old rule for what the normaliser does not recognise', () => {
    expect(normalizeMobile('+8612012345678')).toBe('12012345678');
  });

  it('form validation (phoneKind) accepts exactly the numbers the normaliser keys', () => {
    fc.assert(fc.property(raw, (r) => {
      const key = normalizePhoneNumber(r);
      return phoneKind(r) === (key === null ? null : kindOfPhoneKey(key));
    }));
    expect(phoneKind('0571-8888 6666')).toBe('landline');
    expect(phoneKind('400-800-8888')).toBe('service');
    expect(isMobileNumber('+44 20 7946 0958')).toBe(true);
    expect(phoneKind('88886666')).toBeNull();
  });
});
