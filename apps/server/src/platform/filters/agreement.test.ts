// Property: for random tables and random filter trees, the rows PostgreSQL
// selects with compileFilter are exactly the rows the in-memory evaluator
// accepts. Runs on PGlite always, and on a real server when TEST_DATABASE_URL
// is set. Replay a failure with FC_SEED=<seed> (fast-check prints the seed
// and the shrunk counterexample).
import { PGlite } from '@electric-sql/pglite';
import { OPS_BY_KIND, toFilterPredicate, type FilterContext, type FilterNode, type FilterOp, type RelativeDate } from '@loopline/shared';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFilter } from './compile.ts';
import { createFixtureTable, FIXTURE_TABLE, fixtureCatalog as catalog, insertFixtureRows, matchingIds, type Exec, type FixtureRow } from './testFixture.ts';

// ------------------------------------------------------------- generators

const DAY = 86_400_000;
const QUARTER_HOUR = 900_000;
// Month/year ends, leap day and the DST switch days of New York and Auckland.
const ANCHORS = ['2024-02-29', '2024-03-31', '2024-12-31', '2025-03-09', '2025-04-06', '2025-06-30', '2025-09-28', '2025-11-02', '2025-12-31', '2026-01-01'];
const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Pacific/Auckland', 'Asia/Kolkata', 'Europe/London'];
// LIKE metacharacters, quotes, ASCII case pairs, non-ASCII case pairs, CJK,
// an astral character and a high-BMP one (they order differently in UTF-16).
const CHARS = ['a', 'A', 'b', 'B', 'z', '%', '_', '\\', "'", ' ', '0', '中', '文', 'é', 'É', '😀', 'Ｚ'];
const SELECT_OPTIONS = ['won', 'lost', 'open', 'Won', ''];
const TAGS = ['a', 'b', 'c', 'A', '中'];
const USERS = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', 'aaaaaaaa-0000-4000-8000-00000000000a'];
const FIELDS = Object.keys(catalog);

const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 5 });
const textArb = fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 5 });
const needleArb = fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 2 });
const numberArb = fc.oneof(
  fc.integer({ min: -20, max: 20 }),
  fc.constantFrom(0, -0, 0.1, 0.2, 0.30000000000000004, 1.5, -2.25, 1e-7, 1e21, 123456.789),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
);
const tagsArb = fc.array(fc.constantFrom(...TAGS), { maxLength: 4 });
const iso = (ms: number) => new Date(ms).toISOString();
const day = (base: number, offset: number) => iso(base + offset * DAY).slice(0, 10);

/** Values are generated around `base` (an anchor's UTC midnight) so relative dates hit data. */
function arbs(base: number) {
  const dateArb = fc.integer({ min: -100, max: 100 }).map((d) => day(base, d));
  const instantArb = fc.oneof(
    // quarter-hour grid: hits local midnights of every zone above exactly
    fc.integer({ min: -100 * 96, max: 100 * 96 }).map((k) => base + k * QUARTER_HOUR),
    fc.integer({ min: -100 * DAY, max: 100 * DAY }).map((ms) => base + ms),
  );
  const relativeArb: fc.Arbitrary<RelativeDate> = fc.oneof(
    fc
      .constantFrom(
        'today', 'yesterday', 'tomorrow', 'thisWeek', 'lastWeek', 'nextWeek', 'thisMonth', 'lastMonth', 'nextMonth',
        'thisQuarter', 'lastQuarter', 'nextQuarter', 'thisYear', 'lastYear', 'nextYear',
      )
      .map((relative) => ({ relative })),
    fc.record({ relative: fc.constantFrom('lastNDays', 'nextNDays'), n: fc.integer({ min: 1, max: 60 }) }),
  );
  const datetimeValueArb = fc.oneof(
    instantArb.map(iso), // instant
    dateArb, // whole local day
    instantArb.map((ms) => iso(ms).slice(0, 16)), // offset-less wall time in ctx.timeZone
    relativeArb,
  );

  const rowArb: fc.Arbitrary<Omit<FixtureRow, 'id'>> = fc.record({
    name: nullable(textArb),
    status: nullable(fc.constantFrom(...SELECT_OPTIONS)),
    amount: nullable(numberArb),
    score: nullable(numberArb),
    closeDate: nullable(dateArb),
    createdAt: nullable(instantArb.map(iso)),
    vip: nullable(fc.boolean()),
    ownerId: nullable(fc.constantFrom(...USERS)),
    tags: nullable(tagsArb),
    // keys may be missing or JSON null inside the jsonb document
    custom: nullable(fc.record({ budget: nullable(numberArb), region: nullable(textArb), labels: nullable(tagsArb) }, { requiredKeys: [] })),
  });

  const valueArb = (field: string, op: FilterOp): fc.Arbitrary<unknown> => {
    const kind = catalog[field].kind;
    const list = <T>(a: fc.Arbitrary<T>) => fc.array(a, { maxLength: 3 });
    if (op === 'isEmpty' || op === 'isNotEmpty') return fc.constant(undefined);
    switch (kind) {
      case 'text':
        if (op === 'in' || op === 'notIn') return list(textArb);
        return op === 'contains' || op === 'notContains' || op === 'startsWith' ? needleArb : textArb;
      case 'select':
        return op === 'in' || op === 'notIn' ? list(fc.constantFrom(...SELECT_OPTIONS)) : fc.constantFrom(...SELECT_OPTIONS);
      case 'uuid': {
        const one = fc.constantFrom(...USERS, '$me', USERS[1].toUpperCase());
        return op === 'in' || op === 'notIn' ? list(one) : one;
      }
      case 'number': {
        const one = fc.oneof(numberArb, numberArb.map(String)); // pg-style numeric strings too
        if (op === 'in' || op === 'notIn') return list(one);
        return op === 'between' ? fc.tuple(one, one) : one;
      }
      case 'boolean':
        return fc.boolean();
      case 'multiselect':
        return op === 'contains' || op === 'notContains' ? fc.constantFrom(...TAGS) : tagsArb;
      case 'date':
      case 'datetime': {
        const one = kind === 'date' ? fc.oneof(dateArb, relativeArb) : datetimeValueArb;
        return op === 'between' ? fc.oneof(relativeArb, fc.tuple(one, one)) : one;
      }
    }
  };

  const leafArb: fc.Arbitrary<FilterNode> = fc
    .constantFrom(...FIELDS)
    .chain((field) => fc.constantFrom(...OPS_BY_KIND[catalog[field].kind]).map((op) => ({ field, op })))
    .chain(({ field, op }) => valueArb(field, op).map((value) => (value === undefined ? { field, op } : ({ field, op, value } as FilterNode))));

  const { node } = fc.letrec<{ node: FilterNode; and: FilterNode; or: FilterNode; not: FilterNode }>((tie) => ({
    node: fc.oneof({ maxDepth: 3, depthIdentifier: 'filter' }, leafArb, tie('and'), tie('or'), tie('not')),
    and: fc.array(tie('node'), { maxLength: 3 }).map((and) => ({ and })),
    or: fc.array(tie('node'), { maxLength: 3 }).map((or) => ({ or })),
    not: tie('node').map((n) => ({ not: n })),
  }));

  const ctxArb: fc.Arbitrary<FilterContext> = fc.record({
    now: fc.integer({ min: -3 * 1440, max: 3 * 1440 }).map((min) => new Date(base + min * 60_000)),
    timeZone: fc.constantFrom(...ZONES),
    weekStartsOn: fc.constantFrom(0 as const, 1 as const),
    userId: fc.constant(USERS[0]),
  });

  return { rowArb, filterArb: node, ctxArb };
}

/** Everything at once: all fields and ops, nested trees, relative dates. */
const anyCaseArb: fc.Arbitrary<Case> = fc.constantFrom(...ANCHORS).chain((anchor) => {
  const { rowArb, filterArb, ctxArb } = arbs(Date.parse(`${anchor}T00:00:00Z`));
  return fc.record({
    ctx: ctxArb,
    rows: fc.array(rowArb, { maxLength: 15 }).map((rs) => rs.map((r, i): FixtureRow => ({ id: i + 1, ...r }))),
    filters: fc.array(filterArb, { minLength: 1, maxLength: 4 }),
  });
});

/**
 * Text only, with a dense alphabet of troublemakers, so that rare pairs
 * (É vs é, U+FF3A vs an astral character, LIKE metacharacters) meet often.
 */
const TEXT_CHARS = ['a', 'A', 'b', 'é', 'É', 'ß', 'ı', 'İ', '%', '_', '\\', '中', '😀', 'Ｚ', '\uE000'];
const trickyText = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...TEXT_CHARS), minLength: min, maxLength: max });
const textLeafArb: fc.Arbitrary<FilterNode> = fc
  .record({ field: fc.constantFrom('name', 'custom.region'), op: fc.constantFrom(...OPS_BY_KIND.text) })
  .chain(({ field, op }): fc.Arbitrary<FilterNode> => {
    if (op === 'isEmpty' || op === 'isNotEmpty') return fc.constant({ field, op });
    if (op === 'in' || op === 'notIn') return fc.array(trickyText(0, 3), { maxLength: 3 }).map((value) => ({ field, op, value }));
    const value = op === 'contains' || op === 'notContains' || op === 'startsWith' ? trickyText(1, 2) : trickyText(0, 3);
    return value.map((v) => ({ field, op, value: v }));
  });
const textCaseArb: fc.Arbitrary<Case> = fc.record({
  ctx: fc.constant({ timeZone: 'UTC' }),
  rows: fc
    .array(fc.record({ name: nullable(trickyText(0, 4)), custom: fc.record({ region: nullable(trickyText(0, 4)) }) }), { maxLength: 12 })
    .map((rs) => rs.map((r, i): FixtureRow => ({ id: i + 1, ...r }))),
  filters: fc.array(fc.oneof(textLeafArb, textLeafArb.map((n) => ({ not: n }))), { minLength: 1, maxLength: 4 }),
});

// ---------------------------------------------------------------- property

interface Case {
  ctx: FilterContext;
  rows: FixtureRow[];
  filters: FilterNode[];
}

async function checkAgreement(exec: Exec, cases: fc.Arbitrary<Case>, numRuns: number) {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : Date.now() % 2 ** 31;
  const stats = { filters: 0, nonTrivial: 0 };
  await fc.assert(
    fc.asyncProperty(cases, async ({ ctx, rows, filters }) => {
      await exec(sql`delete from ${FIXTURE_TABLE}`);
      await insertFixtureRows(exec, rows);
      for (const filter of filters) {
        const where = compileFilter(filter, catalog, ctx);
        const inSql = await matchingIds(exec, where);
        const inMemory = rows.filter(toFilterPredicate(filter, catalog, ctx)).map((r) => r.id);
        expect(inSql, `filter ${JSON.stringify(filter)} ctx ${JSON.stringify(ctx)}`).toEqual(inMemory);
        stats.filters++;
        if (inMemory.length > 0 && inMemory.length < rows.length) stats.nonTrivial++;
      }
    }),
    { numRuns, seed },
  );
  // Guard against a vacuous pass (e.g. generators that never match anything).
  expect(stats.nonTrivial / stats.filters).toBeGreaterThan(0.15);
}

describe('SQL and in-memory filters agree', () => {
  describe('on PGlite', () => {
    let db: PGlite;
    let exec: Exec;
    beforeAll(async () => {
      db = new PGlite();
      const orm = drizzlePglite(db);
      exec = (q) => orm.execute(q);
      await createFixtureTable(exec);
    });
    afterAll(() => db.close());

    it('for random rows, filters, now and time zones', async () => {
      await checkAgreement(exec, anyCaseArb, 300);
    });
    it('for text search and ordering', async () => {
      await checkAgreement(exec, textCaseArb, 200);
    });
  });

  describe.runIf(process.env.TEST_DATABASE_URL)('on PostgreSQL (TEST_DATABASE_URL)', () => {
    // One client = one session, so the temp table is private and vanishes on disconnect.
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    let exec: Exec;
    beforeAll(async () => {
      await client.connect();
      const orm = drizzleNodePg(client);
      exec = (q) => orm.execute(q);
      await createFixtureTable(exec);
    });
    afterAll(async () => {
      await exec(sql`drop table if exists ${FIXTURE_TABLE}`);
      await client.end();
    });

    it('for random rows, filters, now and time zones', async () => {
      await checkAgreement(exec, anyCaseArb, 200);
    });
    it('for text search and ordering', async () => {
      await checkAgreement(exec, textCaseArb, 200);
    });
  });
});
