import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FieldCatalog } from '@loopline/shared';
import {
  assignBatch,
  assignLead,
  explain,
  type AssignmentOptions,
  type AssignmentRule,
  type AssignmentState,
  type LoadBalancedMember,
} from './engine.ts';

const catalog: FieldCatalog = { source: { kind: 'select' }, region: { kind: 'text' }, 'custom.budget': { kind: 'number' } };
const opts: AssignmentOptions = { catalog, defaultAssignee: { kind: 'pool', poolId: 'pool-1' } };
const empty = (): AssignmentState => ({ roundRobinCursor: {}, openLeads: {} });
const rule = (id: string, target: AssignmentRule['target'], condition: AssignmentRule['condition'] = null, enabled = true): AssignmentRule => ({
  id, name: `Rule ${id}`, enabled, condition, target,
});
const users = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);
const counts = (ids: (string | null)[]) => ids.reduce<Record<string, number>>((m, id) => (id ? { ...m, [id]: (m[id] ?? 0) + 1 } : m), {});
const userOf = (a: { assignee: { kind: string; userId?: string } | null }) => (a.assignee?.kind === 'user' ? a.assignee.userId! : null);
const spread = (c: Record<string, number>, ids: string[]) => Math.max(...ids.map((u) => c[u] ?? 0)) - Math.min(...ids.map((u) => c[u] ?? 0));

describe('assignLead', () => {
  it('first enabled matching rule wins; disabled rules are skipped', () => {
    const rules = [
      rule('off', { kind: 'user', userId: 'x' }, null, false),
      rule('web', { kind: 'user', userId: 'alice' }, { field: 'source', op: 'eq', value: 'web' }),
      rule('all', { kind: 'user', userId: 'bob' }),
    ];
    const r = assignLead(rules, { source: 'web' }, empty(), opts);
    expect(r).toMatchObject({ ruleId: 'web', assignee: { kind: 'user', userId: 'alice' } });
    expect(r.reason.en).toContain('Rule web');
    expect(r.reason.zh).toContain('命中规则');
    expect(r.nextState.openLeads).toEqual({ alice: 1 });
    expect(assignLead(rules, { source: 'api' }, empty(), opts).ruleId).toBe('all');
  });

  it('falls back to the default owner, the pool, or nobody', () => {
    const rules = [rule('web', { kind: 'user', userId: 'alice' }, { field: 'source', op: 'eq', value: 'web' })];
    expect(assignLead(rules, {}, empty(), opts)).toMatchObject({ ruleId: null, assignee: { kind: 'pool', poolId: 'pool-1' } });
    const d = assignLead(rules, {}, empty(), { ...opts, defaultAssignee: { kind: 'user', userId: 'boss' } });
    expect(d).toMatchObject({ ruleId: null, assignee: { kind: 'user', userId: 'boss' }, nextState: { openLeads: { boss: 1 } } });
    expect(assignLead(rules, {}, empty(), { ...opts, defaultAssignee: null }).assignee).toBeNull();
  });

  it('round-robin advances the cursor and does not mutate the input state', () => {
    const rules = [rule('rr', { kind: 'roundRobin', userIds: ['a', 'b', 'c'] })];
    const s0 = empty();
    const r1 = assignLead(rules, {}, s0, opts);
    const r2 = assignLead(rules, {}, r1.nextState, opts);
    expect([userOf(r1), userOf(r2)]).toEqual(['a', 'b']);
    expect(r2.nextState.roundRobinCursor.rr).toBe(2);
    expect(s0).toEqual(empty());
    // a cursor left over from a bigger team wraps instead of failing
    expect(userOf(assignLead(rules, {}, { roundRobinCursor: { rr: 7 }, openLeads: {} }, opts))).toBe('b');
  });

  it('load-balanced picks the lowest open/weight, skipping leave and caps', () => {
    const members: LoadBalancedMember[] = [
      { userId: 'a', weight: 1, cap: null, onLeave: false },
      { userId: 'b', weight: 2, cap: null, onLeave: false },
      { userId: 'c', weight: 1, cap: null, onLeave: true },
      { userId: 'd', weight: 1, cap: 3, onLeave: false },
    ];
    const rules = [rule('lb', { kind: 'loadBalanced', members })];
    // a: 4/1, b: 6/2 = 3, d: at cap → b
    const r = assignLead(rules, {}, { roundRobinCursor: {}, openLeads: { a: 4, b: 6, c: 0, d: 3 } }, opts);
    expect(userOf(r)).toBe('b');
    const { nextState } = assignBatch(rules, Array(30).fill({}), empty(), opts);
    expect(nextState.openLeads).toEqual({ a: 9, b: 18, d: 3 }); // weight 2 gets twice as many
  });

  it('falls through to the next rule when every member is on leave or at cap', () => {
    const rules = [
      rule('lb', { kind: 'loadBalanced', members: [{ userId: 'a', weight: 1, cap: 1, onLeave: false }, { userId: 'b', weight: 1, cap: null, onLeave: true }] }),
      rule('overflow', { kind: 'user', userId: 'z' }),
    ];
    const { results } = assignBatch(rules, [{}, {}], empty(), opts);
    expect(results.map((r) => [r.ruleId, userOf(r)])).toEqual([['lb', 'a'], ['overflow', 'z']]);
    expect(assignLead([rule('rr', { kind: 'roundRobin', userIds: [] })], {}, empty(), opts).assignee).toEqual({ kind: 'pool', poolId: 'pool-1' });
  });

  it('skips unavailable people: the named user, round-robin members from the cursor on, load-balanced members, the default owner', () => {
    const away = new Set(['b', 'x']);
    const o: AssignmentOptions = { ...opts, available: (u) => !away.has(u), nameOf: (u) => u.toUpperCase() };
    const rules = [
      rule('named', { kind: 'user', userId: 'x' }, { field: 'source', op: 'eq', value: 'web' }),
      rule('rr', { kind: 'roundRobin', userIds: ['a', 'b', 'c'] }, { field: 'source', op: 'in', value: ['web', 'api'] }),
      rule('lb', { kind: 'loadBalanced', members: [{ userId: 'b', weight: 5, cap: null, onLeave: false }] }),
    ];
    // x is away → falls through to round-robin; b is passed over, the cursor moves past c
    const { results, nextState } = assignBatch(rules, [{ source: 'web' }, { source: 'api' }, { source: 'api' }], { roundRobinCursor: { rr: 1 }, openLeads: {} }, o);
    expect(results.map(userOf)).toEqual(['c', 'a', 'c']);
    expect(nextState.roundRobinCursor.rr).toBe(0);
    expect(results[0].reason.zh).toContain('→ C');
    // only b in the load-balanced team and b is away → fallback pool
    expect(assignLead(rules, { source: 'import' }, empty(), o).assignee).toEqual({ kind: 'pool', poolId: 'pool-1' });
    // everyone in round-robin away → falls through
    expect(assignLead([rule('rr', { kind: 'roundRobin', userIds: ['b', 'x'] })], {}, empty(), o).ruleId).toBeNull();
    const d = assignLead([], {}, empty(), { ...o, defaultAssignee: { kind: 'user', userId: 'x' } });
    expect(d.assignee).toBeNull();
    expect(d.reason.en).toContain('default owner X is unavailable');
  });

  it('an invalid rule condition never matches and does not throw', () => {
    const rules = [rule('bad', { kind: 'user', userId: 'x' }, { field: 'custom.deleted', op: 'eq', value: 1 })];
    expect(assignLead(rules, {}, empty(), opts).ruleId).toBeNull();
  });
});

describe('explain', () => {
  it('names the failing top-level AND conditions and the outcome', () => {
    const rules = [
      rule('east', { kind: 'user', userId: 'alice' }, {
        and: [
          { field: 'source', op: 'eq', value: 'web' },
          { field: 'region', op: 'eq', value: '浙江' },
          { field: 'custom.budget', op: 'gte', value: 10000 },
        ],
      }),
      rule('off', { kind: 'user', userId: 'x' }, null, false),
      rule('bad', { kind: 'user', userId: 'x' }, { field: 'nope', op: 'eq', value: 1 }),
      rule('full', { kind: 'loadBalanced', members: [{ userId: 'c', weight: 1, cap: 0, onLeave: false }] }),
      rule('all', { kind: 'roundRobin', userIds: ['b'] }),
    ];
    const { rules: ex, outcome } = explain(rules, { source: 'web', region: '江苏', custom: { budget: 500 } }, opts);
    expect(ex[0]).toMatchObject({ matched: false, failed: [{ index: 1 }, { index: 2 }] });
    expect(ex[0].reason.en).toContain('region eq "浙江"');
    expect(ex[0].reason.en).toContain('custom.budget gte 10000');
    expect(ex[1]).toMatchObject({ matched: false, reason: { en: 'Rule is disabled' } });
    expect(ex[2].matched).toBe(false);
    expect(ex[2].reason.en).toContain('Invalid condition');
    expect(ex[3].matched).toBe(true);
    expect(ex[3].reason.en).toContain('falls through');
    expect(ex[4]).toMatchObject({ matched: true, reason: { en: 'Condition met' } });
    expect(outcome).toMatchObject({ ruleId: 'all', assignee: { kind: 'user', userId: 'b' } });
  });
});

describe('properties', () => {
  const leadArb = fc.record({ source: fc.constantFrom('web', 'api', 'import') });

  it('round-robin over N users for M leads: counts differ by at most 1', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 200 }), fc.nat(50), (n, m, cursor) => {
      const ids = users(n);
      const { results } = assignBatch([rule('rr', { kind: 'roundRobin', userIds: ids })], Array(m).fill({}), { roundRobinCursor: { rr: cursor }, openLeads: {} }, opts);
      return spread(counts(results.map(userOf)), ids) <= 1;
    }));
  });

  it('load-balanced with equal weights and no caps stays within 1', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 200 }), fc.double({ min: 0.1, max: 10, noNaN: true }), (n, m, w) => {
      const ids = users(n);
      const members = ids.map((userId) => ({ userId, weight: w, cap: null, onLeave: false }));
      const { nextState } = assignBatch([rule('lb', { kind: 'loadBalanced', members })], Array(m).fill({}), empty(), opts);
      return spread(nextState.openLeads, ids) <= 1;
    }));
  });

  const memberArb = (i: number) => fc.record({
    userId: fc.constant<string>(`u${i}`),
    weight: fc.integer({ min: 1, max: 5 }),
    cap: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
    onLeave: fc.boolean(),
  });
  const teamArb = fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => memberArb(i))));

  it('caps are never exceeded and on-leave members get nothing', () => {
    fc.assert(fc.property(teamArb, fc.integer({ min: 0, max: 150 }), (members, m) => {
      const start: AssignmentState = { roundRobinCursor: {}, openLeads: Object.fromEntries(members.map((x) => [x.userId, Math.min(x.cap ?? 3, 3)])) };
      const rules = [rule('lb', { kind: 'loadBalanced', members })];
      const { nextState, results } = assignBatch(rules, Array(m).fill({}), start, opts);
      const onLeave = new Set(members.filter((x) => x.onLeave).map((x) => x.userId));
      return members.every((x) => x.cap === null || nextState.openLeads[x.userId] <= x.cap) && results.every((r) => !onLeave.has(userOf(r) ?? ''));
    }));
  });

  it('round-robin with some members away: nobody away is picked and the others stay within 1', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 120 }), fc.nat(20), (n, awayFlags, m, cursor) => {
      const ids = users(n);
      const available = (u: string) => !awayFlags[Number(u.slice(1))];
      const { results } = assignBatch([rule('rr', { kind: 'roundRobin', userIds: ids })], Array(m).fill({}), { roundRobinCursor: { rr: cursor }, openLeads: {} }, { ...opts, available });
      const here = ids.filter(available);
      const got = results.map(userOf);
      if (!here.length) return got.every((u) => u === null);
      return got.every((u) => u !== null && available(u)) && spread(counts(got), here) <= 1;
    }));
  });

  it('batch assignment equals sequential single assignment', () => {
    fc.assert(fc.property(teamArb, fc.array(leadArb, { maxLength: 60 }), fc.integer({ min: 1, max: 5 }), (members, leads, n) => {
      const rules = [
        rule('web-lb', { kind: 'loadBalanced', members }, { field: 'source', op: 'eq', value: 'web' }),
        rule('api-rr', { kind: 'roundRobin', userIds: users(n) }, { field: 'source', op: 'in', value: ['api', 'web'] }),
        rule('boss', { kind: 'user', userId: 'boss' }, { field: 'source', op: 'eq', value: 'import' }, leads.length % 2 === 0),
      ];
      const batch = assignBatch(rules, leads, empty(), opts);
      let state = empty();
      const seq = leads.map((lead) => {
        const { nextState, ...a } = assignLead(rules, lead, state, opts);
        state = nextState;
        return a;
      });
      expect(batch.results).toEqual(seq);
      expect(batch.nextState).toEqual(state);
    }));
  });
});
