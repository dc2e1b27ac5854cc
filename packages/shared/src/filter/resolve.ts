// Validation + normalisation shared by the in-memory evaluator and the SQL
// compiler. Every semantic decision (which op is allowed, how a value is typed,
// what a relative date or "$me" means, which bound is inclusive) is made HERE,
// once, so the two back-ends only have to implement a handful of primitive
// tests and cannot drift apart.
import {
  DEFAULT_TIME_ZONE,
  FIELD_KINDS,
  FilterError,
  FILTER_ME,
  OPS_BY_KIND,
  parseFilter,
  type FieldCatalog,
  type FieldKind,
  type FilterCondition,
  type FilterContext,
  type FilterNode,
  type FilterOp,
  type FilterValue,
  type RelativeDate,
} from './types.ts';
import {
  addDays,
  isValidTimeZone,
  parseDateOnly,
  parseDateTime,
  relativeDateRange,
  relativeInstantRange,
  startOfZonedDay,
} from './relativeDates.ts';

/**
 * Typed value of a field, per kind: text/select → string; uuid → lower-case
 * string; number → finite number; boolean → boolean; date → 'YYYY-MM-DD';
 * datetime → epoch milliseconds.
 */
export type ResolvedValue = string | number | boolean;
export interface ResolvedBound {
  value: ResolvedValue;
  inclusive: boolean;
}

/**
 * The primitive tests. Each is FALSE when the field value is null/missing,
 * except `empty` (which is about exactly that).
 */
export type ResolvedTest =
  | { op: 'eq'; value: ResolvedValue }
  | { op: 'range'; lo?: ResolvedBound; hi?: ResolvedBound }
  | { op: 'in'; values: ResolvedValue[] }
  | { op: 'like'; mode: 'contains' | 'startsWith'; value: string } // ASCII case-insensitive
  | { op: 'empty' }
  | { op: 'hasAny'; values: string[] } // multiselect: shares at least one option
  | { op: 'sameSet'; values: string[] }; // multiselect: same options, order/duplicates ignored

/**
 * `negate` flips the whole test, so neq / notIn / notContains are TRUE on a
 * null value ("status ≠ won" lists records without a status). isNotEmpty is
 * the negated `empty` test and is therefore false on null.
 */
export interface ResolvedCondition {
  type: 'cond';
  field: string;
  kind: FieldKind;
  negate: boolean;
  test: ResolvedTest;
}
export type ResolvedNode =
  | { type: 'and'; children: ResolvedNode[] }
  | { type: 'or'; children: ResolvedNode[] }
  | { type: 'not'; child: ResolvedNode }
  | ResolvedCondition;

export interface ResolvedFilter {
  root: ResolvedNode;
  /** Zone used to read offset-less datetime strings in records. */
  timeZone: string;
}

interface Env {
  now: Date;
  timeZone: string;
  weekStartsOn: 0 | 1;
  userId: string | null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMERIC_RE = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const NEGATING_OPS: ReadonlySet<FilterOp> = new Set(['neq', 'notIn', 'notContains', 'isNotEmpty']);

/**
 * Validates `filter` against the catalog and resolves it for `ctx`
 * (relative dates against ctx.now in ctx.timeZone, "$me" to ctx.userId).
 * Throws FilterError for anything a user could get wrong.
 */
export function resolveFilter(filter: FilterNode, catalog: FieldCatalog, ctx: FilterContext = {}): ResolvedFilter {
  const env = makeEnv(ctx);
  const root = resolveNode(parseFilter(filter), catalog, env, []);
  return { root, timeZone: env.timeZone };
}

function makeEnv(ctx: FilterContext): Env {
  const timeZone = ctx.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(timeZone)) throw new FilterError('invalid_value', `unknown time zone "${timeZone}"`);
  const now = ctx.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new FilterError('invalid_value', 'ctx.now is an invalid date');
  const weekStartsOn = ctx.weekStartsOn ?? 1;
  if (weekStartsOn !== 0 && weekStartsOn !== 1) throw new FilterError('invalid_value', 'weekStartsOn must be 0 or 1');
  return { now, timeZone, weekStartsOn, userId: ctx.userId ?? null };
}

function resolveNode(node: FilterNode, catalog: FieldCatalog, env: Env, path: (string | number)[]): ResolvedNode {
  if ('and' in node) return { type: 'and', children: node.and.map((c, i) => resolveNode(c, catalog, env, [...path, 'and', i])) };
  if ('or' in node) return { type: 'or', children: node.or.map((c, i) => resolveNode(c, catalog, env, [...path, 'or', i])) };
  if ('not' in node) return { type: 'not', child: resolveNode(node.not, catalog, env, [...path, 'not']) };
  return resolveCondition(node, catalog, env, path);
}

function resolveCondition(c: FilterCondition, catalog: FieldCatalog, env: Env, path: (string | number)[]): ResolvedCondition {
  const { field, op } = c;
  // hasOwn, not `in`: "toString" or "__proto__" must be unknown fields.
  if (!Object.hasOwn(catalog, field)) throw new FilterError('unknown_field', `unknown field "${field}"`, field, path);
  const kind = catalog[field].kind;
  if (!FIELD_KINDS.includes(kind)) throw new Error(`field catalog: "${field}" has invalid kind "${String(kind)}"`);
  if (!OPS_BY_KIND[kind].includes(op)) {
    throw new FilterError('invalid_op', `operator "${op}" is not allowed on ${kind} field "${field}"`, field, path);
  }
  const v = new ValueReader(field, kind, env, [...path, 'value']);
  return { type: 'cond', field, kind, negate: NEGATING_OPS.has(op), test: v.test(op, c.value) };
}

/** A date/datetime operand: a single point, or a half-open range [start, end). */
type Temporal = { point: ResolvedValue } | { start: ResolvedValue; end: ResolvedValue };

class ValueReader {
  constructor(
    private field: string,
    private kind: FieldKind,
    private env: Env,
    private path: (string | number)[],
  ) {}

  private fail(message: string): never {
    throw new FilterError('invalid_value', `field "${this.field}": ${message}`, this.field, this.path);
  }

  test(op: FilterOp, value: FilterValue | undefined): ResolvedTest {
    if (op === 'isEmpty' || op === 'isNotEmpty') return { op: 'empty' };
    if (value === undefined || value === null) return this.fail(`operator "${op}" needs a value`);
    const kind = this.kind;
    const temporal = kind === 'date' || kind === 'datetime';
    switch (op) {
      case 'eq':
      case 'neq': {
        if (kind === 'multiselect') return { op: 'sameSet', values: this.list(value).map((x) => this.option(x)) };
        if (!temporal) return { op: 'eq', value: this.scalar(value) };
        const t = this.temporal(value);
        return 'point' in t ? { op: 'eq', value: t.point } : { op: 'range', lo: lower(t, false), hi: upper(t, false) };
      }
      case 'gt':
      case 'gte':
        return { op: 'range', lo: lower(this.operand(value), op === 'gt') };
      case 'lt':
      case 'lte':
        return { op: 'range', hi: upper(this.operand(value), op === 'lt') };
      case 'between': {
        if (temporal && isRelative(value)) {
          const t = this.temporal(value);
          return { op: 'range', lo: lower(t, false), hi: upper(t, false) };
        }
        if (!Array.isArray(value) || value.length !== 2) return this.fail('"between" needs [low, high]');
        // Inclusive on both ends; a range operand contributes its whole extent.
        return { op: 'range', lo: lower(this.operand(value[0]), false), hi: upper(this.operand(value[1]), false) };
      }
      case 'in':
      case 'notIn':
        if (kind === 'multiselect') return { op: 'hasAny', values: this.list(value).map((x) => this.option(x)) };
        return { op: 'in', values: this.list(value).map((x) => this.scalar(x)) };
      case 'contains':
      case 'notContains':
        if (kind === 'multiselect') return { op: 'hasAny', values: [this.option(value)] };
        return { op: 'like', mode: 'contains', value: this.string(value) };
      case 'startsWith':
        return { op: 'like', mode: 'startsWith', value: this.string(value) };
    }
    return this.fail(`unsupported operator "${String(op)}"`);
  }

  private list(value: FilterValue): (FilterValue & {})[] {
    if (!Array.isArray(value)) return this.fail('expected an array of values');
    return value;
  }

  private string(value: FilterValue): string {
    if (typeof value !== 'string') return this.fail('expected a string');
    return value;
  }

  private option(value: FilterValue): string {
    return this.string(value);
  }

  /** gt/gte/lt/lte/between operand: temporal for dates, a point otherwise. */
  private operand(value: FilterValue): Temporal {
    return this.kind === 'date' || this.kind === 'datetime' ? this.temporal(value) : { point: this.scalar(value) };
  }

  private scalar(value: FilterValue): ResolvedValue {
    switch (this.kind) {
      case 'text':
      case 'select':
        return this.string(value);
      case 'uuid': {
        let s = this.string(value);
        if (s === FILTER_ME) {
          if (!this.env.userId) return this.fail('"$me" needs a signed-in user');
          s = this.env.userId;
        }
        if (!UUID_RE.test(s)) return this.fail(`"${s}" is not a UUID`);
        return s.toLowerCase();
      }
      case 'number': {
        const n = parseNumber(value);
        if (n === null) return this.fail('expected a number');
        return n;
      }
      case 'boolean':
        if (typeof value !== 'boolean') return this.fail('expected true or false');
        return value;
      case 'multiselect':
        return this.string(value);
      case 'date':
      case 'datetime': {
        const t = this.temporal(value);
        if (!('point' in t)) return this.fail('expected a single date, not a range');
        return t.point;
      }
    }
  }

  /**
   * date: 'YYYY-MM-DD' or a relative date.
   * datetime: ISO instant with offset; offset-less local time (read in
   * ctx.timeZone); 'YYYY-MM-DD' = that whole day in ctx.timeZone; or a
   * relative date.
   */
  private temporal(value: FilterValue): Temporal {
    const { kind, env } = this;
    if (isRelative(value)) {
      const opts = { now: env.now, timeZone: env.timeZone, weekStartsOn: env.weekStartsOn };
      return kind === 'date' ? relativeDateRange(value, opts) : relativeInstantRange(value, opts);
    }
    if (typeof value !== 'string') return this.fail('expected a date string or a relative date');
    const day = parseDateOnly(value);
    if (kind === 'date') {
      if (day === null) return this.fail(`"${value}" is not a YYYY-MM-DD date`);
      return { point: day };
    }
    if (day !== null) {
      // the day after must still be a 4-digit-year date
      if (day === '9999-12-31') return this.fail('dates after 9999-12-30 are not supported here');
      return { start: startOfZonedDay(day, env.timeZone), end: startOfZonedDay(addDays(day, 1), env.timeZone) };
    }
    const t = parseDateTime(value, env.timeZone);
    if (t === null || new Date(t).getUTCFullYear() < 1000 || new Date(t).getUTCFullYear() > 9999) {
      return this.fail(`"${value}" is not an ISO date-time`);
    }
    return { point: t };
  }
}

/**
 * Finite number from a number, bigint or decimal string (pg returns numeric
 * as text); null otherwise. No hex/Infinity/'' surprises from Number().
 */
export function parseNumber(value: unknown): number | null {
  const n =
    typeof value === 'number' ? value
    : typeof value === 'bigint' ? Number(value)
    : typeof value === 'string' && NUMERIC_RE.test(value) ? Number(value)
    : NaN;
  return Number.isFinite(n) ? n : null;
}

function isRelative(v: unknown): v is RelativeDate {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'relative' in v;
}

/** Lower bound for gt (strict) / gte: after a range means at or after its (exclusive) end. */
function lower(t: Temporal, strict: boolean): ResolvedBound {
  if ('point' in t) return { value: t.point, inclusive: !strict };
  return strict ? { value: t.end, inclusive: true } : { value: t.start, inclusive: true };
}
/** Upper bound for lt (strict) / lte: before a range means before its start. */
function upper(t: Temporal, strict: boolean): ResolvedBound {
  if ('point' in t) return { value: t.point, inclusive: !strict };
  return strict ? { value: t.start, inclusive: false } : { value: t.end, inclusive: false };
}
