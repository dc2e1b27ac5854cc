import { describe, expect, it } from 'vitest';
import { canClaim, capsPayload, claimCounter, freeGrades, rowsToRules, rulesToRows } from './poolModel.ts';
import type { Rule } from './api.ts';

const me = (claimedToday: number, claimsLeft: number | null) => ({ member: true, admin: false, claimedToday, claimsLeft });

describe('claim counter', () => {
  it('shows what is left of a daily limit, or the count without one', () => {
    expect(claimCounter({ dailyClaimLimit: 10, me: me(3, 7) })).toEqual({ kind: 'limited', left: 7, limit: 10 });
    expect(claimCounter({ dailyClaimLimit: null, me: me(4, null) })).toEqual({ kind: 'unlimited', count: 4 });
  });
  it('allows a claim only when the selection fits', () => {
    expect(canClaim({ dailyClaimLimit: 10, me: me(8, 2) }, 2)).toBe(true);
    expect(canClaim({ dailyClaimLimit: 10, me: me(8, 2) }, 3)).toBe(false);
    expect(canClaim({ dailyClaimLimit: null, me: me(80, null) }, 50)).toBe(true);
    expect(canClaim({ dailyClaimLimit: null, me: me(0, null) }, 0)).toBe(false);
  });
});

describe('rule rows', () => {
  const rule = (grade: Rule['grade'], over: Partial<Rule> = {}): Rule => ({ recordType: 'customer', grade, noFollowupDays: null, noOpportunityDays: null, notClosedDays: null, ...over });

  it('puts "*" first, adds it when missing, and keeps only the record type asked for', () => {
    const rows = rulesToRows([rule('B', { noFollowupDays: 15 }), rule('A', { noFollowupDays: 30 }), { ...rule('*'), recordType: 'lead', noFollowupDays: 9 }], 'customer');
    expect(rows.map((r) => r.grade)).toEqual(['*', 'A', 'B']);
    expect(rows[0]).toEqual(rule('*'));
    expect(rulesToRows([{ ...rule('*'), recordType: 'lead', noFollowupDays: 9 }], 'lead')).toHaveLength(1);
  });

  it('drops rows without a condition and opportunity days on leads', () => {
    expect(rowsToRules([rule('*'), rule('A', { notClosedDays: 60 })])).toEqual([rule('A', { notClosedDays: 60 })]);
    expect(rowsToRules([{ ...rule('*'), recordType: 'lead', noOpportunityDays: 5, noFollowupDays: 3 }])).toEqual([{ ...rule('*'), recordType: 'lead', noFollowupDays: 3 }]);
  });

  it('offers only grades without a row', () => {
    expect(freeGrades([rule('*'), rule('B')])).toEqual(['A', 'C']);
  });
});

describe('caps payload', () => {
  it('strips display names and subjects that do not belong to the type', () => {
    expect(capsPayload([{ subjectType: 'everyone', userId: 'u', departmentId: 'd', userName: 'x', departmentName: 'y', maxOwned: 5, maxLocked: null, countClosed: false }]))
      .toEqual([{ subjectType: 'everyone', userId: null, departmentId: null, maxOwned: 5, maxLocked: null, countClosed: false }]);
  });
});
