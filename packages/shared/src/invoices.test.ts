import { describe, expect, it } from 'vitest';
import { isValidTaxNumber, normalizeTaxNumber, planStatus, taxNumberProblem, unifiedCreditCheckChar } from './invoices.ts';

describe('tax numbers (纳税人识别号)', () => {
  it('accepts unified social credit codes with the right GB 32100-2015 check character', () => {
    for (const code of ['91350100M000100Y43', '91110000600037341L']) {
      expect(taxNumberProblem(code), code).toBeNull();
    }
    expect(unifiedCreditCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('refuses a wrong check character and characters the code set leaves out', () => {
    expect(isValidTaxNumber('91350100M000100Y44')).toBe(false);
    expect(taxNumberProblem('91350100M000100Y44')).toMatch(/校验位/);
    expect(isValidTaxNumber('91110000600037341K')).toBe(false);
    expect(taxNumberProblem('91350100O000100Y43')).toMatch(/不允许的字符/); // O is not in the set
    expect(taxNumberProblem('9135010OM000100Y4I')).toMatch(/不允许的字符/);
  });

  it('normalizes lower case, spaces and dashes', () => {
    expect(normalizeTaxNumber(' 9135 0100-m000 100y43 ')).toBe('91350100M000100Y43');
    expect(isValidTaxNumber('91350100m000100y43')).toBe(true);
    expect(isValidTaxNumber('9135 0100 M000 100Y 43')).toBe(true);
  });

  it('accepts the 15- and 20-character forms and refuses other lengths', () => {
    expect(isValidTaxNumber('110108600037341')).toBe(true);
    expect(isValidTaxNumber('11010860003734X')).toBe(true);
    expect(isValidTaxNumber('AB0108600037341')).toBe(false); // region code is digits
    expect(isValidTaxNumber('11010219800101123X01')).toBe(true);
    expect(isValidTaxNumber('1101021980010112#X01')).toBe(false);
    for (const bad of ['', '123', '91350100M000100Y4', '91350100M000100Y431', '1234567890123456']) {
      expect(taxNumberProblem(bad), bad).toMatch(/15、18 或 20 位/);
    }
  });
});

describe('payment plan status', () => {
  const plan = { amount: 10000, received: 0, dueDate: '2026-03-10' };
  it('follows what was received and the due date in the tenant day', () => {
    expect(planStatus(plan, '2026-03-10')).toBe('pending'); // due today is not overdue
    expect(planStatus(plan, '2026-03-11')).toBe('overdue');
    expect(planStatus({ ...plan, received: 1 }, '2026-03-01')).toBe('partial');
    expect(planStatus({ ...plan, received: 1 }, '2026-03-11')).toBe('overdue');
    expect(planStatus({ ...plan, received: 10000 }, '2026-04-01')).toBe('received');
    expect(planStatus({ ...plan, void: true }, '2026-04-01')).toBe('void');
  });
});
