// In-memory evaluation of a filter on a plain record. Must agree exactly with
// the SQL compiler (apps/server/src/platform/filters/compile.ts); the
// agreement is checked by a property-based test against PostgreSQL.
import type { FieldCatalog, FieldKind, FilterContext, FilterNode } from './types.ts';
import { parseNumber, resolveFilter, type ResolvedValue, type ResolvedCondition, type ResolvedFilter, type ResolvedNode } from './resolve.ts';
import { parseDateOnly, parseDateTime, startOfZonedDay } from './relativeDates.ts';

export type FilterPredicate = (record: object) => boolean;

/**
 * Validates and resolves once, returns a fast predicate. Relative dates are
 * fixed at creation time (ctx.now), so re-create it for long-lived use.
 */
export function toFilterPredicate(filter: FilterNode, catalog: FieldCatalog, ctx?: FilterContext): FilterPredicate {
  const resolved = resolveFilter(filter, catalog, ctx);
  return (record) => evaluateResolvedFilter(resolved, record);
}

export function evaluateFilter(filter: FilterNode, record: object, catalog: FieldCatalog, ctx?: FilterContext): boolean {
  return evaluateResolvedFilter(resolveFilter(filter, catalog, ctx), record);
}

export function evaluateResolvedFilter(resolved: ResolvedFilter, record: object): boolean {
  return evalNode(resolved.root, record, resolved.timeZone);
}

function evalNode(n: ResolvedNode, record: object, tz: string): boolean {
  switch (n.type) {
    case 'and':
      return n.children.every((c) => evalNode(c, record, tz)); // [] → true
    case 'or':
      return n.children.some((c) => evalNode(c, record, tz)); // [] → false
    case 'not':
      return !evalNode(n.child, record, tz);
    case 'cond': {
      const v = coerceFieldValue(n.kind, readField(record, n.field), tz);
      return n.negate !== positive(n, v);
    }
  }
}

type Coerced = ResolvedValue | unknown[] | null;

/** The un-negated test; false on null except for `empty`. */
function positive(c: ResolvedCondition, v: Coerced): boolean {
  const t = c.test;
  if (t.op === 'empty') return v === null || v === '' || (Array.isArray(v) && v.length === 0);
  if (v === null) return false;
  switch (t.op) {
    case 'eq':
      return v === t.value;
    case 'in':
      return t.values.includes(v as ResolvedValue);
    case 'range': {
      const lo = !t.lo || compare(c.kind, v as ResolvedValue, t.lo.value) >= (t.lo.inclusive ? 0 : 1);
      const hi = !t.hi || compare(c.kind, v as ResolvedValue, t.hi.value) <= (t.hi.inclusive ? 0 : -1);
      return lo && hi;
    }
    case 'like': {
      const s = asciiLower(v as string);
      const needle = asciiLower(t.value);
      return t.mode === 'contains' ? s.includes(needle) : s.startsWith(needle);
    }
    case 'hasAny':
      return (v as unknown[]).some((x) => t.values.includes(x as string));
    case 'sameSet': {
      const arr = v as unknown[];
      return arr.every((x) => t.values.includes(x as string)) && t.values.every((x) => arr.includes(x));
    }
  }
}

/** Sign of a-b. Text is compared by code point = UTF-8 byte order = PostgreSQL `COLLATE "C"`. */
function compare(kind: FieldKind, a: ResolvedValue, b: ResolvedValue): number {
  if (kind === 'text') return compareCodePoints(a as string, b as string);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Code-point order of two strings. Plain `<` compares UTF-16 code units,
 * which puts astral characters (surrogates D800–DFFF) before U+E000–U+FFFF;
 * UTF-8 byte order (and so PostgreSQL's "C" collation) puts them after.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Classic fix-up: move surrogates above the rest of the BMP.
    if (x >= 0xd800 && y >= 0xd800) {
      x += x >= 0xe000 ? -0x800 : 0x2000;
      y += y >= 0xe000 ? -0x800 : 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Case folding for contains/startsWith: ASCII A–Z only. This is what
 * PostgreSQL's ILIKE does under `COLLATE "C"`, and it is independent of the
 * database locale (default ILIKE folds É/é on some servers and not on
 * others), so memory and SQL agree everywhere. Chinese has no case.
 */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** Reads `custom.budget` as record.custom?.budget (own properties only). */
export function readField(record: object, key: string): unknown {
  let cur: unknown = record;
  for (const part of key.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/**
 * Normalises a raw record value to the representation used by resolve.ts.
 * Anything unusable becomes null (= "no value"), mirroring SQL NULL.
 */
export function coerceFieldValue(kind: FieldKind, raw: unknown, timeZone: string): Coerced {
  if (raw === null || raw === undefined) return null;
  switch (kind) {
    case 'text':
    case 'select':
      // numbers/booleans read from JSON behave like jsonb ->> (text form)
      return typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : null;
    case 'uuid':
      return typeof raw === 'string' ? raw.toLowerCase() : null;
    case 'number':
      return parseNumber(raw);
    case 'boolean':
      return typeof raw === 'boolean' ? raw : null;
    case 'multiselect':
      return Array.isArray(raw) ? raw : null;
    case 'date':
      if (raw instanceof Date) {
        // node-pg parses `date` as LOCAL midnight, so read local fields.
        if (Number.isNaN(raw.getTime())) return null;
        const p = (x: number) => String(x).padStart(2, '0');
        return parseDateOnly(`${raw.getFullYear()}-${p(raw.getMonth() + 1)}-${p(raw.getDate())}`);
      }
      // 'YYYY-MM-DD', optionally followed by a time part
      return typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}(?:$|[T ])/.test(raw) ? parseDateOnly(raw.slice(0, 10)) : null;
    case 'datetime': {
      if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.getTime();
      if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
      if (typeof raw !== 'string') return null;
      const day = parseDateOnly(raw);
      return day !== null ? startOfZonedDay(day, timeZone) : parseDateTime(raw, timeZone);
    }
  }
}
