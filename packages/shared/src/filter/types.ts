// The ONE filter language of Loopline: a JSON tree shared by list views, saved
// views, assignment rules, automations and reports. This file holds the types,
// the zod schema and the error type; semantics live in resolve.ts.
import { z } from 'zod';

export const FIELD_KINDS = [
  'text',
  'number',
  'date',
  'datetime',
  'boolean',
  'select',
  'multiselect',
  'uuid',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export const FILTER_OPS = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'notIn',
  'contains',
  'notContains',
  'startsWith',
  'isEmpty',
  'isNotEmpty',
  'between',
] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

/** Which operators each field kind accepts (also what the UI should offer). */
export const OPS_BY_KIND: Record<FieldKind, readonly FilterOp[]> = {
  text: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'contains', 'notContains', 'startsWith', 'isEmpty', 'isNotEmpty'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'between', 'isEmpty', 'isNotEmpty'],
  date: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'],
  datetime: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'],
  boolean: ['eq', 'neq', 'isEmpty', 'isNotEmpty'],
  select: ['eq', 'neq', 'in', 'notIn', 'isEmpty', 'isNotEmpty'],
  multiselect: ['eq', 'neq', 'contains', 'notContains', 'in', 'notIn', 'isEmpty', 'isNotEmpty'],
  uuid: ['eq', 'neq', 'in', 'notIn', 'isEmpty', 'isNotEmpty'],
};

export const RELATIVE_DATE_KINDS = [
  'today',
  'yesterday',
  'tomorrow',
  'thisWeek',
  'lastWeek',
  'nextWeek',
  'thisMonth',
  'lastMonth',
  'nextMonth',
  'thisQuarter',
  'lastQuarter',
  'nextQuarter',
  'thisYear',
  'lastYear',
  'nextYear',
  'lastNDays',
  'nextNDays',
] as const;
export type RelativeDateKind = (typeof RELATIVE_DATE_KINDS)[number];

/** A date range relative to ctx.now, e.g. `{ relative: 'lastNDays', n: 7 }`. */
export interface RelativeDate {
  relative: RelativeDateKind;
  /** Required for lastNDays / nextNDays, forbidden otherwise. */
  n?: number;
}

export type FilterScalar = string | number | boolean;
/**
 * - scalar for eq/neq/gt/…/contains;
 * - array for in/notIn, multiselect eq, and between `[low, high]`
 *   (elements of a date/datetime `between` may be relative dates);
 * - RelativeDate for date/datetime comparisons;
 * - null is accepted by the schema only so isEmpty/isNotEmpty payloads like
 *   `{ value: null }` from forms validate (the value is ignored there).
 */
export type FilterValue = FilterScalar | null | RelativeDate | Array<FilterScalar | RelativeDate>;

export interface FilterCondition {
  field: string;
  op: FilterOp;
  value?: FilterValue;
}
export type FilterNode = { and: FilterNode[] } | { or: FilterNode[] } | { not: FilterNode } | FilterCondition;

export interface FieldDef {
  kind: FieldKind;
}
/** Keys are field keys as used in filters, e.g. `name` or `custom.budget`. */
export type FieldCatalog = Record<string, FieldDef>;

export interface FilterContext {
  /** Reference instant for relative dates. Default: `new Date()` at resolve time. */
  now?: Date;
  /** IANA zone in which "today", "this week", … are computed. Default 'Asia/Shanghai'. */
  timeZone?: string;
  /** 1 = Monday (default, Chinese/ISO convention), 0 = Sunday. */
  weekStartsOn?: 0 | 1;
  /** Resolves the special uuid value "$me". */
  userId?: string | null;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const FILTER_ME = '$me';

export type FilterErrorCode = 'invalid_filter' | 'too_complex' | 'unknown_field' | 'invalid_op' | 'invalid_value';

/** Any problem with a user-supplied filter or sort. The API layer maps it to HTTP 400. */
export class FilterError extends Error {
  readonly code: FilterErrorCode;
  /** The offending field key, when the problem is tied to one. */
  readonly field: string | null;
  /** Location in the tree, e.g. `['and', 1, 'value']`. */
  readonly path: (string | number)[];

  constructor(code: FilterErrorCode, message: string, field: string | null = null, path: (string | number)[] = []) {
    super(message);
    this.name = 'FilterError';
    this.code = code;
    this.field = field;
    this.path = path;
  }
}

// ---------------------------------------------------------------- zod schema

// Limits keep a hostile payload from costing more than a normal one.
export const MAX_FILTER_DEPTH = 10;
export const MAX_FILTER_NODES = 500;
const MAX_LIST_LENGTH = 1000;
const MAX_STRING_LENGTH = 1000;
const MAX_RELATIVE_N = 10_000;

const N_DAYS: ReadonlySet<RelativeDateKind> = new Set(['lastNDays', 'nextNDays']);

export const relativeDateSchema = z
  .strictObject({
    relative: z.enum(RELATIVE_DATE_KINDS),
    n: z.number().int().min(1).max(MAX_RELATIVE_N).optional(),
  })
  .refine((v) => N_DAYS.has(v.relative) === (v.n !== undefined), {
    message: 'n is required for lastNDays/nextNDays and not allowed for other relative dates',
  });

const scalarSchema = z.union([z.string().max(MAX_STRING_LENGTH), z.number(), z.boolean()]);
export const filterValueSchema = z.union([
  scalarSchema,
  z.null(),
  relativeDateSchema,
  z.array(z.union([scalarSchema, relativeDateSchema])).max(MAX_LIST_LENGTH),
]);

export const filterConditionSchema = z.strictObject({
  field: z.string().min(1).max(200),
  op: z.enum(FILTER_OPS),
  value: filterValueSchema.optional(),
});

const nodeSchema: z.ZodType<FilterNode> = z.lazy(() =>
  z.union([
    filterConditionSchema,
    z.strictObject({ and: z.array(nodeSchema) }),
    z.strictObject({ or: z.array(nodeSchema) }),
    z.strictObject({ not: nodeSchema }),
  ]),
);

/**
 * The recursive schema behind an iterative depth/size guard: zod recurses per
 * nesting level and overflows the stack at a few thousand levels (a ~20 KB
 * payload), so deep input must be rejected before it gets there. A preprocess
 * (not a refine) is used because zod's JSON Schema output (OpenAPI) then shows
 * the real node schema for both request and response.
 */
export const filterNodeSchema: z.ZodType<FilterNode> = z.preprocess((value, ctx) => {
  const issue = complexityIssue(value);
  if (issue) ctx.addIssue({ code: 'custom', message: issue, input: value });
  return value;
}, nodeSchema);

/** Iterative (no recursion) size/depth check, run before any recursive walk. */
function complexityIssue(input: unknown): string | null {
  const stack: { v: unknown; depth: number }[] = [{ v: input, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) continue;
    if (++nodes > MAX_FILTER_NODES) return `filter has more than ${MAX_FILTER_NODES} nodes`;
    if (depth > MAX_FILTER_DEPTH) return `filter is nested deeper than ${MAX_FILTER_DEPTH} levels`;
    const o = v as Record<string, unknown>;
    for (const key of ['and', 'or'] as const) {
      const children = o[key];
      if (Array.isArray(children)) {
        if (children.length > MAX_FILTER_NODES) return `filter has more than ${MAX_FILTER_NODES} nodes`;
        for (const c of children) stack.push({ v: c, depth: depth + 1 });
      }
    }
    if ('not' in o) stack.push({ v: o.not, depth: depth + 1 });
  }
  return null;
}

export const sortSpecSchema = z.array(
  z.strictObject({ field: z.string().min(1).max(200), dir: z.enum(['asc', 'desc']) }),
).max(10);
export type SortSpec = z.infer<typeof sortSpecSchema>[number];

/**
 * Structural validation of untrusted JSON; throws FilterError (never ZodError).
 * Same rules as filterNodeSchema, but walks the groups itself so the error
 * names the exact offending node instead of zod's generic "invalid union".
 */
export function parseFilter(input: unknown): FilterNode {
  const complexity = complexityIssue(input);
  if (complexity) throw new FilterError('too_complex', complexity);
  return parseNode(input, []);
}

function parseNode(v: unknown, path: (string | number)[]): FilterNode {
  const fail = (msg: string, p = path, field: string | null = null): never => {
    throw new FilterError('invalid_filter', `invalid filter${p.length ? ` at ${p.join('.')}` : ''}: ${msg}`, field, p);
  };
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return fail('expected an object');
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  for (const key of ['and', 'or'] as const) {
    if (!(key in o)) continue;
    if (keys.length !== 1) fail(`a "${key}" group must have no other keys`);
    const children = o[key];
    if (!Array.isArray(children)) return fail(`"${key}" must be an array`);
    const parsed = children.map((c, i) => parseNode(c, [...path, key, i]));
    return key === 'and' ? { and: parsed } : { or: parsed };
  }
  if ('not' in o) {
    if (keys.length !== 1) fail('a "not" node must have no other keys');
    return { not: parseNode(o.not, [...path, 'not']) };
  }
  const r = filterConditionSchema.safeParse(o);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = typeof o.field === 'string' ? o.field : null;
  return fail(issue.message, [...path, ...(issue.path as (string | number)[])], field);
}
