import { describe, expect, it } from 'vitest';
import { FilterError, filterNodeSchema, parseFilter, type FieldCatalog, type FilterContext, type FilterNode } from './types.ts';
import { compareCodePoints, evaluateFilter, toFilterPredicate } from './evaluate.ts';

const ME = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

const catalog: FieldCatalog = {
  name: { kind: 'text' },
  amount: { kind: 'number' },
  closeDate: { kind: 'date' },
  createdAt: { kind: 'datetime' },
  vip: { kind: 'boolean' },
  status: { kind: 'select' },
  tags: { kind: 'multiselect' },
  ownerId: { kind: 'uuid' },
  'custom.budget': { kind: 'number' },
  'custom.region': { kind: 'text' },
};
const ctx: FilterContext = { now: new Date('2025-03-15T04:00:00Z'), timeZone: 'Asia/Shanghai', userId: ME };

const matches = (filter: FilterNode, record: object, c: FilterContext = ctx) => evaluateFilter(filter, record, catalog, c);
const err = (filter: unknown, c: FilterContext = ctx): FilterError => {
  try {
    evaluateFilter(filter as FilterNode, {}, catalog, c);
  } catch (e) {
    expect(e).toBeInstanceOf(FilterError);
    return e as FilterError;
  }
  throw new Error('expected a FilterError');
};
/** Which of the named records match. */
const which = (filter: FilterNode, records: Record<string, object>) => {
  const p = toFilterPredicate(filter, catalog, ctx);
  return Object.keys(records).filter((k) => p(records[k]));
};

describe('groups', () => {
  it('empty and is true, empty or is false, not negates', () => {
    expect(matches({ and: [] }, {})).toBe(true);
    expect(matches({ or: [] }, {})).toBe(false);
    expect(matches({ not: { and: [] } }, {})).toBe(false);
    expect(matches({ not: { field: 'amount', op: 'gt', value: 5 } }, { amount: null })).toBe(true);
    expect(matches({ and: [{ field: 'vip', op: 'eq', value: true }, { or: [{ field: 'amount', op: 'gt', value: 1 }] }] }, { vip: true, amount: 2 })).toBe(
      true,
    );
  });
});

describe('null semantics', () => {
  const rows = { missing: {}, nul: { status: null }, won: { status: 'won' }, lost: { status: 'lost' } };
  it('positive comparisons are false on null, negative ones true', () => {
    expect(which({ field: 'status', op: 'eq', value: 'won' }, rows)).toEqual(['won']);
    expect(which({ field: 'status', op: 'neq', value: 'won' }, rows)).toEqual(['missing', 'nul', 'lost']);
    expect(which({ field: 'status', op: 'in', value: ['won', 'lost'] }, rows)).toEqual(['won', 'lost']);
    expect(which({ field: 'status', op: 'notIn', value: ['won'] }, rows)).toEqual(['missing', 'nul', 'lost']);
    expect(which({ field: 'status', op: 'isEmpty' }, rows)).toEqual(['missing', 'nul']);
    expect(which({ field: 'status', op: 'isNotEmpty' }, rows)).toEqual(['won', 'lost']);
    expect(which({ not: { field: 'status', op: 'eq', value: 'won' } }, rows)).toEqual(['missing', 'nul', 'lost']);
  });
  it('in [] matches nothing, notIn [] everything', () => {
    expect(which({ field: 'status', op: 'in', value: [] }, rows)).toEqual([]);
    expect(which({ field: 'status', op: 'notIn', value: [] }, rows)).toEqual(Object.keys(rows));
  });
});

describe('text', () => {
  const rows = { pct: { name: '50% off' }, fifty: { name: '500 off' }, ab: { name: 'a_b' }, axb: { name: 'axb' }, bs: { name: 'C:\\dir' }, cn: { name: '北京分公司' }, upper: { name: 'ACME Ltd' }, accent: { name: 'Émile' }, empty: { name: '' }, none: {} };
  it('eq is exact and case-sensitive', () => {
    expect(which({ field: 'name', op: 'eq', value: 'acme ltd' }, rows)).toEqual([]);
    expect(which({ field: 'name', op: 'eq', value: 'ACME Ltd' }, rows)).toEqual(['upper']);
  });
  it('contains/startsWith are literal (no wildcards) and ASCII case-insensitive', () => {
    expect(which({ field: 'name', op: 'contains', value: '50%' }, rows)).toEqual(['pct']);
    expect(which({ field: 'name', op: 'contains', value: 'a_b' }, rows)).toEqual(['ab']);
    expect(which({ field: 'name', op: 'contains', value: '\\d' }, rows)).toEqual(['bs']);
    expect(which({ field: 'name', op: 'contains', value: 'acme' }, rows)).toEqual(['upper']);
    expect(which({ field: 'name', op: 'contains', value: '分公司' }, rows)).toEqual(['cn']);
    expect(which({ field: 'name', op: 'startsWith', value: '北京' }, rows)).toEqual(['cn']);
    expect(which({ field: 'name', op: 'startsWith', value: 'ac' }, rows)).toEqual(['upper']);
    // only A-Z fold (locale-independent, like ILIKE under COLLATE "C")
    expect(which({ field: 'name', op: 'contains', value: 'émile' }, rows)).toEqual([]);
    expect(which({ field: 'name', op: 'contains', value: '' }, rows)).toHaveLength(9);
  });
  it('notContains includes null', () => {
    expect(which({ field: 'name', op: 'notContains', value: 'o' }, rows)).toEqual(['ab', 'axb', 'bs', 'cn', 'upper', 'accent', 'empty', 'none']);
  });
  it('isEmpty covers null, missing and the empty string', () => {
    expect(which({ field: 'name', op: 'isEmpty' }, rows)).toEqual(['empty', 'none']);
  });
  it('gt/lt use code-point order (= COLLATE "C")', () => {
    expect(which({ field: 'name', op: 'lt', value: 'B' }, rows)).toEqual(['pct', 'fifty', 'upper', 'empty']); // digits < upper < lower
    expect(compareCodePoints('\uFF21', '😀')).toBeLessThan(0); // JS '<' says the opposite
    expect('\uFF21' < '😀').toBe(false);
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
    expect(compareCodePoints('😀', '😁')).toBeLessThan(0);
  });
  it('reads dotted custom fields', () => {
    expect(matches({ field: 'custom.region', op: 'eq', value: '华东' }, { custom: { region: '华东' } })).toBe(true);
    expect(matches({ field: 'custom.region', op: 'isEmpty' }, { custom: null })).toBe(true);
    expect(matches({ field: 'custom.region', op: 'isEmpty' }, {})).toBe(true);
  });
});

describe('number', () => {
  const rows = { neg: { amount: -2.5 }, zero: { amount: 0 }, str: { amount: '10.50' }, big: { amount: 1e6 }, none: { amount: null }, bad: { amount: 'n/a' } };
  it('compares numerically and coerces pg numeric strings', () => {
    expect(which({ field: 'amount', op: 'gt', value: 0 }, rows)).toEqual(['str', 'big']);
    expect(which({ field: 'amount', op: 'gte', value: 0 }, rows)).toEqual(['zero', 'str', 'big']);
    expect(which({ field: 'amount', op: 'lt', value: '10.5' }, rows)).toEqual(['neg', 'zero']);
    expect(which({ field: 'amount', op: 'lte', value: 10.5 }, rows)).toEqual(['neg', 'zero', 'str']);
    expect(which({ field: 'amount', op: 'eq', value: 10.5 }, rows)).toEqual(['str']);
    expect(which({ field: 'amount', op: 'between', value: [-2.5, 10.5] }, rows)).toEqual(['neg', 'zero', 'str']);
    expect(which({ field: 'amount', op: 'between', value: [5, 1] }, rows)).toEqual([]);
    expect(which({ field: 'amount', op: 'in', value: [0, 1e6] }, rows)).toEqual(['zero', 'big']);
    expect(which({ field: 'amount', op: 'isEmpty' }, rows)).toEqual(['none', 'bad']);
  });
  it('custom number fields', () => {
    expect(matches({ field: 'custom.budget', op: 'gte', value: 100 }, { custom: { budget: 100 } })).toBe(true);
  });
});

describe('select, uuid, boolean', () => {
  it('$me resolves to ctx.userId', () => {
    expect(matches({ field: 'ownerId', op: 'eq', value: '$me' }, { ownerId: ME })).toBe(true);
    expect(matches({ field: 'ownerId', op: 'in', value: ['$me', OTHER] }, { ownerId: OTHER })).toBe(true);
    expect(matches({ field: 'ownerId', op: 'neq', value: '$me' }, { ownerId: null })).toBe(true);
    expect(err({ field: 'ownerId', op: 'eq', value: '$me' }, { ...ctx, userId: null }).code).toBe('invalid_value');
  });
  it('uuids compare case-insensitively', () => {
    expect(matches({ field: 'ownerId', op: 'eq', value: ME.toUpperCase() }, { ownerId: ME })).toBe(true);
  });
  it('booleans', () => {
    expect(matches({ field: 'vip', op: 'eq', value: false }, { vip: false })).toBe(true);
    expect(matches({ field: 'vip', op: 'neq', value: true }, { vip: null })).toBe(true);
    expect(matches({ field: 'vip', op: 'isEmpty' }, {})).toBe(true);
  });
});

describe('multiselect', () => {
  const rows = { ab: { tags: ['a', 'b'] }, ba: { tags: ['b', 'a', 'a'] }, c: { tags: ['c'] }, empty: { tags: [] }, none: {} };
  it('contains / in / notIn / eq (as a set) / isEmpty', () => {
    expect(which({ field: 'tags', op: 'contains', value: 'a' }, rows)).toEqual(['ab', 'ba']);
    expect(which({ field: 'tags', op: 'notContains', value: 'a' }, rows)).toEqual(['c', 'empty', 'none']);
    expect(which({ field: 'tags', op: 'in', value: ['a', 'c'] }, rows)).toEqual(['ab', 'ba', 'c']);
    expect(which({ field: 'tags', op: 'notIn', value: ['a', 'c'] }, rows)).toEqual(['empty', 'none']);
    expect(which({ field: 'tags', op: 'eq', value: ['a', 'b'] }, rows)).toEqual(['ab', 'ba']);
    expect(which({ field: 'tags', op: 'neq', value: ['a', 'b'] }, rows)).toEqual(['c', 'empty', 'none']);
    expect(which({ field: 'tags', op: 'eq', value: [] }, rows)).toEqual(['empty']);
    expect(which({ field: 'tags', op: 'isEmpty' }, rows)).toEqual(['empty', 'none']);
  });
});

describe('dates', () => {
  // now = 2025-03-15 12:00 in Shanghai (a Saturday)
  const rows = { feb28: { closeDate: '2025-02-28' }, mar01: { closeDate: '2025-03-01' }, mar15: { closeDate: '2025-03-15' }, mar31: { closeDate: '2025-03-31' }, apr01: { closeDate: '2025-04-01' }, none: {} };
  it('absolute dates', () => {
    expect(which({ field: 'closeDate', op: 'eq', value: '2025-03-15' }, rows)).toEqual(['mar15']);
    expect(which({ field: 'closeDate', op: 'gt', value: '2025-03-15' }, rows)).toEqual(['mar31', 'apr01']);
    expect(which({ field: 'closeDate', op: 'between', value: ['2025-03-01', '2025-03-31'] }, rows)).toEqual(['mar01', 'mar15', 'mar31']);
  });
  it('relative: eq/between = within, gt = after the end, lt = before the start', () => {
    const thisMonth = { relative: 'thisMonth' } as const;
    expect(which({ field: 'closeDate', op: 'eq', value: thisMonth }, rows)).toEqual(['mar01', 'mar15', 'mar31']);
    expect(which({ field: 'closeDate', op: 'between', value: thisMonth }, rows)).toEqual(['mar01', 'mar15', 'mar31']);
    expect(which({ field: 'closeDate', op: 'neq', value: thisMonth }, rows)).toEqual(['feb28', 'apr01', 'none']);
    expect(which({ field: 'closeDate', op: 'gt', value: thisMonth }, rows)).toEqual(['apr01']);
    expect(which({ field: 'closeDate', op: 'gte', value: thisMonth }, rows)).toEqual(['mar01', 'mar15', 'mar31', 'apr01']);
    expect(which({ field: 'closeDate', op: 'lt', value: thisMonth }, rows)).toEqual(['feb28']);
    expect(which({ field: 'closeDate', op: 'lte', value: thisMonth }, rows)).toEqual(['feb28', 'mar01', 'mar15', 'mar31']);
    expect(which({ field: 'closeDate', op: 'between', value: [{ relative: 'lastMonth' }, '2025-03-01'] }, rows)).toEqual(['feb28', 'mar01']);
    expect(which({ field: 'closeDate', op: 'eq', value: { relative: 'lastNDays', n: 15 } }, rows)).toEqual(['mar01', 'mar15']);
    expect(which({ field: 'closeDate', op: 'eq', value: { relative: 'lastNDays', n: 14 } }, rows)).toEqual(['mar15']);
  });
  it('accepts Date objects (node-pg parses date as local midnight)', () => {
    expect(matches({ field: 'closeDate', op: 'eq', value: '2025-03-15' }, { closeDate: new Date(2025, 2, 15) })).toBe(true);
  });
});

describe('datetimes', () => {
  // Shanghai day 2025-03-15 = [2025-03-14T16:00Z, 2025-03-15T16:00Z)
  const rows = {
    before: { createdAt: '2025-03-14T15:59:59.999Z' },
    start: { createdAt: new Date('2025-03-14T16:00:00Z') },
    pgText: { createdAt: '2025-03-15 23:59:59.999+08' },
    end: { createdAt: '2025-03-15T16:00:00Z' },
    none: { createdAt: null },
  };
  it('relative ranges are half-open in the context time zone', () => {
    expect(which({ field: 'createdAt', op: 'eq', value: { relative: 'today' } }, rows)).toEqual(['start', 'pgText']);
    expect(which({ field: 'createdAt', op: 'gt', value: { relative: 'today' } }, rows)).toEqual(['end']);
    expect(which({ field: 'createdAt', op: 'lt', value: { relative: 'today' } }, rows)).toEqual(['before']);
    expect(which({ field: 'createdAt', op: 'neq', value: { relative: 'today' } }, rows)).toEqual(['before', 'end', 'none']);
  });
  it('a date-only value on a datetime field means that whole local day', () => {
    expect(which({ field: 'createdAt', op: 'eq', value: '2025-03-15' }, rows)).toEqual(['start', 'pgText']);
    expect(which({ field: 'createdAt', op: 'between', value: ['2025-03-14', '2025-03-15'] }, rows)).toEqual(['before', 'start', 'pgText']);
  });
  it('instants and offset-less local times', () => {
    expect(which({ field: 'createdAt', op: 'gte', value: '2025-03-15T00:00:00+08:00' }, rows)).toEqual(['start', 'pgText', 'end']);
    expect(which({ field: 'createdAt', op: 'gte', value: '2025-03-15T00:00' }, rows)).toEqual(['start', 'pgText', 'end']);
    expect(which({ field: 'createdAt', op: 'eq', value: '2025-03-14T16:00:00.000Z' }, rows)).toEqual(['start']);
  });
});

describe('errors are FilterErrors, never crashes', () => {
  it('unknown fields (including prototype keys)', () => {
    for (const field of ['nope', 'toString', '__proto__', 'constructor']) {
      const e = err({ field, op: 'eq', value: 'x' });
      expect(e.code).toBe('unknown_field');
      expect(e.field).toBe(field);
    }
  });
  it('operator not allowed for the kind', () => {
    expect(err({ field: 'vip', op: 'gt', value: true }).code).toBe('invalid_op');
    expect(err({ field: 'name', op: 'between', value: ['a', 'b'] }).code).toBe('invalid_op');
    expect(err({ field: 'status', op: 'contains', value: 'x' }).code).toBe('invalid_op');
  });
  it('value types per kind', () => {
    const bad: unknown[] = [
      { field: 'amount', op: 'eq', value: 'abc' },
      { field: 'amount', op: 'eq', value: '0x10' },
      { field: 'amount', op: 'gt', value: true },
      { field: 'amount', op: 'between', value: [1] },
      { field: 'amount', op: 'in', value: 5 },
      { field: 'amount', op: 'eq' },
      { field: 'name', op: 'eq', value: 5 },
      { field: 'vip', op: 'eq', value: 'true' },
      { field: 'ownerId', op: 'eq', value: 'not-a-uuid' },
      { field: 'closeDate', op: 'eq', value: '2025-02-30' },
      { field: 'closeDate', op: 'eq', value: '2025-03-01T00:00:00Z' },
      { field: 'createdAt', op: 'gt', value: 'yesterday' },
      { field: 'tags', op: 'contains', value: ['a'] },
      { field: 'tags', op: 'eq', value: [1] },
    ];
    for (const f of bad) expect(err(f).code, JSON.stringify(f)).toBe('invalid_value');
  });
  it('malformed trees', () => {
    expect(err(null).code).toBe('invalid_filter');
    expect(err({ and: {} }).code).toBe('invalid_filter');
    expect(err({ and: [], or: [] }).code).toBe('invalid_filter');
    expect(err({ field: 'name', op: 'like', value: 'x' }).code).toBe('invalid_filter');
    expect(err({ field: 'name', op: 'eq', value: 'x', extra: 1 }).code).toBe('invalid_filter');
    expect(err({ field: 'closeDate', op: 'eq', value: { relative: 'lastNDays' } }).code).toBe('invalid_filter');
    expect(err({ field: 'closeDate', op: 'eq', value: { relative: 'today', n: 3 } }).code).toBe('invalid_filter');
    expect(err({ field: 'amount', op: 'eq', value: Number.NaN }).code).toBe('invalid_filter');
    const e = err({ and: [{ field: 'name', op: 'eq', value: 'x' }, { or: [{ field: 'name', op: 'eq', value: {} }] }] });
    expect(e.path).toEqual(['and', 1, 'or', 0, 'value']);
  });
  it('bad context', () => {
    expect(err({ and: [] }, { timeZone: 'Mars/Olympus' }).code).toBe('invalid_value');
  });
  it('deep or huge payloads are rejected before recursion', () => {
    let deep: unknown = { field: 'name', op: 'eq', value: 'x' };
    for (let i = 0; i < 100_000; i++) deep = { not: deep };
    expect(err(deep).code).toBe('too_complex');
    expect(filterNodeSchema.safeParse(deep).success).toBe(false);
    const wide = { or: Array.from({ length: 5000 }, () => ({ field: 'name', op: 'eq', value: 'x' })) };
    expect(err(wide).code).toBe('too_complex');
  });
});

describe('zod schema', () => {
  it('accepts well-formed trees and agrees with parseFilter', () => {
    const f = { or: [{ not: { field: 'x', op: 'between', value: [{ relative: 'lastNDays', n: 7 }, '2025-01-01'] } }, { and: [] }] };
    expect(filterNodeSchema.parse(f)).toEqual(f);
    expect(parseFilter(f)).toEqual(f);
    expect(filterNodeSchema.safeParse({ field: 'x', op: 'eq', value: { a: 1 } }).success).toBe(false);
    expect(filterNodeSchema.safeParse({ field: 'x', op: 'isEmpty', value: null }).success).toBe(true);
  });
});
