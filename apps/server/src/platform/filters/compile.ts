// Compiles the shared filter language to a PostgreSQL boolean expression.
// All validation and value resolution happens in @loopline/shared's
// resolveFilter; this file only maps its primitive tests to SQL. Values always
// travel as bind parameters; column SQL comes only from the catalog.
import { sql, type SQL } from 'drizzle-orm';
import {
  FilterError,
  resolveFilter,
  sortSpecSchema,
  type FieldDef,
  type FieldKind,
  type FilterContext,
  type FilterNode,
  type ResolvedCondition,
  type ResolvedNode,
  type ResolvedValue,
  type SortSpec,
} from '@loopline/shared';

/**
 * A filterable field. `sql` must yield the PostgreSQL type matching `kind`:
 * text/select → text (cast enums with ::text), number → any numeric type,
 * date → date, datetime → timestamptz, boolean → boolean, uuid → uuid (or
 * text), multiselect → jsonb array of strings (or NULL / jsonb null).
 * Example: `{ kind: 'number', sql: sql`(${t.custom}->>'budget')::numeric` }`.
 */
export interface SqlFieldDef extends FieldDef {
  sql: SQL;
}
export type SqlFieldCatalog = Record<string, SqlFieldDef>;

/**
 * WHERE-clause expression for `filter`. Throws FilterError (→ 400) for unknown
 * fields, operators not allowed on a field's kind and badly typed values.
 */
export function compileFilter(filter: FilterNode, catalog: SqlFieldCatalog, ctx?: FilterContext): SQL {
  const { root } = resolveFilter(filter, catalog, ctx);
  return compileNode(root, catalog);
}

// Invariant: a compiled node is TRUE exactly when the in-memory evaluator
// returns true; otherwise it is FALSE *or NULL*. AND/OR preserve that, and a
// WHERE treats NULL as false, so plain (index-friendly) comparisons can be
// used. Only NOT must collapse NULL first: NOT coalesce(x, false).
function compileNode(n: ResolvedNode, catalog: SqlFieldCatalog): SQL {
  switch (n.type) {
    case 'and':
      return n.children.length ? sql`(${sql.join(n.children.map((c) => compileNode(c, catalog)), sql` and `)})` : sql`true`;
    case 'or':
      return n.children.length ? sql`(${sql.join(n.children.map((c) => compileNode(c, catalog)), sql` or `)})` : sql`false`;
    case 'not':
      return sql`(not coalesce(${compileNode(n.child, catalog)}, false))`;
    case 'cond':
      return compileCondition(n, sql`(${catalog[n.field].sql})`);
  }
}

function compileCondition(c: ResolvedCondition, e: SQL): SQL {
  if (!c.negate) return positive(c, e);
  // Negated tests are TRUE on NULL (neq / notIn / notContains), see resolve.ts.
  if (c.test.op === 'eq') return sql`(${e} is distinct from ${param(c.kind, c.test.value)})`;
  if (c.test.op === 'empty') return sql`(not ${positive(c, e)})`; // never NULL
  return sql`(not coalesce(${positive(c, e)}, false))`;
}

function positive(c: ResolvedCondition, e: SQL): SQL {
  const t = c.test;
  switch (t.op) {
    case 'eq':
      return sql`(${e} = ${param(c.kind, t.value)})`;
    case 'in':
      if (t.values.length === 0) return sql`false`;
      return sql`(${e} in (${sql.join(t.values.map((v) => param(c.kind, v)), sql`, `)}))`;
    case 'range': {
      // Text order must be code-point order to match the evaluator.
      const lhs = c.kind === 'text' ? sql`${e} collate "C"` : e;
      const parts: SQL[] = [];
      if (t.lo) parts.push(sql`${lhs} ${t.lo.inclusive ? sql`>=` : sql`>`} ${param(c.kind, t.lo.value)}`);
      if (t.hi) parts.push(sql`${lhs} ${t.hi.inclusive ? sql`<=` : sql`<`} ${param(c.kind, t.hi.value)}`);
      return parts.length ? sql`(${sql.join(parts, sql` and `)})` : sql`(${e} is not null)`;
    }
    case 'like': {
      // COLLATE "C" makes ILIKE fold ASCII only, on every server locale (see
      // asciiLower in the evaluator). E'\\' is a single backslash regardless
      // of standard_conforming_strings.
      const pattern = t.mode === 'contains' ? `%${escapeLike(t.value)}%` : `${escapeLike(t.value)}%`;
      return sql`(${e} collate "C" ilike ${pattern} escape E'\\\\')`;
    }
    case 'empty':
      if (c.kind === 'multiselect') {
        // NULL, jsonb null, [] and (malformed) non-arrays are all "empty", like the evaluator.
        return sql`(case when jsonb_typeof(${e}) = 'array' then jsonb_array_length(${e}) = 0 else true end)`;
      }
      if (c.kind === 'text' || c.kind === 'select' || c.kind === 'uuid') return sql`(${e} is null or ${e}::text = '')`;
      return sql`(${e} is null)`;
    case 'hasAny':
      // One `@>` per option: GIN-indexable with both jsonb_ops and jsonb_path_ops.
      if (t.values.length === 0) return sql`false`;
      return sql`(${sql.join(t.values.map((v) => sql`${e} @> ${JSON.stringify([v])}::jsonb`), sql` or `)})`;
    case 'sameSet': {
      const json = JSON.stringify(t.values);
      return sql`(${e} @> ${json}::jsonb and ${e} <@ ${json}::jsonb)`;
    }
  }
}

/** A bind parameter, cast where PostgreSQL could not infer a sensible type. */
function param(kind: FieldKind, v: ResolvedValue): SQL {
  switch (kind) {
    case 'number':
      return sql`${String(v)}::numeric`; // exact decimal of the JS double
    case 'date':
      return sql`${v}::date`;
    case 'datetime':
      return sql`${new Date(v as number).toISOString()}::timestamptz`;
    default:
      return sql`${v}`; // text/select/uuid/boolean: typed from the column
  }
}

/** Escapes LIKE metacharacters so '50%' or 'a_b' match literally. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/**
 * ORDER BY fragments, NULLs last in both directions:
 * `db.select().from(t).orderBy(...compileSort(sort, catalog), t.id)`.
 * Add a unique tiebreaker yourself for stable pagination.
 */
export function compileSort(sort: readonly SortSpec[], catalog: SqlFieldCatalog): SQL[] {
  const parsed = sortSpecSchema.safeParse(sort);
  if (!parsed.success) {
    throw new FilterError('invalid_filter', `invalid sort: ${parsed.error.issues[0].message}`, null, ['sort']);
  }
  return parsed.data.map(({ field, dir }, i) => {
    if (!Object.hasOwn(catalog, field)) throw new FilterError('unknown_field', `unknown sort field "${field}"`, field, ['sort', i]);
    const def = catalog[field];
    if (def.kind === 'multiselect') throw new FilterError('invalid_op', `cannot sort by multiselect field "${field}"`, field, ['sort', i]);
    return dir === 'asc' ? sql`${def.sql} asc nulls last` : sql`${def.sql} desc nulls last`;
  });
}
