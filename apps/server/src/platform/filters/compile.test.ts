import { PGlite } from '@electric-sql/pglite';
import { FilterError, evaluateFilter, type FilterContext, type FilterNode } from '@loopline/shared';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileFilter, compileSort, escapeLike } from './compile.ts';
import { createFixtureTable, FIXTURE_TABLE, fixtureCatalog as catalog, insertFixtureRows, matchingIds, type Exec, type FixtureRow } from './testFixture.ts';

const dialect = new PgDialect();
const render = (q: SQL) => dialect.sqlToQuery(q);
const ME = '11111111-1111-4111-8111-111111111111';
const ctx: FilterContext = { now: new Date('2025-03-09T15:00:00Z'), timeZone: 'America/New_York', userId: ME };

describe('compiled SQL', () => {
  it('is parameterised: values never reach the SQL text', () => {
    const evil = `x'); drop table users; --`;
    const q = render(
      compileFilter({ or: [{ field: 'name', op: 'eq', value: evil }, { field: 'name', op: 'contains', value: evil }, { field: 'tags', op: 'in', value: [evil] }] }, catalog),
    );
    expect(q.sql).not.toContain('drop table');
    expect(q.params).toEqual([evil, `%${evil}%`, JSON.stringify([evil])]);
  });

  it('maps ops to the documented SQL', () => {
    const s = (f: FilterNode) => render(compileFilter(f, catalog, ctx)).sql;
    expect(s({ field: 'status', op: 'neq', value: 'won' })).toBe('(("status") is distinct from $1)');
    expect(s({ field: 'amount', op: 'gt', value: 5 })).toBe('(("amount") > $1::numeric)');
    expect(s({ field: 'name', op: 'lt', value: 'm' })).toBe('(("name") collate "C" < $1)');
    expect(s({ field: 'name', op: 'startsWith', value: 'a' })).toBe(`(("name") collate "C" ilike $1 escape E'\\\\')`);
    expect(s({ field: 'name', op: 'notContains', value: 'a' })).toBe(`(not coalesce((("name") collate "C" ilike $1 escape E'\\\\'), false))`);
    expect(s({ not: { field: 'vip', op: 'eq', value: true } })).toBe('(not coalesce((("vip") = $1), false))');
    expect(s({ field: 'createdAt', op: 'eq', value: { relative: 'today' } })).toBe('(("created_at") >= $1::timestamptz and ("created_at") < $2::timestamptz)');
    expect(s({ and: [] })).toBe('true');
    expect(s({ or: [] })).toBe('false');
    expect(s({ field: 'status', op: 'in', value: [] })).toBe('false');
  });

  it('resolves relative dates and $me into parameters', () => {
    // 2025-03-09 is the 23-hour spring-forward day in New York
    expect(render(compileFilter({ field: 'createdAt', op: 'eq', value: { relative: 'today' } }, catalog, ctx)).params).toEqual([
      '2025-03-09T05:00:00.000Z',
      '2025-03-10T04:00:00.000Z',
    ]);
    expect(render(compileFilter({ field: 'closeDate', op: 'eq', value: { relative: 'lastNDays', n: 7 } }, catalog, ctx)).params).toEqual([
      '2025-03-03',
      '2025-03-10',
    ]);
    expect(render(compileFilter({ field: 'ownerId', op: 'eq', value: '$me' }, catalog, ctx)).params).toEqual([ME]);
  });

  it('escapes LIKE metacharacters', () => {
    expect(escapeLike('50%')).toBe('50\\%');
    expect(escapeLike('a_b')).toBe('a\\_b');
    expect(escapeLike('C:\\x')).toBe('C:\\\\x');
  });

  it('throws FilterError for bad input', () => {
    expect(() => compileFilter({ field: 'password', op: 'eq', value: 'x' }, catalog)).toThrow(FilterError);
    expect(() => compileFilter({ field: 'vip', op: 'contains', value: 'x' }, catalog)).toThrow(FilterError);
    expect(() => compileFilter({ field: 'amount', op: 'eq', value: 'ten' }, catalog)).toThrow(FilterError);
  });
});

describe('compileSort', () => {
  it('renders nulls-last fragments', () => {
    const parts = compileSort([{ field: 'amount', dir: 'desc' }, { field: 'custom.budget', dir: 'asc' }], catalog);
    expect(parts.map((p) => render(p).sql)).toEqual(['"amount" desc nulls last', `("custom"->>'budget')::numeric asc nulls last`]);
    expect(compileSort([], catalog)).toEqual([]);
  });
  it('rejects unknown fields, multiselect and bad directions', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as FilterError).code;
      }
    };
    expect(code(() => compileSort([{ field: 'nope', dir: 'asc' }], catalog))).toBe('unknown_field');
    expect(code(() => compileSort([{ field: 'toString', dir: 'asc' }], catalog))).toBe('unknown_field');
    expect(code(() => compileSort([{ field: 'tags', dir: 'asc' }], catalog))).toBe('invalid_op');
    expect(code(() => compileSort([{ field: 'amount', dir: 'up' as 'asc' }], catalog))).toBe('invalid_filter');
  });
});

describe('against PGlite', () => {
  let pg: PGlite;
  let exec: Exec;
  beforeAll(async () => {
    pg = new PGlite();
    const db = drizzle(pg);
    exec = (q) => db.execute(q);
    await createFixtureTable(exec);
  });
  afterAll(async () => {
    await pg.close();
  });
  beforeEach(async () => {
    await exec(sql`delete from ${FIXTURE_TABLE}`);
  });

  /** Runs the filter in SQL and in memory; both must give `expected`. */
  const check = async (rows: FixtureRow[], filter: FilterNode, expected: number[], c: FilterContext = ctx) => {
    await exec(sql`delete from ${FIXTURE_TABLE}`);
    await insertFixtureRows(exec, rows);
    expect(await matchingIds(exec, compileFilter(filter, catalog, c))).toEqual(expected);
    expect(rows.filter((r) => evaluateFilter(filter, r, catalog, c)).map((r) => r.id)).toEqual(expected);
  };

  it('a search for 50% or a_b or a backslash is literal', async () => {
    const rows = [
      { id: 1, name: '50% off' },
      { id: 2, name: '500 off' },
      { id: 3, name: 'a_b' },
      { id: 4, name: 'axb' },
      { id: 5, name: 'C:\\Dir' },
      { id: 6, name: 'C:Dir' },
      { id: 7, name: null },
    ];
    await check(rows, { field: 'name', op: 'contains', value: '50%' }, [1]);
    await check(rows, { field: 'name', op: 'contains', value: 'A_B' }, [3]);
    await check(rows, { field: 'name', op: 'contains', value: ':\\d' }, [5]);
    await check(rows, { field: 'name', op: 'startsWith', value: '%' }, []);
    await check(rows, { field: 'name', op: 'notContains', value: '_' }, [1, 2, 4, 5, 6, 7]);
  });

  it('case-insensitivity is ASCII-only on every server locale', async () => {
    const rows = [
      { id: 1, name: 'Émile ACME' },
      { id: 2, name: 'émile acme' },
    ];
    await check(rows, { field: 'name', op: 'contains', value: 'acme' }, [1, 2]);
    await check(rows, { field: 'name', op: 'contains', value: 'émile' }, [2]);
  });

  it('text order is code-point order', async () => {
    const rows = [
      { id: 1, name: 'Ｚ' }, // U+FF3A
      { id: 2, name: '😀' }, // U+1F600
      { id: 3, name: 'b' },
      { id: 4, name: 'B' },
    ];
    await check(rows, { field: 'name', op: 'gt', value: 'Ｚ' }, [2]);
    await check(rows, { field: 'name', op: 'lt', value: 'b' }, [4]);
  });

  it('null handling for neq / notIn / not', async () => {
    const rows = [{ id: 1, status: 'won' }, { id: 2, status: 'lost' }, { id: 3 }];
    await check(rows, { field: 'status', op: 'neq', value: 'won' }, [2, 3]);
    await check(rows, { field: 'status', op: 'notIn', value: ['won', 'lost'] }, [3]);
    await check(rows, { not: { field: 'status', op: 'in', value: ['won'] } }, [2, 3]);
    await check(rows, { not: { or: [{ field: 'status', op: 'eq', value: 'won' }, { field: 'amount', op: 'gt', value: 1 }] } }, [2, 3]);
  });

  it('multiselect, including jsonb null and missing custom keys', async () => {
    const rows: FixtureRow[] = [
      { id: 1, tags: ['a', 'b'], custom: { labels: ['x'] } },
      { id: 2, tags: ['b', 'a', 'a'], custom: { labels: null } },
      { id: 3, tags: [], custom: {} },
      { id: 4, tags: null, custom: null },
    ];
    await check(rows, { field: 'tags', op: 'eq', value: ['a', 'b'] }, [1, 2]);
    await check(rows, { field: 'tags', op: 'notIn', value: ['a'] }, [3, 4]);
    await check(rows, { field: 'tags', op: 'isEmpty' }, [3, 4]);
    await check(rows, { field: 'custom.labels', op: 'isEmpty' }, [2, 3, 4]);
    await check(rows, { field: 'custom.labels', op: 'notContains', value: 'x' }, [2, 3, 4]);
  });

  it('numbers from numeric, double precision and jsonb', async () => {
    const rows: FixtureRow[] = [
      { id: 1, amount: 0.1, score: 0.1, custom: { budget: 0.1 } },
      { id: 2, amount: -2.5, score: -2.5, custom: { budget: -2.5 } },
      { id: 3, amount: 1e21, score: 1e21, custom: { budget: 1e21 } },
    ];
    for (const field of ['amount', 'score', 'custom.budget']) {
      await check(rows, { field, op: 'eq', value: 0.1 }, [1]);
      await check(rows, { field, op: 'between', value: [-2.5, '0.1'] }, [1, 2]);
      await check(rows, { field, op: 'gt', value: 1e20 }, [3]);
    }
  });

  it('datetimes on a DST day and $me', async () => {
    const rows: FixtureRow[] = [
      { id: 1, createdAt: '2025-03-09T04:59:59.999Z', ownerId: ME },
      { id: 2, createdAt: '2025-03-09T05:00:00Z' },
      { id: 3, createdAt: '2025-03-10T03:59:59.999Z', ownerId: '22222222-2222-4222-8222-222222222222' },
      { id: 4, createdAt: '2025-03-10T04:00:00Z' },
    ];
    await check(rows, { field: 'createdAt', op: 'eq', value: { relative: 'today' } }, [2, 3]);
    await check(rows, { field: 'createdAt', op: 'eq', value: '2025-03-09' }, [2, 3]);
    await check(rows, { field: 'createdAt', op: 'gt', value: { relative: 'yesterday' } }, [2, 3, 4]);
    await check(rows, { field: 'ownerId', op: 'eq', value: '$me' }, [1]);
    await check(rows, { field: 'ownerId', op: 'neq', value: '$me' }, [2, 3, 4]);
  });

  it('sort fragments run', async () => {
    await insertFixtureRows(exec, [{ id: 1, amount: 5 }, { id: 2 }, { id: 3, amount: 7 }]);
    const res = await exec(sql`select id from ${FIXTURE_TABLE} order by ${sql.join(compileSort([{ field: 'amount', dir: 'desc' }], catalog), sql`, `)}`);
    expect(res.rows.map((r) => r.id)).toEqual([3, 1, 2]);
  });
});
