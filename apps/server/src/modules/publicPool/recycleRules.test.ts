import { describe, expect, it } from 'vitest';
import { DAY_MS, evaluateRecycle, ruleFor, type RecycleCandidate, type RecycleRules } from './recycleRules.ts';

const T0 = new Date('2026-03-01T00:00:00.000Z'); // owner since
const day = (n: number, hours = 0) => new Date(T0.getTime() + n * DAY_MS + hours * 3_600_000);

const rules = (over: Partial<RecycleRules> = {}): RecycleRules => ({
  warnDaysBefore: 0, exemptClosedDeals: true, exemptOpenOpportunities: true,
  byGrade: { '*': { noFollowupDays: 30, noOpportunityDays: null, notClosedDays: null } }, ...over,
});
const customer = (over: Partial<RecycleCandidate> = {}): RecycleCandidate => ({
  recordType: 'customer', ownerId: 'u1', grade: null, ownerSince: T0, lastFollowupAt: null, lastOpportunityAt: null,
  closed: false, locked: false, openOpportunities: 0, warning: null, ...over,
});

describe('evaluateRecycle without warnings', () => {
  it('keeps until the deadline and returns from the deadline on', () => {
    expect(evaluateRecycle(rules(), customer(), day(29, 23))).toMatchObject({ action: 'keep', reason: 'notDue', dueAt: day(30) });
    expect(evaluateRecycle(rules(), customer(), day(30))).toEqual({ action: 'return', reason: 'noFollowup', dueAt: day(30), returnAt: day(30) });
    expect(evaluateRecycle(rules(), customer(), day(400))).toMatchObject({ action: 'return', reason: 'noFollowup' });
  });

  it('counts from the later of the last follow-up and when the owner got it', () => {
    // an old follow-up by the previous owner does not count against the new one
    expect(evaluateRecycle(rules(), customer({ lastFollowupAt: day(-100) }), day(29))).toMatchObject({ action: 'keep', dueAt: day(30) });
    expect(evaluateRecycle(rules(), customer({ lastFollowupAt: day(10) }), day(39))).toMatchObject({ action: 'keep', dueAt: day(40) });
    expect(evaluateRecycle(rules(), customer({ lastFollowupAt: day(10) }), day(40))).toMatchObject({ action: 'return', reason: 'noFollowup' });
  });

  it('applies the grade rule, falling back to "*" for other grades and for no grade', () => {
    const r = rules({ byGrade: { '*': { noFollowupDays: 15, noOpportunityDays: null, notClosedDays: null }, A: { noFollowupDays: 30, noOpportunityDays: null, notClosedDays: null } } });
    expect(evaluateRecycle(r, customer({ grade: 'A' }), day(20)).action).toBe('keep');
    expect(evaluateRecycle(r, customer({ grade: 'A' }), day(30)).action).toBe('return');
    for (const grade of ['B', 'C', null] as const) {
      expect(evaluateRecycle(r, customer({ grade }), day(14)).action).toBe('keep');
      expect(evaluateRecycle(r, customer({ grade }), day(15)).action).toBe('return');
    }
    // a grade rule replaces "*" as a whole: conditions it leaves off stay off
    const onlyA = rules({ byGrade: { '*': { noFollowupDays: 5, noOpportunityDays: null, notClosedDays: null }, A: { noFollowupDays: null, noOpportunityDays: null, notClosedDays: 60 } } });
    expect(evaluateRecycle(onlyA, customer({ grade: 'A' }), day(59))).toMatchObject({ action: 'keep', dueAt: day(60) });
    expect(evaluateRecycle(onlyA, customer({ grade: 'A' }), day(60))).toMatchObject({ action: 'return', reason: 'notClosed' });
  });

  it('without a rule for the grade and no "*", or with every condition off, keeps', () => {
    const onlyB = rules({ byGrade: { B: { noFollowupDays: 1, noOpportunityDays: null, notClosedDays: null } } });
    expect(evaluateRecycle(onlyB, customer({ grade: 'A' }), day(100))).toEqual({ action: 'keep', reason: 'noRule' });
    expect(evaluateRecycle(onlyB, customer({ grade: 'B' }), day(1)).action).toBe('return');
    const off = rules({ byGrade: { '*': { noFollowupDays: null, noOpportunityDays: null, notClosedDays: null } } });
    expect(evaluateRecycle(off, customer(), day(1000))).toEqual({ action: 'keep', reason: 'noRule' });
    expect(ruleFor(rules({ byGrade: {} }), 'A')).toBeNull();
  });

  it('picks the earliest deadline of the three conditions, ties in rule order', () => {
    const all = (nf: number | null, no: number | null, nc: number | null) => rules({ byGrade: { '*': { noFollowupDays: nf, noOpportunityDays: no, notClosedDays: nc } } });
    expect(evaluateRecycle(all(30, 20, 40), customer(), day(20))).toMatchObject({ action: 'return', reason: 'noOpportunity' });
    expect(evaluateRecycle(all(30, 50, 25), customer(), day(25))).toMatchObject({ action: 'return', reason: 'notClosed' });
    expect(evaluateRecycle(all(10, 10, 10), customer(), day(10))).toMatchObject({ reason: 'noFollowup' });
    expect(evaluateRecycle(all(null, 10, 10), customer(), day(10))).toMatchObject({ reason: 'noOpportunity' });
    // a new opportunity restarts only its own clock
    expect(evaluateRecycle(all(null, 20, null), customer({ lastOpportunityAt: day(15) }), day(34)).action).toBe('keep');
    expect(evaluateRecycle(all(null, 20, null), customer({ lastOpportunityAt: day(15) }), day(35)).action).toBe('return');
    // a follow-up does not restart "not closed"
    expect(evaluateRecycle(all(null, null, 20), customer({ lastFollowupAt: day(19) }), day(20))).toMatchObject({ action: 'return', reason: 'notClosed' });
  });

  it('leads have no opportunities: that condition never applies to them', () => {
    const r = rules({ byGrade: { '*': { noFollowupDays: null, noOpportunityDays: 5, notClosedDays: null } } });
    expect(evaluateRecycle(r, customer({ recordType: 'lead' }), day(100))).toEqual({ action: 'keep', reason: 'noRule' });
  });
});

describe('exemptions', () => {
  it('locked customers always stay', () => {
    expect(evaluateRecycle(rules(), customer({ locked: true }), day(1000))).toEqual({ action: 'keep', reason: 'locked' });
  });

  it('closed deals stay when the pool exempts them; otherwise only "not closed" stops applying', () => {
    expect(evaluateRecycle(rules(), customer({ closed: true }), day(1000))).toEqual({ action: 'keep', reason: 'closedDeal' });
    const notExempt = rules({ exemptClosedDeals: false, byGrade: { '*': { noFollowupDays: 30, noOpportunityDays: null, notClosedDays: 10 } } });
    expect(evaluateRecycle(notExempt, customer({ closed: true }), day(29)).action).toBe('keep');
    expect(evaluateRecycle(notExempt, customer({ closed: true }), day(30))).toMatchObject({ action: 'return', reason: 'noFollowup' });
    expect(evaluateRecycle(notExempt, customer({ closed: false }), day(10))).toMatchObject({ action: 'return', reason: 'notClosed' });
  });

  it('converted leads always stay', () => {
    expect(evaluateRecycle(rules({ exemptClosedDeals: false }), customer({ recordType: 'lead', closed: true }), day(1000))).toEqual({ action: 'keep', reason: 'closedDeal' });
  });

  it('open opportunities exempt only when the pool says so', () => {
    expect(evaluateRecycle(rules(), customer({ openOpportunities: 2 }), day(100))).toEqual({ action: 'keep', reason: 'openOpportunity' });
    expect(evaluateRecycle(rules({ exemptOpenOpportunities: false }), customer({ openOpportunities: 2 }), day(100)).action).toBe('return');
  });
});

describe('warnings before the return', () => {
  const r = rules({ warnDaysBefore: 3 });
  const warned = (at: Date, over: Partial<RecycleCandidate['warning'] & object> = {}) => ({ warning: { ownerId: 'u1', reason: 'noFollowup' as const, warnedAt: at, ...over } });

  it('warns from N days before, keeps while warned, returns on the deadline', () => {
    expect(evaluateRecycle(r, customer(), day(26, 23)).action).toBe('keep');
    expect(evaluateRecycle(r, customer(), day(27))).toEqual({ action: 'warn', reason: 'noFollowup', dueAt: day(30), returnAt: day(30) });
    expect(evaluateRecycle(r, customer(warned(day(27))), day(28))).toMatchObject({ action: 'keep', reason: 'warned', returnAt: day(30) });
    expect(evaluateRecycle(r, customer(warned(day(27))), day(30))).toMatchObject({ action: 'return', reason: 'noFollowup', returnAt: day(30) });
  });

  it('an owner first warned after the deadline still gets the full notice', () => {
    expect(evaluateRecycle(r, customer(), day(50))).toEqual({ action: 'warn', reason: 'noFollowup', dueAt: day(30), returnAt: day(53) });
    expect(evaluateRecycle(r, customer(warned(day(50))), day(52, 23)).action).toBe('keep');
    expect(evaluateRecycle(r, customer(warned(day(50))), day(53))).toMatchObject({ action: 'return', returnAt: day(53) });
  });

  it('a follow-up after the warning starts a new cycle (warned again next time)', () => {
    const rec = customer({ lastFollowupAt: day(28), ...warned(day(27)) });
    expect(evaluateRecycle(r, rec, day(30)).action).toBe('keep'); // new deadline day 58
    expect(evaluateRecycle(r, rec, day(55))).toMatchObject({ action: 'warn', returnAt: day(58) });
  });

  it('a warning for another reason or another owner does not count', () => {
    expect(evaluateRecycle(r, customer(warned(day(27), { reason: 'notClosed' })), day(30)).action).toBe('warn');
    expect(evaluateRecycle(r, customer(warned(day(27), { ownerId: 'u2' })), day(30)).action).toBe('warn');
    // a warning from before the current owner got the record is not theirs
    expect(evaluateRecycle(r, customer(warned(day(-1))), day(30)).action).toBe('warn');
  });

  it('exemptions win over a pending warning', () => {
    expect(evaluateRecycle(r, customer({ locked: true, ...warned(day(27)) }), day(40)).action).toBe('keep');
    expect(evaluateRecycle(r, customer({ closed: true, ...warned(day(27)) }), day(40)).action).toBe('keep');
  });
});
