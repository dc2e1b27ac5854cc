import { describe, expect, it } from 'vitest';
import { amountFen, defaultProfile, exceeds, sumYuan, taxNumberError, yuan, type BillingProfile } from './model.ts';

describe('payments model', () => {
  it('formats and compares money exactly', () => {
    expect(yuan('1234.5')).toBe('¥1,234.50');
    expect(yuan(null)).toBe('—');
    expect(amountFen('0.1')).toBe(10);
    expect(amountFen('-1')).toBeNull();
    expect(amountFen('1.234')).toBeNull();
    expect(exceeds('1000.01', '1000.00')).toBe(true);
    expect(exceeds('1000.00', '1000.00')).toBe(false);
    expect(sumYuan(['0.10', '0.20', null])).toBe('¥0.30');
  });

  it('checks tax numbers like the server', () => {
    expect(taxNumberError('91350100m000100y43', 'company')).toBeNull();
    expect(taxNumberError('91350100M000100Y44', 'company')).toBe('taxNumberInvalid');
    expect(taxNumberError('', 'company')).toBe('taxNumberRequired');
    expect(taxNumberError('', 'individual', 'ordinaryVat')).toBeNull();
    expect(taxNumberError('', 'individual', 'specialVat')).toBe('taxNumberRequired');
  });

  it('pre-fills from the default billing profile', () => {
    const p = (id: string, isDefault: boolean) => ({ id, isDefault }) as BillingProfile;
    expect(defaultProfile([p('a', false), p('b', true)])?.id).toBe('b');
    expect(defaultProfile([p('a', false)])?.id).toBe('a');
    expect(defaultProfile([])).toBeNull();
  });
});
